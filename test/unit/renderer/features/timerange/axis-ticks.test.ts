import { describe, expect, it } from 'vitest';
import { axisTicks, tickStep } from '../../../../../src/renderer/src/features/timerange/axis-ticks';

const at = (iso: string) => Date.parse(iso);
const labels = (from: string, to: string, zone = 'UTC', max = 8) =>
  axisTicks(at(from), at(to), zone, max).map((t) => t.label);

describe('axisTicks', () => {
  it('puts the year on the first tick and a date on each new day (bug: labels had no year)', () => {
    expect(labels('2025-10-15T20:00:00Z', '2025-10-16T12:00:00Z')).toEqual([
      '2025 Oct 15 21:00',
      'Oct 16 00:00',
      '03:00',
      '06:00',
      '09:00',
    ]);
  });

  it('never repeats a label at fine zoom (bug: every tick of a 10-minute range read 10-16 02:13)', () => {
    const ticks = labels('2025-10-16T02:13:00Z', '2025-10-16T02:23:00Z');
    expect(ticks).toEqual(['2025 Oct 16 02:15', '02:20']);
    const seconds = labels('2025-10-16T02:13:00Z', '2025-10-16T02:14:00Z');
    expect(seconds[0]).toBe('2025 Oct 16 02:13:00');
    expect(seconds.slice(1)).toEqual(['02:13:15', '02:13:30', '02:13:45']);
    expect(new Set(seconds).size).toBe(seconds.length);
  });

  it('marks the change of year, and steps by whole months over a long span', () => {
    expect(labels('2025-12-01T00:00:00Z', '2026-01-15T00:00:00Z', 'UTC', 4)).toEqual([
      '2025 Dec 4',
      'Dec 18',
      '2026 Jan 1',
    ]);
    expect(labels('2025-02-10T00:00:00Z', '2025-12-31T00:00:00Z', 'UTC', 4)).toEqual(['2025 Apr', 'Jul', 'Oct']);
    expect(labels('2019-06-01T00:00:00Z', '2025-06-01T00:00:00Z', 'UTC', 4)).toEqual(['2020', '2022', '2024']);
  });

  it('ticks on the zone’s own midnights and hours, across a clock change', () => {
    const ticks = axisTicks(at('2025-11-01T12:00:00Z'), at('2025-11-04T12:00:00Z'), 'America/New_York', 4);
    expect(ticks.map((t) => new Date(t.at).toISOString())).toEqual([
      '2025-11-02T04:00:00.000Z', // midnight EDT
      '2025-11-03T05:00:00.000Z', // midnight EST, 25 hours later
      '2025-11-04T05:00:00.000Z',
    ]);
    expect(ticks.map((t) => t.label)).toEqual(['2025 Nov 2', 'Nov 3', 'Nov 4']);
  });

  it('gives no more ticks than asked for, and none for an empty range', () => {
    for (const hours of [0.01, 1, 7, 30, 200, 5_000, 100_000]) {
      const ticks = axisTicks(0, hours * 3_600_000, 'Asia/Kathmandu', 6);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.length).toBeGreaterThan(0);
    }
    expect(axisTicks(10, 10, 'UTC')).toEqual([]);
    expect(tickStep(3_600_000, 4)).toEqual({ unit: 'minute', size: 15, ms: 900_000 });
  });
});
