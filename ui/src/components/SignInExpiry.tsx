/**
 * The card's warning that a sign-in which cannot renew itself (Personicle)
 * ends soon, with "Sign in again". A sign-in during a sync lets that sync
 * go on: its next request finds the new token in the secret store.
 */
import { viewerZone, type ProviderStatus } from '../ipc';
import { expiryWarning } from '../lib/signInExpiry';
import { formatTime } from '../lib/time';
import { connect } from '../state/connections';

export function SignInExpiry({ p, now, syncing, signingIn }: { p: ProviderStatus; now: number; syncing: boolean; signingIn: boolean }) {
  if (p.status !== 'connected' || signingIn || p.sign_in_expires_at === null) return null;
  const text = expiryWarning(p.name, p.sign_in_expires_at, now, syncing, formatTime(p.sign_in_expires_at, viewerZone()));
  if (text === null) return null;
  return (
    <div class="provider__panel sign-in-expiry" role="status" data-testid="sign-in-expiry">
      <span>{text}</span>
      <button type="button" class="button button--small" onClick={() => void connect(p.id)}>
        Sign in again
      </button>
    </div>
  );
}
