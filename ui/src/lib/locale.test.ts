import { describe, expect, it } from 'vitest';
import { validLanguage } from './locale';

describe('validLanguage', () => {
  it('keeps real language tags', () => {
    expect(validLanguage('fr-FR')).toBe('fr-FR');
    expect(validLanguage('en-gb')).toBe('en-GB');
  });

  it('replaces the POSIX locale and empty values that Intl rejects', () => {
    expect(validLanguage('C')).toBe('en-US');
    expect(validLanguage('POSIX')).toBe('en-US');
    expect(validLanguage('C.UTF-8')).toBe('en-US');
    expect(validLanguage('')).toBe('en-US');
    expect(validLanguage(undefined)).toBe('en-US');
  });
});
