import { describe, expect, it } from 'vitest';
import { wallTimeToEpochMicros, zoneOffsetMs } from '../../../../src/shared/domain/zoned-time';

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
