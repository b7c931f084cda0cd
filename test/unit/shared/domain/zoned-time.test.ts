import { describe, expect, it } from 'vitest';
import {
  epochMsToWallTime,
  isTimeZone,
  wallTimeToEpochMicros,
  zonedToEpochMs,
  zoneOffsetMs,
} from '@shared/domain/zoned-time';

const wall = (iso: string) => {
  const [date, time] = iso.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
  return { year, month, day, hour, minute, second, micros: 0 };
};
const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

describe('wall time in a zone → UTC', () => {
  it.each([
    ['2025-01-15T09:00:00', 'Europe/Berlin', '2025-01-15T08:00:00Z'],
    ['2025-07-15T09:00:00', 'Europe/Berlin', '2025-07-15T07:00:00Z'],
    ['2025-07-15T09:00:00', 'America/New_York', '2025-07-15T13:00:00Z'],
    ['2025-01-15T09:00:00', 'UTC', '2025-01-15T09:00:00Z'],
    ['2025-03-30T01:59:59', 'Europe/Berlin', '2025-03-30T00:59:59Z'],
    ['2025-03-30T03:00:00', 'Europe/Berlin', '2025-03-30T01:00:00Z'],
    // In the autumn overlap 02:30 happens twice; the earlier instant is taken.
    ['2025-10-26T02:30:00', 'Europe/Berlin', '2025-10-26T00:30:00Z'],
    ['2025-11-02T01:30:00', 'America/New_York', '2025-11-02T05:30:00Z'],
  ])('%s in %s is %s', (local, zone, utc) => {
    expect(wallTimeToEpochMicros(wall(local), zone)).toBe(micros(utc));
  });

  it('knows the offset either side of a change', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2025-03-30T00:59:59Z'))).toBe(3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2025-03-30T01:00:00Z'))).toBe(7_200_000);
  });
});

describe('zonedToEpochMs (the demo places working hours with it)', () => {
  const iso = (ms: number) => new Date(ms).toISOString();

  it('places 08:00 Berlin at 06:00 UTC in summer time and at 07:00 UTC after the clocks go back (26 Oct 2025)', () => {
    expect(iso(zonedToEpochMs('Europe/Berlin', 2025, 10, 24, 8))).toBe('2025-10-24T06:00:00.000Z');
    expect(iso(zonedToEpochMs('Europe/Berlin', 2025, 10, 27, 8))).toBe('2025-10-27T07:00:00.000Z');
  });

  it('places 08:00 New York at 12:00 UTC before 2 Nov 2025 and at 13:00 UTC after', () => {
    expect(iso(zonedToEpochMs('America/New_York', 2025, 10, 31, 8))).toBe('2025-10-31T12:00:00.000Z');
    expect(iso(zonedToEpochMs('America/New_York', 2025, 11, 3, 8))).toBe('2025-11-03T13:00:00.000Z');
  });

  it('takes minutes past midnight as a wall-clock offset (18:00 = minute 1080)', () => {
    expect(zonedToEpochMs('Europe/Berlin', 2025, 8, 20, 0, 18 * 60)).toBe(Date.parse('2025-08-20T16:00:00Z'));
  });

  it('resolves a spring-forward gap to after it', () => {
    // 02:30 never happens in Berlin on 30 Mar 2025; the clock reads 03:30 one hour after 01:30 CET.
    expect(iso(zonedToEpochMs('Europe/Berlin', 2025, 3, 30, 2, 30))).toBe('2025-03-30T01:30:00.000Z');
  });

  it('round-trips through epochMsToWallTime, with the local weekday', () => {
    const ms = zonedToEpochMs('America/New_York', 2025, 9, 1, 17, 45, 12);
    expect(epochMsToWallTime(ms, 'America/New_York')).toMatchObject({
      year: 2025,
      month: 9,
      day: 1,
      hour: 17,
      minute: 45,
      second: 12,
      weekday: 1,
    });
    expect(zoneOffsetMs('America/New_York', ms)).toBe(-240 * 60_000);
  });
});

describe('isTimeZone', () => {
  it('takes IANA names and aliases in any case', () => {
    for (const zone of ['UTC', 'utc', 'Europe/Berlin', 'america/new_york', 'Asia/Calcutta', 'Etc/GMT+5', 'EST']) {
      expect(isTimeZone(zone), zone).toBe(true);
    }
  });

  it('refuses unknown names, offsets (which newer Intl takes and DuckDB does not), SQL and oversized text', () => {
    for (const zone of [
      'Mars/Olympus',
      'Factory',
      '',
      '+05:00',
      '+0500',
      '-03',
      "UTC'; --",
      'Europe/Berlin\n',
      'A'.repeat(65),
    ]) {
      expect(isTimeZone(zone), zone).toBe(false);
    }
  });
});
