// "Related events" for the drawer: the same actor, IP, provider session and API request, each within a window the
// user can widen or narrow around the event, as a few rows either side of it (two 'events.page' calls meeting at its
// time) and the exact count of the whole window; and the event's context: its country, first uses and session
// ('events.context').
import { useEffect, useState } from 'react';
import type { EventContext, NormalizedEvent } from '@shared/domain/audit-event';
import { call, errorMessage } from '../../lib/bridge';
import { queryInstant } from '../../lib/format';

/** Rows shown each side of the event. */
const SIDE = 4;

export interface RelatedList {
  /** The whole window as a query, for "Show all". */
  query: string;
  events: NormalizedEvent[];
  count: number | null;
  error: string | null;
}

async function loadList(event: NormalizedEvent, clause: string, windowMs: number): Promise<RelatedList> {
  const at = Date.parse(event.occurred_at);
  const from = queryInstant(at - windowMs, 'UTC');
  const to = queryInstant(at + windowMs, 'UTC');
  const query = `${clause} after:${from} before:${to}`;
  // The event's own time, exact to the microsecond, is where the two halves meet (after: is inclusive).
  const [earlier, later, { count }] = await Promise.all([
    call('events.page', {
      query: `${clause} after:${from} before:${event.occurred_at}`,
      timeZone: 'UTC',
      order: 'desc',
      limit: SIDE,
    }),
    call('events.page', {
      query: `${clause} after:${event.occurred_at} before:${to}`,
      timeZone: 'UTC',
      order: 'asc',
      limit: SIDE + 1,
    }),
    call('events.count', { query, timeZone: 'UTC' }),
  ]);
  return { query, events: [...earlier.events.reverse(), ...later.events], count, error: null };
}

/** One related list (`clause`) around the event, loaded again when the window changes. Null while it loads. */
export function useRelatedList(event: NormalizedEvent, clause: string, windowMs: number): RelatedList | null {
  const [list, setList] = useState<RelatedList | null>(null);
  useEffect(() => {
    let current = true;
    setList(null);
    loadList(event, clause, windowMs).then(
      (result) => current && setList(result),
      (error: unknown) => current && setList({ query: '', events: [], count: null, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [event, clause, windowMs]);
  return list;
}

export type ContextState =
  { status: 'loading' } | { status: 'ready'; context: EventContext } | { status: 'failed'; error: string };

/** The event's country, first uses and session ('events.context'), for the drawer. */
export function useEventContext(event: NormalizedEvent | undefined): ContextState {
  const [state, setState] = useState<ContextState>({ status: 'loading' });
  useEffect(() => {
    if (!event) return;
    let current = true;
    setState({ status: 'loading' });
    call('events.context', { tenantId: event.tenant_id, uid: event.uid }).then(
      (context) => current && setState({ status: 'ready', context }),
      (error: unknown) => current && setState({ status: 'failed', error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [event]);
  return state;
}
