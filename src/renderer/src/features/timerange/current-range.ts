// The time range of the query on screen, and the moves that rewrite it and run at once (`[` `]` `-`, the range
// picker, the histogram's "Zoom out ×2"): the applied query, its zone and the case's span come from their stores.
import { useMemo } from 'react';
import { useCase } from '../case/case.store';
import { useQuery } from '../query/query.store';
import {
  caseRange,
  queryRange,
  shiftRange,
  withRange,
  zoomOutRange,
  type QueryRange,
  type TimeRange,
} from './time-range';

export interface CurrentRange extends QueryRange {
  query: string;
  zone: string;
  whole: TimeRange | null;
}

/** The query on screen with its range (null before the first result, or with neither a range nor a case span). */
export function currentRange(): CurrentRange | null {
  const query = queryOnScreen();
  const applied = useQuery.getState().applied;
  if (query === null || !applied) return null;
  const whole = caseRange(useCase.getState().info?.stats);
  const found = queryRange(query, applied.timeZone, whole);
  return found ? { ...found, query, zone: applied.timeZone, whole } : null;
}

/** The query shown, or the one on its way (a second `]` pressed before the first one's rows arrive moves on from it). */
function queryOnScreen(): string | null {
  const { applied, running, draft } = useQuery.getState();
  if (!applied) return null;
  return running ? draft : applied.query;
}

/** Runs the query on screen with this range (null: the whole case). */
export function runWithRange(range: TimeRange | null): void {
  const query = queryOnScreen();
  const zone = useQuery.getState().applied?.timeZone;
  if (query === null || zone === undefined) return;
  void useQuery.getState().run(withRange(query, range, zone));
}

/** `[` and `]`: the range moved by its width; false when there is no range to move. */
export function shiftCurrentRange(direction: -1 | 1): boolean {
  const current = currentRange();
  if (!current) return false;
  runWithRange(shiftRange(current.range, direction));
  return true;
}

/** `-` and "Zoom out ×2": twice as wide; false when the whole case is already shown. */
export function zoomOutCurrentRange(): boolean {
  const current = currentRange();
  if (!current?.zoomed) return false;
  runWithRange(zoomOutRange(current.range, current.whole));
  return true;
}

/** The span the chart's buckets must reach for a query: its range, or the case's (undefined while neither is known). */
export function useChartSpan(
  query: string | undefined,
  zone: string | undefined,
): { from: string; to: string } | undefined {
  const first = useCase((s) => s.info?.stats.first);
  const last = useCase((s) => s.info?.stats.last);
  return useMemo(() => {
    if (query === undefined || zone === undefined) return undefined;
    const found = queryRange(query, zone, caseRange({ first: first ?? null, last: last ?? null }));
    return found
      ? { from: new Date(found.range.from).toISOString(), to: new Date(found.range.to).toISOString() }
      : undefined;
  }, [query, zone, first, last]);
}
