/** A running sync's streams as a checklist under its progress bar. */
import { positionUnit } from '../lib/connections';
import { formatNumber } from '../lib/format';
import type { StepState, SyncStep } from '../lib/syncSteps';

const MARK: Record<StepState, string> = { waiting: '○', running: '•', done: '✓', failed: '✕', skipped: '–' };
const SAID: Record<StepState, string> = { waiting: 'waiting', running: 'fetching', done: 'done', failed: 'failed', skipped: 'not reached' };

export function SyncSteps({ steps }: { steps: readonly SyncStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol class="sync-steps" aria-label="What this sync fetches" data-testid="sync-steps">
      {steps.map((step) => (
        <li key={step.id} class={`sync-steps__step sync-steps__step--${step.state}`} data-state={step.state}>
          <span class="sync-steps__mark" aria-hidden="true">
            {MARK[step.state]}
          </span>
          <span>{step.label}</span>
          {step.state === 'running' && step.position && (
            <span class="sync-steps__where">
              {formatNumber(Math.min(step.position[0], step.position[1]))} of {formatNumber(step.position[1])} {positionUnit(step.id)}
            </span>
          )}
          <span class="visually-hidden">: {SAID[step.state]}</span>
        </li>
      ))}
    </ol>
  );
}
