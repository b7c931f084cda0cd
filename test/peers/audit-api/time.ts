// Instants as the peer compares them: epoch milliseconds plus the nanoseconds inside that millisecond, so
// 1Password's nanosecond timestamps order and filter exactly while every other provider stays in milliseconds.
// Owns parsing of the providers' time texts; a text without a zone is UTC (FORMATS.md), never local time.

export interface TimeKey {
  ms: number;
  /** 0 … 999 999 */
  ns: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 3339 / ISO-8601 text (date only = midnight UTC), or null if it is not one — including 2025-02-30 or 24:00. */
export function parseIsoKey(text: string): TimeKey | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  const offset = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) * 60_000 : 0;
  const digits = (m[7] ?? '').slice(0, 9).padEnd(9, '0');
  return {
    ms: Date.UTC(year, month - 1, day, hour, minute, second) - offset + Number(digits.slice(0, 3)),
    ns: Number(digits.slice(3)),
  };
}

/** Epoch milliseconds (possibly fractional) as a key. */
export function msKey(ms: number): TimeKey {
  const whole = Math.floor(ms);
  return { ms: whole, ns: Math.round((ms - whole) * 1e6) };
}

/** FORMATS.md epoch rule: ≥ 10^11 is milliseconds, else seconds. */
export function epochKey(value: number): TimeKey {
  return msKey(value >= 1e11 ? value : value * 1000);
}

export function compareKeys(aMs: number, aNs: number, b: TimeKey): number {
  return aMs !== b.ms ? aMs - b.ms : aNs - b.ns;
}

/** The next representable instant: turns an inclusive upper bound or exclusive lower bound into a half-open one. */
export function nextKey(key: TimeKey): TimeKey {
  return key.ns === 999_999 ? { ms: key.ms + 1, ns: 0 } : { ms: key.ms, ns: key.ns + 1 };
}

export function addMs(key: TimeKey, ms: number): TimeKey {
  return { ms: key.ms + ms, ns: key.ns };
}

/** A time value of a record: ISO text, or an epoch number (FORMATS.md rule), or null when it is neither. */
export function recordTimeKey(value: unknown): TimeKey | null {
  if (typeof value === 'number' && Number.isFinite(value)) return epochKey(value);
  if (typeof value === 'string') return parseIsoKey(value);
  return null;
}
