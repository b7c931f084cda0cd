// Wall-clock times in a named time zone ↔ UTC instants, with Intl only (the display zone is an IANA name).
// Shared by the renderer and the core: no node:*.

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds within the second. */
  micros: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Date.UTC for any year: Date.UTC itself reads years 0–99 as 1900–1999. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date.getTime();
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Whether `name` is a time zone both Intl and DuckDB know: an IANA name or alias ('UTC', 'Europe/Berlin',
 * 'Asia/Calcutta'), any case. Offsets ('+05:00'), which newer Intl versions take and DuckDB does not, are refused.
 * (Every zone of Node's Intl.supportedValuesOf('timeZone') is in DuckDB's pg_timezone_names(); DuckDB's only extra
 * name is ICU's 'Factory'.)
 */
export function isTimeZone(name: string): boolean {
  if (name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC, in milliseconds, at a UTC instant. */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = utcMs(
    Number(parts['year']),
    Number(parts['month']),
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The UTC instant (epoch microseconds) of a wall time in a zone. A wall time has one instant, two (in the hour a
 * clock goes back: the earlier is used) or none (in the hour a clock skips: the instant one gap-length later, as a
 * clock set to it would show).
 */
export function wallTimeToEpochMicros(wall: WallTime, timeZone: string): bigint {
  const naive = utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
  const DAY = 86_400_000;
  // The offsets in force a day either side cover any single change near this wall time.
  const before = zoneOffsetMs(timeZone, naive - DAY);
  const after = zoneOffsetMs(timeZone, naive + DAY);
  const matches = [...new Set([before, after])]
    .map((offset) => naive - offset)
    .filter((instant) => naive - zoneOffsetMs(timeZone, instant) === instant);
  const instant = matches.length > 0 ? Math.min(...matches) : naive - before;
  return BigInt(instant) * 1000n + BigInt(wall.micros);
}

export interface LocalTime extends WallTime {
  /** 0 = Sunday … 6 = Saturday, of the local date. */
  weekday: number;
}

/** The wall time in a zone at a UTC instant (epoch milliseconds). */
export function epochMsToWallTime(epochMs: number, timeZone: string): LocalTime {
  const local = new Date(epochMs + zoneOffsetMs(timeZone, epochMs));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    micros: local.getUTCMilliseconds() * 1000,
    weekday: local.getUTCDay(),
  };
}

/** The UTC instant (epoch milliseconds) when clocks in a zone show this local time; fields may overflow (minute 90). */
export function zonedToEpochMs(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  return Number(wallTimeToEpochMicros({ year, month, day, hour, minute, second, micros: 0 }, timeZone) / 1000n);
}
