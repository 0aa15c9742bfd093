/** Small value tiles: a label, the value, and a line of context (its date, a change). */
export interface Tile {
  label: string;
  value: string;
  /** A muted line below the value. */
  detail?: string | undefined;
  testId?: string | undefined;
}

export function Tiles({ items, label }: { items: readonly Tile[]; label: string }) {
  if (items.length === 0) return null;
  return (
    <dl class="tiles" aria-label={label}>
      {items.map((t) => (
        <div key={t.label} class="tiles__item" data-testid={t.testId}>
          <dt>{t.label}</dt>
          <dd>
            <span class="tiles__value">{t.value}</span>
            {t.detail && <span class="tiles__detail">{t.detail}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** "18 Mar" (with the year when it is not this year's): short enough for a tile's second line. */
export function shortDay(t: number, zone: string, now = Date.now() / 1000): string {
  const sameYear = new Date(t * 1000).getUTCFullYear() === new Date(now * 1000).getUTCFullYear();
  return new Intl.DateTimeFormat(undefined, { timeZone: zone, day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) }).format(
    new Date(t * 1000),
  );
}
