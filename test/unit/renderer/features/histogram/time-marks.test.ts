// Marks over the histogram (time-marks.ts): each mark lands inside its own bucket, at its place within it, also
// where buckets differ in length; marks outside the charted time are left out.
import { describe, expect, it } from 'vitest';
import type { Histogram } from '@shared/domain/audit-event';
import { placeMarks } from '../../../../../src/renderer/src/features/histogram/time-marks';

const HOUR = 3_600_000;
const START = Date.parse('2025-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function histogram(starts: number[], intervalMs = HOUR): Histogram {
  return {
    interval: '1 hour',
    intervalMs,
    buckets: starts.map((s) => ({ start: iso(s), total: 1 })),
  };
}

describe('placeMarks', () => {
  it('puts a mark at its place within its bucket, in percent of the plot', () => {
    const h = histogram([START, START + HOUR, START + 2 * HOUR, START + 3 * HOUR]);
    const placed = placeMarks(h, [
      { at: iso(START), label: 'first edge' },
      { at: iso(START + 1.5 * HOUR), label: 'middle of the second' },
      { at: iso(START + 4 * HOUR - 1), label: 'end of the last' },
    ]);
    expect(placed.map((m) => m.label)).toEqual(['first edge', 'middle of the second', 'end of the last']);
    expect(placed[0]?.left).toBe(0);
    expect(placed[1]?.left).toBeCloseTo(37.5);
    expect(placed[2]?.left).toBeCloseTo(100, 3);
  });

  it('follows buckets of unequal length (a 25-hour day)', () => {
    const DAY = 24 * HOUR;
    // The first bucket is 25 hours long: its middle is 12.5 hours in.
    const h = histogram([START, START + DAY + HOUR], DAY);
    const [mark] = placeMarks(h, [{ at: iso(START + 12.5 * HOUR), label: 'x' }]);
    expect(mark?.left).toBeCloseTo(25);
  });

  it('leaves out marks before the first bucket, at or after the end, and times that do not parse', () => {
    const h = histogram([START, START + HOUR]);
    const placed = placeMarks(h, [
      { at: iso(START - 1), label: 'before' },
      { at: iso(START + 2 * HOUR), label: 'at the end' },
      { at: 'not a time', label: 'bad' },
      { at: iso(START + HOUR), label: 'inside' },
    ]);
    expect(placed.map((m) => [m.label, m.left])).toEqual([['inside', 50]]);
  });

  it('places nothing on an empty chart', () => {
    expect(placeMarks(histogram([]), [{ at: iso(START), label: 'x' }])).toEqual([]);
  });
});
