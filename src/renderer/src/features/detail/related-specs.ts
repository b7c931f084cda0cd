// Which related lists an event gets (UX.md §5.6): the same actor, IP, provider session (once the event's context
// names one) and API request (shared/domain/request-ids.ts), each with a default window the user can change. Pure.
import type { EventContext, NormalizedEvent } from '@shared/domain/audit-event';
import { requestIdOf } from '@shared/domain/request-ids';
import { fieldClause, type PivotField } from '../query/query-text';

const MINUTE = 60_000;
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
