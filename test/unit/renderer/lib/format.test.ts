// Times as the table shows them (lib/format.ts): the UTC fast path (no Intl) and the zoned path give what the shared
// wall-clock conversion gives, across DST changes, odd offsets and times before 1970; zone names and abbreviations
// (made once per zone) and grouped counts.
import { describe, expect, it } from 'vitest';
import { formatCount, formatTime, localZone, zoneAbbreviation } from '../../../../src/renderer/src/lib/format';
import { epochMsToWallTime } from '@shared/domain/zoned-time';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** The reference: the shared conversion, formatted field by field. */
function reference(iso: string, zone: string, withMillis: boolean): string {
  const w = epochMsToWallTime(Date.parse(iso), zone);
  const base = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return withMillis ? `${base}.${pad(w.micros / 1000, 3)}` : base;
}

const INSTANTS = [
  '2025-10-16T02:13:05.123Z',
  '2025-03-09T06:59:59.999Z', // a second before New York springs forward
  '2025-03-09T07:00:00.000Z',
  '2025-11-02T05:30:00.000Z', // New York's repeated hour
  '2025-11-02T06:30:00.000Z',
  '2025-04-06T15:30:00.250Z', // Lord Howe's half-hour change
  '1969-07-20T20:17:40.000Z',
  '1900-01-01T00:00:00.000Z', // local mean time, offsets with seconds
];
const ZONES = ['UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/Amsterdam'];

describe('formatTime', () => {
  it('shows every instant as the shared wall-clock conversion does, in every zone, with and without milliseconds', () => {
    for (const zone of ZONES) {
      for (const iso of INSTANTS) {
        expect(formatTime(iso, zone), `${iso} in ${zone}`).toBe(reference(iso, zone, false));
        expect(formatTime(iso, zone, true), `${iso} in ${zone}`).toBe(reference(iso, zone, true));
      }
    }
  });

  it('reads UTC without a zone table', () => {
    expect(formatTime('2025-10-16T02:13:05.123Z', 'UTC', true)).toBe('2025-10-16 02:13:05.123');
    expect(formatTime('2025-03-09T06:59:59Z', 'America/New_York')).toBe('2025-03-09 01:59:59');
    expect(formatTime('2025-03-09T07:00:00Z', 'America/New_York')).toBe('2025-03-09 03:00:00');
  });

  it('shows a dash for a time that does not parse', () => {
    expect(formatTime('not a time', 'UTC')).toBe('—');
  });
});

describe('zones and counts', () => {
  it('names the zone the runtime is in, the same on every call', () => {
    expect(localZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    expect(localZone()).toBe(localZone());
  });

  it('abbreviates a zone as of the instant asked about, with the same formatter each time', () => {
    expect(zoneAbbreviation('America/New_York', Date.parse('2025-10-16T12:00:00Z'))).toBe('EDT');
    expect(zoneAbbreviation('America/New_York', Date.parse('2025-11-16T12:00:00Z'))).toBe('EST');
    expect(zoneAbbreviation('UTC')).toBe('UTC');
  });

  it('groups counts', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });
});
