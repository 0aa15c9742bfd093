import { describe, expect, it } from 'vitest';
import { explainError } from './explain';

// The backend's own wording, as it reaches the page.
const DENIED = 'the provider refused: access_denied (the user pressed Deny)';
const NO_STATE = 'the pasted URL has no `state` parameter (copy the address of the page the provider sent you to)';
const UNREACHABLE =
  'withings: getdevice failed after 6 attempts: could not connect: client error (Connect): tcp connect error: Connection refused (os error 111)';
const REFUSED = 'Withings needs you to sign in again (the provider refused the refresh token: invalid_grant); your cached data is kept';
const SLOW = 'Withings asks us to slow down (too many requests); try again in a minute';

describe('explainError', () => {
  it('says what happened and what to do for each known case', () => {
    expect(explainError(DENIED, 'sign_in', 'Withings')).toMatchObject({
      what: 'You declined access in Withings.',
      todo: 'Press Connect to try again.',
      raw: DENIED,
      atPaste: false,
    });
    expect(explainError(NO_STATE, 'sign_in', 'Withings')).toMatchObject({ what: 'That address is not the page Withings sent you to.', atPaste: true });
    expect(explainError(UNREACHABLE, 'provider', 'Withings')).toMatchObject({ what: 'Can’t reach Withings.', todo: 'Check that this computer is online, then try again.' });
    expect(explainError(REFUSED, 'needs_sign_in', 'Withings')).toMatchObject({ what: 'Withings no longer accepts the saved sign-in.', signInAgain: true });
    expect(explainError(SLOW, 'provider', 'Withings')).toMatchObject({ what: 'Withings asked Healthdash to slow down.' });
    expect(explainError('Withings: 1 of 6 streams failed (sleep: HTTP 500); what the others fetched is kept', null, 'Withings').what).toBe(
      'Some of your Withings data could not be fetched; the rest arrived.',
    );
    expect(explainError('sign-in timed out after 15 min waiting for the browser', 'sign_in', 'Withings').what).toBe('The sign-in waited too long for Withings.');
  });

  it('keeps an unknown error as details under a plain sentence', () => {
    const e = explainError('database is locked', 'database', 'Withings');
    expect(e.what).toBe('Something went wrong with Withings.');
    expect(e.raw).toBe('database is locked');
    expect(e.signInAgain).toBe(false);
  });
});
