// Reading a case: the event row shape, summary statistics and rejects, as JSON-safe objects with ISO-8601 UTC
// times. Queries, pages, facets and histograms are in events-query.ts.
import type { CaseStats, CaseSummary, NormalizedEvent, RejectRow } from '@shared/domain/audit-event';
import type { CaseStore } from './case-store';
import { queryRows, type Row } from './sql';

const ISO = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${column}`;
const JSON_COLUMNS = ['targets', 'changes', 'metadata', 'raw'] as const;

export const EVENT_SELECT = `uid, tenant_id, ${ISO('occurred_at')}, ${ISO('received_at')}, action, category, outcome,
  actor_id, actor_type, actor_name, actor_email, target_type, target_id, target_name, targets::VARCHAR AS targets, ip,
  user_agent, changes::VARCHAR AS changes, metadata::VARCHAR AS metadata, raw::VARCHAR AS raw, format, source_id,
  source_ref, ingest_seq, chain_seq, chain_hash, chain_prev`;

export function toEvent(row: Row): NormalizedEvent {
  const event = { ...row } as Record<string, unknown>;
  for (const column of JSON_COLUMNS) {
    const text = event[column];
    event[column] = typeof text === 'string' ? JSON.parse(text) : null;
  }
  event['ingest_seq'] = Number(event['ingest_seq']);
  event['chain_seq'] = event['chain_seq'] === null ? null : Number(event['chain_seq']);
  return event as unknown as NormalizedEvent;
}

export async function caseSummary(store: CaseStore): Promise<CaseSummary> {
  const [summary] = await queryRows(
    store.connection,
    `SELECT count(*) AS events, strftime(min(occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS first,
       strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS last,
       (SELECT coalesce(sum(rejected), 0) FROM ingest_ledger) AS rejects
     FROM case_events`,
  );
  return {
    tenant: store.meta.tenantId,
    multiTenant: store.meta.multiTenant,
    events: Number(summary?.['events'] ?? 0),
    rejects: Number(summary?.['rejects'] ?? 0),
    first: (summary?.['first'] as string | null) ?? null,
    last: (summary?.['last'] as string | null) ?? null,
  };
}

export async function caseStats(store: CaseStore, top = 10): Promise<CaseStats> {
  const c = store.connection;
  const actions = await queryRows(
    c,
    `SELECT action, count(*) AS n FROM case_events GROUP BY action ORDER BY n DESC, action LIMIT $1`,
    [top],
  );
  const actors = await queryRows(
    c,
    `SELECT coalesce(actor_email, actor_name, actor_id) AS actor, count(*) AS n FROM case_events
     WHERE coalesce(actor_email, actor_name, actor_id) IS NOT NULL GROUP BY 1 ORDER BY n DESC, actor LIMIT $1`,
    [top],
  );
  return {
    ...(await caseSummary(store)),
    topActions: actions.map((r) => ({ action: String(r['action']), count: Number(r['n']) })),
    topActors: actors.map((r) => ({ actor: String(r['actor']), count: Number(r['n']) })),
  };
}

export async function listRejects(store: CaseStore, limit?: number): Promise<RejectRow[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT ingest_seq, ${ISO('recorded_at')}, source_id, object_key, line, record, reason, excerpt FROM rejects
     ORDER BY ingest_seq, line NULLS FIRST, record NULLS FIRST${limit === undefined ? '' : ' LIMIT $1'}`,
    limit === undefined ? [] : [limit],
  );
  return rows.map((r) => ({
    ...(r as unknown as RejectRow),
    ingest_seq: Number(r['ingest_seq']),
    line: r['line'] === null ? null : Number(r['line']),
    record: r['record'] === null ? null : Number(r['record']),
  }));
}
