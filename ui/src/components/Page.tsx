/** The frame of a data page: title, the shared range bar, and the no-data state. */
import type { ComponentChildren } from 'preact';
import type { Comparison } from '../lib/compare';
import { appInfoStore } from '../state/data';
import { useStore } from '../state/store';
import { NoDataState } from './EmptyState';
import { RangeBar } from './RangeBar';

interface Props {
  title: string;
  /** Hide the range bar (pages that do not depend on the range). */
  noRange?: boolean;
  /** Show content even with an empty store (settings, connections). */
  always?: boolean;
  /** Extra content at the right of the title (e.g. a save status). */
  actions?: ComponentChildren;
  children?: ComponentChildren;
}

/**
 * One element for every page: Preact skips re-rendering an element it has
 * already rendered, so a page re-rendering on each query answer leaves the
 * range bar alone (it still follows the range store it subscribes to).
 */
const RANGE_BAR = <RangeBar />;

export function Page({ title, noRange, always, actions, children }: Props) {
  const info = useStore(appInfoStore);
  const empty = info !== null && !info.has_data && !always;
  return (
    <div class="page">
      <header class="page__head">
        <h1>{title}</h1>
        {actions}
        {!noRange && !empty && RANGE_BAR}
      </header>
      {empty ? <NoDataState /> : children}
    </div>
  );
}

export interface StatItem {
  label: string;
  value: string;
  detail?: string | undefined;
  testId?: string | undefined;
  /** The same statistic over the previous period; nothing is shown without one. */
  compare?: Comparison | null | undefined;
  /** Below the value, e.g. the goal's in-place editor. */
  extra?: ComponentChildren;
}

/** The arrows are drawn; a screen reader hears "up" and "down". */
function spoken(text: string): string {
  return text.replace('▲', 'up').replace('▼', 'down');
}

export function Stats({ items }: { items: readonly StatItem[] }) {
  return (
    <dl class={`stats stats--${String(Math.min(items.length, 6))}`}>
      {items.map((s) => (
        <div key={s.label} class="stats__item" data-testid={s.testId}>
          <dt>{s.label}</dt>
          <dd>
            <span class="stats__value">{s.value}</span>
            {s.detail && <span class="stats__detail">{s.detail}</span>}
            {/* Inside the one <dd>: a tile stays one term and one description. */}
            {s.compare && (
              <span class={`stats__compare stats__compare--${s.compare.direction}`} data-testid={s.testId && `${s.testId}-compare`}>
                <span aria-hidden="true">{s.compare.text}</span>
                <span class="visually-hidden">{spoken(s.compare.text)}</span>
              </span>
            )}
            {s.extra && <span class="stats__extra">{s.extra}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
