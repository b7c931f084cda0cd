// The time range a query covers and the moves on it (UX.md §6 `[` `]` `-`, the range picker's presets): the range is
// the query's top-level after:/before: (an open end is the case's), else the whole case; a move writes the new
// range back as after:/before: in the display zone, and a range that covers the whole case clears them. Pure:
// epoch milliseconds, `to` exclusive.
import type { CaseSummary } from '@shared/domain/audit-event';
import { clearTimeRange, setTimeRange, splitTimeRange } from '@shared/domain/query-edit';
import { queryInstant } from '../../lib/format';
import { clauseInstant } from '../query/clause-time';

export interface TimeRange {
  from: number;
  to: number;
}

/** The query's range and whether it is zoomed (has its own after:/before:), or null with neither a range nor a case span. */
export interface QueryRange {
  range: TimeRange;
  zoomed: boolean;
}

const SECOND = 1_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The case's first to last event, widened to whole seconds (a query value reads better without milliseconds). */
export function caseRange(stats: Pick<CaseSummary, 'first' | 'last'> | null | undefined): TimeRange | null {
  const first = Date.parse(stats?.first ?? '');
  const last = Date.parse(stats?.last ?? '');
  if (Number.isNaN(first) || Number.isNaN(last)) return null;
  return { from: Math.floor(first / SECOND) * SECOND, to: Math.floor(last / SECOND) * SECOND + SECOND };
}

/** The instant of a query's after:/before: value, read as the core reads it (zone-less values in `zone`). */
function boundOf(field: 'after' | 'before', value: string | null, zone: string): number | null {
  if (value === null) return null;
  const iso = clauseInstant(`${field}:${value}`, zone);
  return iso === null ? null : Date.parse(iso);
}

/** What the query's range is: its after:/before: with the case's span for an open end, else the case's span. */
export function queryRange(query: string, zone: string, whole: TimeRange | null): QueryRange | null {
  const { from, to } = splitTimeRange(query);
  const after = boundOf('after', from, zone);
  const before = boundOf('before', to, zone);
  if (after === null && before === null) return whole ? { range: whole, zoomed: false } : null;
  const start = after ?? whole?.from ?? null;
  const end = before ?? whole?.to ?? null;
  if (start === null || end === null || end <= start) return null;
  return { range: { from: start, to: end }, zoomed: true };
}

/** The range moved by its own width, earlier (-1, `[`) or later (1, `]`). */
export function shiftRange(range: TimeRange, direction: -1 | 1): TimeRange {
  const width = range.to - range.from;
  return { from: range.from + direction * width, to: range.to + direction * width };
}

/** Twice as wide around the same middle (`-`, "Zoom out ×2"); null once that covers the whole case (no range then). */
export function zoomOutRange(range: TimeRange, whole: TimeRange | null): TimeRange | null {
  const half = Math.ceil((range.to - range.from) / 2);
  const wider = { from: range.from - half, to: range.to + half };
  return whole && wider.from <= whole.from && wider.to >= whole.to ? null : wider;
}

/** The query with this range as its after:/before: (in the display zone, offset written out); null: no range. */
export function withRange(query: string, range: TimeRange | null, zone: string): string {
  if (range === null) return clearTimeRange(query);
  return setTimeRange(query, queryInstant(range.from, zone), queryInstant(range.to, zone));
}

export type Preset = 'case' | 'last-day' | 'around';

/**
 * A preset's range: the whole case (null: no after:/before:), its last 24 hours, or ±`aroundMs` about an event
 * (`anchor`, epoch ms). Null when the preset cannot apply (no case span, no event selected) is `undefined`.
 */
export function presetRange(
  preset: Preset,
  context: { whole: TimeRange | null; anchor: number | null; aroundMs: number },
): TimeRange | null | undefined {
  switch (preset) {
    case 'case':
      return null;
    case 'last-day':
      return context.whole ? { from: context.whole.to - DAY_MS, to: context.whole.to } : undefined;
    case 'around': {
      if (context.anchor === null) return undefined;
      const at = Math.floor(context.anchor / SECOND) * SECOND;
      return { from: at - context.aroundMs, to: at + context.aroundMs + SECOND };
    }
  }
}

/** The value of an `<input type="datetime-local">` for an instant in a zone: `2025-10-16T14:00:00`. */
export function inputValue(ms: number, zone: string): string {
  return queryInstant(Math.floor(ms / SECOND) * SECOND, zone).slice(0, 19);
}

/** An `<input type="datetime-local">` value read in a zone; null when it is not a date and time. */
export function inputInstant(value: string, zone: string): number | null {
  const iso = clauseInstant(`after:${value}`, zone);
  return iso === null ? null : Date.parse(iso);
}
