// Sessions as SQL (the model is in sessions.ts): a gap session's id, and its events as a condition over `events`
// (`session:gap:…`). Kept apart from sessions.ts so that the query compiler needs nothing of the event reads.
import type { DuckDBValue } from '@duckdb/node-api';
import { actorIs } from './derived';

export interface GapSessionId {
  startMicros: bigint;
  actor: string;
}

export function gapSessionId(startMicros: bigint | string, actor: string): string {
  return `gap:${String(startMicros)}:${actor}`;
}

/** A gap session's id taken apart; null for anything else (a provider's session id). */
export function parseSessionId(text: string): GapSessionId | null {
  const m = /^gap:(-?\d{1,19}):(.+)$/s.exec(text);
  return m?.[1] && m[2] ? { startMicros: BigInt(m[1]), actor: m[2] } : null;
}

/**
 * The events of the actor (`actor`, a placeholder) that match `where` and have no provider session, numbered by gap
 * session (k) from the first (0). The provider sessions left out are the actor's own (a small scan of one column).
 */
export function gapRunsSql(actor: string, where: string, gap: string): string {
  return `SELECT tenant_id, uid, occurred_at,
      sum(brk) OVER (PARTITION BY tenant_id ORDER BY occurred_at, uid ROWS UNBOUNDED PRECEDING) AS k
    FROM (SELECT e.tenant_id, e.uid, e.occurred_at,
        CASE WHEN e.occurred_at - lag(e.occurred_at) OVER (PARTITION BY e.tenant_id ORDER BY e.occurred_at, e.uid)
          > to_minutes(${gap}::BIGINT) THEN 1 ELSE 0 END AS brk
      FROM case_events e ANTI JOIN (SELECT tenant_id, uid FROM event_sessions WHERE actor = ${actor}) s
        ON s.tenant_id = e.tenant_id AND s.uid = e.uid
      WHERE ${actorIs(actor, 'e.')} AND ${where})`;
}

/** `session:gap:…` as a condition: the actor's events from the session's first on, up to the first gap. */
export function gapSessionCondition(
  id: GapSessionId,
  gapMinutes: number,
  param: (value: DuckDBValue) => string,
): string {
  const actor = param(id.actor);
  const start = param(id.startMicros);
  const runs = gapRunsSql(actor, `e.occurred_at >= make_timestamptz(${start}::BIGINT)`, param(gapMinutes));
  return `coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM (${runs}) WHERE k = 0), false)`;
}
