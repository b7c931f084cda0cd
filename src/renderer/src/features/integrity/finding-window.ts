// Where a finding's event is: the time from a few events before the finding's time to a few after it, as a query
// (the user reads and edits it in the query bar, and sees the neighbours on both sides of the break, however sparse
// or dense the case is there), and the event's place among that query's rows by its uid (the query language has no
// uid field). Pure: the page fetch is passed in.
import type { EventsPage, Request } from '@shared/contract';
import { queryInstant } from '../../lib/format';
import type { WindowScope } from '../query/event-window';
import { findingInstant } from './findings';

type FetchPage = (request: Request<'events.page'>) => Promise<EventsPage>;

/** Events the window shows on each side of the finding's time (more when several share one millisecond). */
export const NEIGHBOURS = 10;
/** Rows read, at most, looking for the event in the window (a burst of events around a break stays bounded). */
export const MAX_SCAN = 20_000;
const SCAN_PAGE = 1_000;

/** A time as the query language reads it, in UTC (so any display zone reads it the same), to the millisecond. */
const instant = (ms: number) => queryInstant(ms, 'UTC');

/**
 * The query for the finding's neighbourhood: from the NEIGHBOURS-th event before `at` to the NEIGHBOURS-th after it
 * (`after:` inclusive, `before:` exclusive, so one millisecond past the last, whose time may carry microseconds).
 * Null when `at` is not a time.
 */
export async function findingWindow(fetchPage: FetchPage, at: string): Promise<string | null> {
  const ms = findingInstant(at);
  if (Number.isNaN(ms)) return null;
  const [earlier, later] = await Promise.all([
    fetchPage({ query: `before:${instant(ms)}`, timeZone: 'UTC', order: 'desc', limit: NEIGHBOURS }),
    // The event itself (at or just after `at`'s millisecond) and those after it.
    fetchPage({ query: `after:${instant(ms)}`, timeZone: 'UTC', order: 'asc', limit: NEIGHBOURS + 1 }),
  ]);
  const time = (iso: string | undefined, fallback: number) => (iso ? Date.parse(iso) : fallback);
  const from = time(earlier.events.at(-1)?.occurred_at, ms);
  const to = time(later.events.at(-1)?.occurred_at, ms) + 1;
  return `after:${instant(from)} before:${instant(Math.max(to, ms + 1))}`;
}

/**
 * The index of the event `uid` among a scope's rows in the scope's order (the table's own), reading pages by cursor
 * as the table does; null when it is not among the first `maxRows`.
 */
export async function indexOfUid(
  fetchPage: (request: Request<'events.page'>) => Promise<EventsPage>,
  scope: WindowScope,
  uid: string,
  maxRows = MAX_SCAN,
): Promise<number | null> {
  // Only the scope's own fields: the table's applied scope carries more (its total), which events.page refuses.
  const { query, timeZone, order } = scope;
  let seen = 0;
  let after: string | undefined;
  while (seen < maxRows) {
    const limit = Math.min(SCAN_PAGE, maxRows - seen);
    const page = await fetchPage({ query, timeZone, order, limit, ...(after ? { after } : {}) });
    const at = page.events.findIndex((e) => e.uid === uid);
    if (at >= 0) return seen + at;
    seen += page.events.length;
    if (!page.next || page.events.length === 0) return null;
    after = page.next;
  }
  return null;
}
