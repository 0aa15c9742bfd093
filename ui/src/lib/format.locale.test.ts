/**
 * Numbers under the POSIX locale: WebKitGTK reports navigator.language "C"
 * (or nothing) when LANG=C.UTF-8, and the engine's default locale then
 * prints 10000 with no separator. The app's formatter must not follow it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatNumber } from './format';
import { appLocale } from './locale';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('formatNumber under a POSIX locale', () => {
  for (const language of ['C', '', 'POSIX', 'C.UTF-8']) {
    it(`keeps thousands separators when navigator.language is ${JSON.stringify(language)}`, () => {
      vi.stubGlobal('navigator', { language });
      expect(appLocale()).toBe('en-US');
      expect(formatNumber(10000)).toBe('10,000');
      expect(formatNumber(462391)).toBe('462,391');
      expect(formatNumber(1234.567, 1)).toBe('1,234.6');
    });
  }

  it('follows a real language when there is one', () => {
    vi.stubGlobal('navigator', { language: 'de-DE' });
    expect(formatNumber(10000)).toBe('10.000');
    expect(formatNumber(72.45, 1)).toBe('72,5');
  });
});
