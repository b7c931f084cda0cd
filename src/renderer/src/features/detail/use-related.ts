// "Related events" for the drawer: the same actor within ±15 minutes and the same IP within ±1 hour, as a few rows
// either side of the event (two 'events.page' calls meeting at its time) and the exact count of the whole window;
// and the event's context: its country, first uses and session ('events.context').
import { useEffect, useState } from 'react';
import type { EventContext, NormalizedEvent } from '@shared/domain/audit-event';
import type { QueryField } from '@shared/domain/query-ast';
import { call, errorMessage } from '../../lib/bridge';
import { queryInstant } from '../../lib/format';
import { fieldClause } from '../query/query-text';

const MINUTE = 60_000;
/** Rows shown each side of the event. */
const SIDE = 4;

export interface RelatedSpec {
  title: string;
  field: QueryField;
  value: string;
  windowMs: number;
}

export interface RelatedList extends RelatedSpec {
  /** The whole window as a query, for "Show all". */
  query: string;
  events: NormalizedEvent[];
  count: number | null;
  error: string | null;
}

export function relatedSpecs(event: NormalizedEvent): RelatedSpec[] {
  const specs: RelatedSpec[] = [];
  const actor = event.actor_email ?? event.actor_name ?? event.actor_id;
  if (actor) specs.push({ title: 'Same actor ±15 min', field: 'actor', value: actor, windowMs: 15 * MINUTE });
  if (event.ip) specs.push({ title: 'Same IP ±1 h', field: 'ip', value: event.ip, windowMs: 60 * MINUTE });
  return specs;
}

async function loadList(event: NormalizedEvent, spec: RelatedSpec): Promise<RelatedList> {
  const at = Date.parse(event.occurred_at);
  const clause = fieldClause(spec.field, spec.value);
  const from = queryInstant(at - spec.windowMs, 'UTC');
  const to = queryInstant(at + spec.windowMs, 'UTC');
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
  return { ...spec, query, events: [...earlier.events.reverse(), ...later.events], count, error: null };
}

export function useRelated(event: NormalizedEvent | undefined): RelatedList[] | null {
  const [lists, setLists] = useState<RelatedList[] | null>(null);
  useEffect(() => {
    if (!event) return;
    let current = true;
    setLists(null);
    void Promise.all(
      relatedSpecs(event).map((spec) =>
        loadList(event, spec).catch((error: unknown) => ({
          ...spec,
          query: '',
          events: [],
          count: null,
          error: errorMessage(error),
        })),
      ),
    ).then((result) => {
      if (current) setLists(result);
    });
    return () => {
      current = false;
    };
  }, [event]);
  return lists;
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
