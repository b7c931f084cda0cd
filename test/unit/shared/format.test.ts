import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '@shared/format';

describe('formatDuration', () => {
  it('rounds before splitting, so 119.6 s is 2 min and never "1 min 60 s"', () => {
    expect(formatDuration(119.6)).toBe('2 min');
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(3599.7)).toBe('1 h');
  });

  it('names seconds, minutes and hours, leaving out a zero part', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('formatBytes', () => {
  it('uses binary units throughout', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(16 * 2 ** 20)).toBe('16.0 MiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3.0 GiB');
  });
});
