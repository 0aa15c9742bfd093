/**
 * Connection errors in plain words: what happened and what to do. The
 * backend's own text (written for logs and the CLI) stays available as the
 * details. Known cases are recognised by the backend's wording; anything
 * else still gets a sentence and keeps its raw text.
 */
import type { ErrorKind } from '../ipc';

export interface Explained {
  /** What happened, one short sentence. */
  what: string;
  /** What to do about it, one short sentence. */
  todo: string;
  /** The backend's text, for "Details". */
  raw: string;
  /** Shown by the paste field: the pasted address was the problem. */
  atPaste: boolean;
  /** The provider no longer accepts the saved sign-in. */
  signInAgain: boolean;
}

interface Case {
  test: (raw: string, kind: ErrorKind | null) => boolean;
  what: (name: string) => string;
  todo: (name: string) => string;
  atPaste?: boolean;
  signInAgain?: boolean;
}

const has = (pattern: RegExp) => (raw: string) => pattern.test(raw);

// First match wins: the paste cases come before the generic "refused".
const CASES: Case[] = [
  {
    test: has(/access_denied/),
    what: (name) => `You declined access in ${name}.`,
    todo: () => 'Press Connect to try again.',
  },
  {
    test: has(/pasted URL has no `state`|pasted URL's state does not match/),
    what: (name) => `That address is not the page ${name} sent you to.`,
    todo: () => 'After you press Allow, copy the address from the browser’s address bar and paste it here.',
    atPaste: true,
  },
  {
    test: has(/pasted URL is the sign-in link itself/),
    what: () => 'That is the sign-in link itself.',
    todo: () => 'Open it, press Allow, then paste the address the browser shows after that.',
    atPaste: true,
  },
  {
    test: has(/pasted text is not a URL/),
    what: () => 'That is not a web address.',
    todo: () => 'Copy the whole address from the browser’s address bar.',
    atPaste: true,
  },
  {
    test: has(/pasted URL has no `(code|access_token)`/),
    what: (name) => `That address does not carry the sign-in from ${name}.`,
    todo: () => 'Paste the address the browser shows after you press Allow.',
    atPaste: true,
  },
  {
    test: (raw, kind) => kind === 'not_configured' || raw.includes('has no client ID'),
    what: (name) => `Healthdash does not know your ${name} app yet.`,
    todo: () => 'Follow the three steps below, then press Connect.',
  },
  {
    test: (raw, kind) => kind === 'needs_sign_in' || /sign in again|invalid_grant|refused the sign-in/.test(raw),
    what: (name) => `${name} no longer accepts the saved sign-in.`,
    todo: () => 'Press “Sign in again”. Your data on this computer is kept.',
    signInAgain: true,
  },
  {
    test: has(/too many requests|slow down|rate.?limit|\b429\b|status 601/i),
    what: (name) => `${name} asked Healthdash to slow down.`,
    todo: () => 'Wait a few minutes, then try again.',
  },
  {
    // Some streams failed, the others were stored (the account's last error after such a run).
    test: has(/of \d+ streams failed/),
    what: (name) => `Some of your ${name} data could not be fetched; the rest arrived.`,
    todo: () => 'The next sync tries again, or press “Sync now”.',
  },
  {
    test: has(/sign-in timed out/),
    what: (name) => `The sign-in waited too long for ${name}.`,
    todo: () => 'Press Connect to start again.',
  },
  {
    test: has(/could not (connect|reach)|connection refused|tcp connect|dns error|error sending request|timed out|network/i),
    what: (name) => `Can’t reach ${name}.`,
    todo: () => 'Check that this computer is online, then try again.',
  },
];

/** `raw` (an error from the backend about `name`) as what happened and what to do. */
export function explainError(raw: string, kind: ErrorKind | null, name: string): Explained {
  const known = CASES.find((c) => c.test(raw, kind));
  if (known === undefined) {
    return { what: `Something went wrong with ${name}.`, todo: 'Try again. If it keeps happening, the details say what went wrong.', raw, atPaste: false, signInAgain: false };
  }
  return { what: known.what(name), todo: known.todo(name), raw, atPaste: known.atPaste ?? false, signInAgain: known.signInAgain ?? false };
}
