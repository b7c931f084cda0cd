// "Related events" for the drawer: the same actor, IP, provider session and API request, each within a window the
// user can widen or narrow around the event, as a few rows either side of it (two 'events.page' calls meeting at its
// time) and the exact count of the whole window; and the event's context: its country, first uses and session
// ('events.context').
import { useEffect, useState } from 'react';
import type { EventContext, NormalizedEvent } from '@shared/domain/audit-event';
import { requestIdOf } from '@shared/domain/request-ids';
import { call, errorMessage } from '../../lib/bridge';
import { queryInstant } from '../../lib/format';
import { fieldClause, type PivotField } from '../query/query-text';

const MINUTE = 60_000;
/** Rows shown each side of the event. */
const SIDE = 4;

/** The windows a list offers, each side of the event. */
export const RELATED_WINDOWS = [
  { ms: MINUTE, label: '±1 min' },
  { ms: 5 * MINUTE, label: '±5 min' },
  { ms: 15 * MINUTE, label: '±15 min' },
  { ms: 60 * MINUTE, label: '±1 h' },
  { ms: 6 * 60 * MINUTE, label: '±6 h' },
  { ms: 24 * 60 * MINUTE, label: '±24 h' },
  { ms: 7 * 24 * 60 * MINUTE, label: '±7 days' },
] as const;

export interface RelatedSpec {
  /** Stable per kind, for keys and the window the user picked. */
  id: 'actor' | 'ip' | 'session' | 'request';
  title: string;
  field: PivotField;
  value: string;
  windowMs: number;
}

export interface RelatedList {
  /** The whole window as a query, for "Show all". */
  query: string;
  events: NormalizedEvent[];
  count: number | null;
  error: string | null;
}

/** What the event can be related by: its actor, IP, provider session (once the context says) and request id. */
export function relatedSpecs(event: NormalizedEvent, context: EventContext | null): RelatedSpec[] {
  const specs: RelatedSpec[] = [];
  const actor = event.actor_email ?? event.actor_name ?? event.actor_id;
  if (actor) specs.push({ id: 'actor', title: 'Same actor', field: 'actor', value: actor, windowMs: 15 * MINUTE });
  if (event.ip) specs.push({ id: 'ip', title: 'Same IP', field: 'ip', value: event.ip, windowMs: 60 * MINUTE });
  const session = context?.session;
  if (session?.kind === 'provider')
    specs.push({ id: 'session', title: 'Same session', field: 'session', value: session.id, windowMs: 60 * MINUTE });
  const request = requestIdOf(event);
  if (request)
    specs.push({
      id: 'request',
      title: 'Same request',
      field: { column: request.column, keys: request.keys },
      value: request.value,
      windowMs: 5 * MINUTE,
    });
  return specs;
}

/** The spec's clause, `actor:alice` or `raw.requestID:…`. */
export const relatedClause = (spec: RelatedSpec): string => fieldClause(spec.field, spec.value);

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
