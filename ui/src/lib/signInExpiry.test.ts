import { describe, expect, it } from 'vitest';
import { WARN_BEFORE_SECS, expiryWarning } from './signInExpiry';

const NOW = 1_773_822_600; // 2026-03-18T08:30:00Z

describe('expiryWarning', () => {
  it('says nothing while the end is far off, or for a sign-in that renews itself', () => {
    expect(expiryWarning('Personicle', NOW + WARN_BEFORE_SECS + 1, NOW, true, '08:46')).toBeNull();
    expect(expiryWarning('Personicle', null, NOW, true, '')).toBeNull();
  });

  it('counts the minutes left and says what a sign-in now does to a running sync', () => {
    expect(expiryWarning('Personicle', NOW + 8 * 60 - 10, NOW, true, '08:38')).toBe(
      'Your Personicle sign-in ends in 8 min (at 08:38), and Personicle cannot renew it. Sign in again now and this sync goes on; otherwise it stops there, keeping what it fetched.',
    );
    expect(expiryWarning('Personicle', NOW + 20, NOW, false, '08:30')).toBe(
      'Your Personicle sign-in ends in 1 min (at 08:30), and Personicle cannot renew it. Sign in again before the next sync; your data is kept.',
    );
  });

  it('says when it has ended', () => {
    expect(expiryWarning('Personicle', NOW - 60, NOW, false, '08:29')).toBe(
      'Your Personicle sign-in ended at 08:29, and Personicle cannot renew it. Sign in again before the next sync; your data is kept.',
    );
  });
});
