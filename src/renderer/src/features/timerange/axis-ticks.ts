// The histogram's time axis (UX.md §2, issue 18 item 8): ticks on round wall-clock times of the display zone (whole
// minutes, hours, local midnights, first days of months), never more than asked for, each label unambiguous and
// different from its neighbours: the first tick and each change of year carry the year, a new day its date, and
// the time of day shows to the second only when the ticks are seconds apart. Pure.
import { epochMsToWallTime, utcMs, zonedToEpochMs, type WallTime } from '@shared/domain/zoned-time';

export interface AxisTick {
  /** Epoch ms. */
  at: number;
  label: string;
}

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';
interface Step {
  unit: Unit;
  size: number;
  /** Rough length, to pick the step. */
  ms: number;
}

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const STEPS: Step[] = [
  ...[1, 5, 15, 30].map((size) => ({ unit: 'second' as const, size, ms: size * S })),
  ...[1, 5, 15, 30].map((size) => ({ unit: 'minute' as const, size, ms: size * M })),
  ...[1, 3, 6, 12].map((size) => ({ unit: 'hour' as const, size, ms: size * H })),
  ...[1, 2, 7, 14].map((size) => ({ unit: 'day' as const, size, ms: size * D })),
  ...[1, 3, 6].map((size) => ({ unit: 'month' as const, size, ms: size * 30 * D })),
  ...[1, 2, 5, 10, 50, 100].map((size) => ({ unit: 'year' as const, size, ms: size * 365 * D })),
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The step for a range: the smallest whose ticks number at most `maxTicks`. */
export function tickStep(rangeMs: number, maxTicks: number): Step {
  return STEPS.find((s) => rangeMs / s.ms <= maxTicks) ?? STEPS[STEPS.length - 1]!;
}

/** The first tick at or after the wall time, in the step's units (days counted from 1970-01-01, months from January). */
function firstTick(w: WallTime, step: Step): WallTime {
  const base = { ...w, micros: 0 };
  const up = (value: number, size: number, offset = 0) => Math.ceil((value - offset) / size) * size + offset;
  const exact = w.micros === 0;
  switch (step.unit) {
    case 'second':
      return { ...base, second: up(w.second + (exact ? 0 : 1), step.size) };
    case 'minute':
      return { ...base, second: 0, minute: up(w.minute + (exact && w.second === 0 ? 0 : 1), step.size) };
    case 'hour': {
      const past = exact && w.second === 0 && w.minute === 0 ? 0 : 1;
      return { ...base, second: 0, minute: 0, hour: up(w.hour + past, step.size) };
    }
    case 'day': {
      const days = utcMs(w.year, w.month, w.day) / D;
      const past = exact && w.second === 0 && w.minute === 0 && w.hour === 0 ? 0 : 1;
      const day = new Date(up(days + past, step.size) * D);
      return {
        ...base,
        year: day.getUTCFullYear(),
        month: day.getUTCMonth() + 1,
        day: day.getUTCDate(),
        hour: 0,
        minute: 0,
        second: 0,
      };
    }
    case 'month': {
      const past = exact && w.second === 0 && w.minute === 0 && w.hour === 0 && w.day === 1 ? 0 : 1;
      const month = up(w.month - 1 + past, step.size);
      return { ...base, month: month + 1, day: 1, hour: 0, minute: 0, second: 0 };
    }
    case 'year': {
      const past = exact && w.second === 0 && w.minute === 0 && w.hour === 0 && w.day === 1 && w.month === 1 ? 0 : 1;
      return { ...base, year: up(w.year + past, step.size), month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    }
  }
}

/** The wall time one step on. */
function next(w: WallTime, step: Step): WallTime {
  return normalise({ ...w, [step.unit]: w[step.unit] + step.size });
}

/** Overflowing fields carried over here (utcMs keeps the year of an overflowing day: Dec 32 would be Jan 1 of the same year). */
function normalise(w: WallTime): WallTime {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micros: 0,
  };
}

/** A tick's label, knowing the one before it (null for the first). */
function label(w: WallTime, previous: WallTime | null, step: Step): string {
  const newYear = previous === null || previous.year !== w.year;
  const newDay = newYear || previous.month !== w.month || previous.day !== w.day;
  const month = MONTHS[w.month - 1] ?? '';
  if (step.unit === 'year') return String(w.year);
  if (step.unit === 'month') return newYear ? `${w.year} ${month}` : month;
  const date = newYear ? `${w.year} ${month} ${w.day}` : `${month} ${w.day}`;
  if (step.unit === 'day') return date;
  const time = `${pad(w.hour)}:${pad(w.minute)}${step.unit === 'second' ? `:${pad(w.second)}` : ''}`;
  return newDay ? `${date} ${time}` : time;
}

/** Ticks within [from, to) in the zone, at most `maxTicks` of them. */
export function axisTicks(from: number, to: number, zone: string, maxTicks = 8): AxisTick[] {
  if (!(to > from)) return [];
  const step = tickStep(to - from, maxTicks);
  const ticks: AxisTick[] = [];
  let wall = normalise(firstTick(epochMsToWallTime(from, zone), step));
  let previous: WallTime | null = null;
  // Bounded: a step never gives more than maxTicks ticks, plus one for a clock change.
  for (let guard = 0; guard <= maxTicks + 2; guard++) {
    const at = zonedToEpochMs(zone, wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
    if (at >= to) break;
    // Read back: an overflowed field (minute 90) or a clock change lands on the wall time the zone really shows.
    const shown = epochMsToWallTime(at, zone);
    if (at >= from && ticks.at(-1)?.at !== at) {
      ticks.push({ at, label: label(shown, previous, step) });
      previous = shown;
    }
    wall = next({ ...shown, micros: 0 }, step);
  }
  return ticks;
}
