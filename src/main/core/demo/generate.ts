// The demo dataset as a stream: the background (background.ts) and the scripted incident (incident.ts) merged in
// time order, each record linked into the hash chain as it passes. Same (events, seed, tenant) → same records,
// byte for byte. Holds about one day of plans in memory whatever the event count.
import { AppError } from '../errors';
import { backgroundEvents } from './background';
import { INCIDENT_EVENT_COUNT, incidentRecords } from './incident';
import { ChainBuilder, isoTime, type ChainedDemoRecord, type DemoRecord } from './records';

export const DEFAULT_DEMO_EVENTS = 100_000;
export const DEFAULT_DEMO_SEED = 1;
export const DEFAULT_DEMO_TENANT = 'demo';
/** Far more would take hours to import on a laptop and is surely a typo. */
export const MAX_DEMO_EVENTS = 1_000_000_000;

export interface DemoOptions {
  /** Total events, incident included (default 100 000). */
  events?: number;
  /** Any integer 0 … 2^32 − 1 (default 1). */
  seed?: number;
  /** Written into every record's tenant_id (default `demo`). */
  tenant?: string;
}

export interface ResolvedDemoOptions {
  events: number;
  seed: number;
  tenant: string;
}

export function resolveDemoOptions(options: DemoOptions = {}): ResolvedDemoOptions {
  const events = options.events ?? DEFAULT_DEMO_EVENTS;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const tenant = options.tenant ?? DEFAULT_DEMO_TENANT;
  if (!Number.isSafeInteger(events) || events < INCIDENT_EVENT_COUNT) {
    throw new AppError(
      'USAGE',
      `The demo needs at least ${INCIDENT_EVENT_COUNT} events (the scripted incident alone has ${INCIDENT_EVENT_COUNT}); got ${events}.`,
    );
  }
  if (events > MAX_DEMO_EVENTS)
    throw new AppError('USAGE', `The demo makes at most ${MAX_DEMO_EVENTS} events; got ${events}.`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new AppError('USAGE', `The demo seed must be a whole number from 0 to ${0xffff_ffff}; got ${seed}.`);
  }
  if (!tenant.trim()) throw new AppError('USAGE', 'The demo needs a tenant id.');
  return { events, seed, tenant };
}

/**
 * Every demo record, in time order, chained (seq from 1). Records arrive as fresh objects the caller may keep.
 * Background and incident events at the same millisecond: the incident's goes first.
 */
export function* generateDemoEvents(options: DemoOptions = {}): Generator<ChainedDemoRecord> {
  const { events, seed, tenant } = resolveDemoOptions(options);
  const incident = incidentRecords(tenant);
  const incidentMs = incident.map((r) => Date.parse(r.occurred_at));
  const chain = new ChainBuilder();
  let next = 0;
  const link = (record: DemoRecord): ChainedDemoRecord => {
    const chained = record as ChainedDemoRecord;
    chained.chain = chain.link(record);
    return chained;
  };
  for (const event of backgroundEvents(events - incident.length, seed)) {
    while (next < incident.length && (incidentMs[next] ?? Infinity) <= event.ms)
      yield link({ ...(incident[next++] as DemoRecord) });
    const { body } = event;
    const record: DemoRecord = {
      id: event.id,
      occurred_at: isoTime(event.ms),
      tenant_id: tenant,
      action: body.action,
      actor: body.actor,
      target: body.target,
      ip_address: body.ip_address,
      user_agent: body.user_agent,
      outcome: body.outcome,
    };
    if (body.changes) record.changes = body.changes;
    if (body.metadata) record.metadata = body.metadata;
    yield link(record);
  }
  while (next < incident.length) yield link({ ...(incident[next++] as DemoRecord) });
}
