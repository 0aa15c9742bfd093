/**
 * A sign-in that cannot renew itself (Personicle's implicit flow has no
 * refresh token) ends when its token does. A little before that, the card
 * says so: a long first sync would otherwise stop halfway without warning.
 */

/** How long before the end the warning shows. */
export const WARN_BEFORE_SECS = 15 * 60;

/** Whole minutes left, at least 1 while any time is left. */
function minutesLeft(expiresAt: number, now: number): number {
  return Math.max(1, Math.ceil((expiresAt - now) / 60));
}

/**
 * The warning for a sign-in ending at `expiresAt`, or null while it is far
 * off. `at` is the end as a clock time in the viewer's zone.
 */
export function expiryWarning(name: string, expiresAt: number | null, now: number, syncing: boolean, at: string): string | null {
  if (expiresAt === null || expiresAt - now > WARN_BEFORE_SECS) return null;
  if (expiresAt <= now) {
    return `Your ${name} sign-in ended at ${at}, and ${name} cannot renew it. Sign in again before the next sync; your data is kept.`;
  }
  const left = `Your ${name} sign-in ends in ${String(minutesLeft(expiresAt, now))} min (at ${at}), and ${name} cannot renew it.`;
  return syncing
    ? `${left} Sign in again now and this sync goes on; otherwise it stops there, keeping what it fetched.`
    : `${left} Sign in again before the next sync; your data is kept.`;
}
