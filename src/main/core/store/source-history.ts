// What the case itself says about each saved source, for the Sources panel: how many events it brought and the
// span they cover (events table), the last sync that completed, and a failed one since (journal). Read-only; works
// on a reader.
import type { CaseStore } from './case-store';
import { queryRows } from './sql';

export interface SourceHistory {
  coverage: { events: number; first: string | null; last: string | null };
  lastSync: { at: string; added: number; duplicates: number; rejected: number } | null;
  lastFailure: { at: string; code: string; message: string } | null;
}

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;

export async function sourceHistories(store: CaseStore): Promise<Map<string, SourceHistory>> {
  const histories = new Map<string, SourceHistory>();
  const entry = (id: string): SourceHistory => {
    let history = histories.get(id);
    if (!history) {
      history = { coverage: { events: 0, first: null, last: null }, lastSync: null, lastFailure: null };
      histories.set(id, history);
    }
    return history;
  };
  const coverage = await queryRows(
    store.connection,
    `SELECT e.source_id, count(*)::BIGINT AS n,
       strftime(min(e.occurred_at) AT TIME ZONE 'UTC', ${ISO}) AS first,
       strftime(max(e.occurred_at) AT TIME ZONE 'UTC', ${ISO}) AS last
     FROM events e WHERE e.source_id IN (SELECT id FROM sources) GROUP BY e.source_id`,
  );
  for (const row of coverage) {
    entry(String(row['source_id'])).coverage = {
      events: Number(row['n']),
      first: row['first'] == null ? null : String(row['first']),
      last: row['last'] == null ? null : String(row['last']),
    };
  }
  // API syncs journal `source`, S3 syncs `sourceId`.
  const syncs = await queryRows(
    store.connection,
    `SELECT coalesce(detail->>'source', detail->>'sourceId') AS source_id,
       strftime(recorded_at AT TIME ZONE 'UTC', ${ISO}) AS at,
       coalesce(TRY_CAST(detail->>'added' AS BIGINT), 0) AS added,
       coalesce(TRY_CAST(detail->>'duplicates' AS BIGINT), 0) AS duplicates,
       coalesce(TRY_CAST(detail->>'rejected' AS BIGINT), 0) AS rejected
     FROM journal WHERE action = 'sync'
     QUALIFY row_number() OVER (PARTITION BY coalesce(detail->>'source', detail->>'sourceId') ORDER BY seq DESC) = 1`,
  );
  for (const row of syncs) {
    if (row['source_id'] == null) continue;
    entry(String(row['source_id'])).lastSync = {
      at: String(row['at']),
      added: Number(row['added']),
      duplicates: Number(row['duplicates']),
      rejected: Number(row['rejected']),
    };
  }
  // The newest failure, unless a sync completed after it.
  const failures = await queryRows(
    store.connection,
    `SELECT detail->>'source' AS source_id, strftime(recorded_at AT TIME ZONE 'UTC', ${ISO}) AS at,
       detail->>'code' AS code, detail->>'message' AS message
     FROM journal j WHERE action = 'sync-failed'
       AND NOT EXISTS (SELECT 1 FROM journal s WHERE s.action = 'sync' AND s.seq > j.seq
                       AND coalesce(s.detail->>'source', s.detail->>'sourceId') = (j.detail->>'source'))
     QUALIFY row_number() OVER (PARTITION BY detail->>'source' ORDER BY seq DESC) = 1`,
  );
  for (const row of failures) {
    if (row['source_id'] == null) continue;
    entry(String(row['source_id'])).lastFailure = {
      at: String(row['at']),
      code: String(row['code']),
      message: String(row['message']),
    };
  }
  return histories;
}
