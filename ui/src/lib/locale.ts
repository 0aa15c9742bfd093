/**
 * A valid BCP 47 tag for `tag`, or `en-US` for the POSIX locale (`C`,
 * `POSIX`, which some webviews report when LANG is unset) and anything else
 * Intl would reject.
 */
export function validLanguage(tag: string | undefined): string {
  if (!tag || /^(c|posix)([._@].*)?$/i.test(tag)) return 'en-US';
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

let lastTag: string | undefined;
let lastLocale = 'en-US';

/**
 * The locale every number, date and time on screen is formatted with: the
 * viewer's language, guarded by `validLanguage`. Passing it explicitly
 * matters: `toLocaleString(undefined)` uses the engine's default locale,
 * which under LANG=C is the POSIX one and prints 10000 with no separator.
 */
export function appLocale(): string {
  const tag = typeof navigator === 'undefined' ? undefined : navigator.language;
  if (tag !== lastTag) {
    lastTag = tag;
    lastLocale = validLanguage(tag);
  }
  return lastLocale;
}
