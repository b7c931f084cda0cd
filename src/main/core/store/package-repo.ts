// What an evidence package (core/reports/package.ts) says about a query's events besides the events themselves: how
// many and their span, the ingest ledger rows that brought them in (in the shape they were hashed in, so a recipient
// can recompute each entry hash), the case journal, the newest verifications and the chain heads. Read-only.
import type { ChainHead, VerificationRecord } from '@shared/domain/integrity';
import type { QueryNode } from '@shared/domain/query-ast';
import type { CaseStore } from './case-store';
import { condition, type QueryOptions } from './events-query';
import { readLedger, type StoredLedgerRow } from './ledger-check';
import { queryRows } from './sql';
import { lastChainHeads, listVerifications } from './verifications-repo';

/** How many of the newest verifications a package carries. */
export const PACKAGE_VERIFICATIONS = 20;

export interface JournalEntry {
  seq: number;
  recordedAt: string;
  osUser: string;
  action: string;
  detail: unknown;
}

export interface PackageRecords {
  events: number;
  /** Earliest and latest occurred_at of the query's events (ISO-8601 UTC), null when there are none. */
  first: string | null;
  last: string | null;
  ledger: StoredLedgerRow[];
  /** The case ledger's newest row: the head of the case's own chain of custody. */
  ledgerHead: { seq: number; entryHash: string } | null;
  /** Provider chain ends from the newest verification that found its chains intact. */
  chainHeads: ChainHead[];
  journal: JournalEntry[];
  verifications: VerificationRecord[];
}

export async function packageRecords(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions = {},
): Promise<PackageRecords> {
  const compiled = await condition(store, query, options);
  const [span] = await queryRows(
    store.connection,
    `SELECT count(*) AS events,
       strftime(min(occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS first,
       strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%S.%fZ') AS last
     FROM case_events WHERE ${compiled.sql}`,
    compiled.params,
  );
  const seqs = await queryRows(
    store.connection,
    `SELECT DISTINCT ingest_seq FROM events WHERE ${compiled.sql}`,
    compiled.params,
  );
  const covering = new Set(seqs.map((r) => Number(r['ingest_seq'])));
  const ledger = await readLedger(store);
  const newest = ledger[ledger.length - 1];
  const journal = await queryRows(
    store.connection,
    `SELECT seq, strftime(recorded_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS recorded_at, os_user, action,
       detail::VARCHAR AS detail
     FROM journal ORDER BY seq`,
  );
  return {
    events: Number(span?.['events'] ?? 0),
    first: span?.['first'] == null ? null : String(span['first']),
    last: span?.['last'] == null ? null : String(span['last']),
    ledger: ledger.filter((row) => covering.has(row.entry.seq)),
    ledgerHead: newest ? { seq: newest.entry.seq, entryHash: newest.entryHash } : null,
    chainHeads: (await lastChainHeads(store))?.heads ?? [],
    journal: journal.map((r) => ({
      seq: Number(r['seq']),
      recordedAt: String(r['recorded_at']),
      osUser: String(r['os_user']),
      action: String(r['action']),
      detail: JSON.parse(String(r['detail'])) as unknown,
    })),
    verifications: await listVerifications(store, PACKAGE_VERIFICATIONS),
  };
}
