// Sessions: an event's session is its provider's own (event_sessions, derived.ts) where the record names one; else a
// gap session of its actor, worked out at query time over the actor's events without a provider session: a run of
// events each less than the case's gap (default 30 minutes) after the one before. A gap session's id is
// `gap:<epoch µs of its first event>:<actor>`; it depends on the gap and may change when older events come in.
// Also the drawer's facts about one event: its country, what it is the actor's first use of, and its session.
import type { DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../errors';
import type { EventContext, FirstUse } from '@shared/domain/audit-event';
import type { CaseStore } from './case-store';
import { ACTOR_KEY } from './derived';
import { toEvent } from './events-repo';
import { DERIVED_SINCE, olderCaseMessage, rowsForKeys } from './events-query';
import { geoDatabase } from './geo-db';
import { gapRunsSql, gapSessionId } from './session-sql';
import { queryRows } from './sql';

/** How many of the session's events the drawer gets either side of the event. */
const SIDE = 5;

/** What the detail drawer shows beside an event's own fields. */
export async function eventContext(store: CaseStore, tenantId: string, uid: string): Promise<EventContext> {
  if (store.meta.schemaVersion < DERIVED_SINCE) throw new AppError('USAGE', olderCaseMessage(store));
  const c = store.connection;
  const [event] = await queryRows(
    c,
    `SELECT ${ACTOR_KEY} AS actor, (SELECT country FROM ip_countries WHERE ip = e.ip LIMIT 1) AS country,
       (SELECT session_id FROM event_sessions s WHERE s.tenant_id = e.tenant_id AND s.uid = e.uid LIMIT 1) AS session_id
     FROM case_events e WHERE tenant_id = $1 AND uid = $2`,
    [tenantId, uid],
  );
  if (!event) throw new AppError('USAGE', `No event ${uid} in tenant ${tenantId}.`);
  const actor = event['actor'] === null ? null : String(event['actor']);
  const firstUses: FirstUse[] = [];
  if (actor !== null) {
    const rows = await queryRows(
      c,
      `SELECT kind, value, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS first_at, uid = $3 AS this_event
       FROM first_seen WHERE tenant_id = $1 AND actor = $2 AND value IN (
         SELECT unnest([e.ip, (SELECT country FROM ip_countries WHERE ip = e.ip LIMIT 1), e.user_agent])
         FROM case_events e WHERE e.tenant_id = $1 AND e.uid = $3)`,
      [tenantId, actor, uid],
    );
    for (const row of rows)
      firstUses.push({
        kind: row['kind'] as FirstUse['kind'],
        value: String(row['value']),
        firstAt: String(row['first_at']),
        thisEvent: row['this_event'] === true,
      });
  }
  const geo = geoDatabase();
  return {
    country: event['country'] === null ? null : String(event['country']),
    geoDatabase: { version: geo.version, date: geo.date },
    firstUses,
    session: await sessionAround(store, tenantId, uid, actor, event['session_id'] as string | null),
  };
}

async function sessionAround(
  store: CaseStore,
  tenantId: string,
  uid: string,
  actor: string | null,
  providerSession: string | null,
): Promise<EventContext['session']> {
  const gapMinutes = store.meta.sessionGapMinutes;
  let members: string;
  let params: DuckDBValue[];
  if (providerSession !== null) {
    members = `SELECT e.uid, e.occurred_at FROM case_events e SEMI JOIN event_sessions s ON s.tenant_id = e.tenant_id
      AND s.uid = e.uid AND s.session_id = $3 WHERE e.tenant_id = $1`;
    params = [tenantId, uid, providerSession];
  } else if (actor !== null) {
    const runs = gapRunsSql('$3', 'e.tenant_id = $1', '$4');
    members = `SELECT uid, occurred_at FROM (${runs}) WHERE k = (SELECT k FROM (${runs}) WHERE uid = $2)`;
    params = [tenantId, uid, actor, gapMinutes];
  } else {
    return null;
  }
  const keys = await queryRows(
    store.connection,
    `WITH m AS MATERIALIZED (SELECT uid, occurred_at, row_number() OVER (ORDER BY occurred_at, uid) AS i FROM (${members})),
       me AS (SELECT i FROM m WHERE uid = $2)
     SELECT uid, $1 AS tenant_id, epoch_us(occurred_at)::VARCHAR AS t, i, (SELECT count(*) FROM m) AS total,
       (SELECT epoch_us(min(occurred_at))::VARCHAR FROM m) AS start_us,
       strftime((SELECT min(occurred_at) FROM m), '%Y-%m-%dT%H:%M:%S.%fZ') AS first_at,
       strftime((SELECT max(occurred_at) FROM m), '%Y-%m-%dT%H:%M:%S.%fZ') AS last_at
     FROM m WHERE i BETWEEN (SELECT i FROM me) - ${SIDE} AND (SELECT i FROM me) + ${SIDE} ORDER BY i`,
    params,
  );
  const head = keys[0];
  if (!head) return null;
  // Read within the keys' time range (rowsForKeys): a session is short, so zone maps skip nearly every row group.
  const rows = await rowsForKeys(store, keys);
  const id = providerSession ?? gapSessionId(String(head['start_us']), actor ?? '');
  return {
    id,
    kind: providerSession !== null ? 'provider' : 'gap',
    gapMinutes,
    count: Number(head['total']),
    firstAt: String(head['first_at']),
    lastAt: String(head['last_at']),
    /** Position (from 1) of the first event listed. */
    offset: Number(head['i']),
    events: rows.map(({ cursor_t: _, ...row }) => toEvent(row)),
  };
}
