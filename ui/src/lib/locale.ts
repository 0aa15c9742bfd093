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
