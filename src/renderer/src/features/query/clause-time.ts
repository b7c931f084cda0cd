// The UTC instant an after:/before: chip means (UX.md §9: each chip's tooltip shows the UTC instant), read as the
// core reads it: a value without a zone is in the display zone. Pure; shared zone arithmetic only.
import { utcMs, wallTimeToEpochMicros } from '@shared/domain/zoned-time';

const DATE_TIME =
  /^-?(after|before):"?(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:\d{2})?"?$/;

/** `2025-10-16T02:00:00.000Z` for a time clause, null for any other clause. */
export function clauseInstant(clause: string, timeZone: string): string | null {
  const m = DATE_TIME.exec(clause);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6], m[7]].map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[8] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[9];
  let ms: number;
  if (!zone) {
    ms = Number(
      wallTimeToEpochMicros({ year, month, day, hour, minute, second, micros: millis * 1000 }, timeZone) / 1000n,
    );
  } else {
    ms = utcMs(year, month, day, hour, minute, second) + millis;
    if (zone !== 'Z')
      ms -= (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return new Date(ms).toISOString();
}
