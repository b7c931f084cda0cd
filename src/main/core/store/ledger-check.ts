// Reading back the case's own chain of custody for case verification (core/integrity/case-ledger.ts): the ingest
// ledger's rows in the shape they were hashed in (ledger.ts), and each ledger row's rows digest re-derived from the
// stored events with the one definition import used (row-digest.ts). Read-only; works on a reader.
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import type { CaseStore } from './case-store';
import type { LedgerEntry } from './ledger';
import { ROWS_DIGEST_SQL } from './row-digest';
import { queryRows } from './sql';

/** What ROWS_DIGEST_SQL gives a ledger row that added no event (import's `coalesce(…, sha256(''))`). */
export const EMPTY_ROWS_DIGEST = createHash('sha256').update('').digest('hex');

/** The ledger's timestamps were written from `Date.toISOString()`: read back in that form, they hash the same. */
const ISO_MS = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
const ISO_US = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')`;

export interface StoredLedgerRow {
  entry: LedgerEntry;
  entryHash: string;
  /** recorded_at in microseconds since the epoch: every event the row added has this received_at. */
  recordedAtUs: string;
}

/** Every ledger row in seq order (one per imported object: thousands, not millions). */
export async function readLedger(store: CaseStore): Promise<StoredLedgerRow[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT seq, ${ISO_MS('recorded_at')} AS recorded_at, os_user, job, source_id, object_key, cursor_from, cursor_to,
       format, etag, size, ${ISO_MS('last_modified')} AS last_modified, object_metadata::VARCHAR AS object_metadata,
       sha256_received, sha256_content, added, duplicates, rejected, rows_digest, prev_hash, entry_hash,
       epoch_us(recorded_at)::VARCHAR AS recorded_at_us
     FROM ingest_ledger ORDER BY seq`,
  );
  return rows.map((r) => ({
    entry: {
      seq: Number(r['seq']),
      recorded_at: String(r['recorded_at']),
      os_user: String(r['os_user']),
      job: String(r['job']),
      source_id: String(r['source_id']),
      object_key: textOrNull(r['object_key']),
      cursor_from: textOrNull(r['cursor_from']),
      cursor_to: textOrNull(r['cursor_to']),
      format: textOrNull(r['format']),
      etag: textOrNull(r['etag']),
      size: r['size'] === null ? null : Number(r['size']),
      last_modified: textOrNull(r['last_modified']),
      object_metadata: metadataOf(r['object_metadata'], Number(r['seq'])),
      sha256_received: textOrNull(r['sha256_received']),
      sha256_content: textOrNull(r['sha256_content']),
      added: Number(r['added']),
      duplicates: Number(r['duplicates']),
      rejected: Number(r['rejected']),
      rows_digest: String(r['rows_digest']),
      prev_hash: String(r['prev_hash']),
    },
    entryHash: String(r['entry_hash']),
    recordedAtUs: String(r['recorded_at_us']),
  }));
}

/** The events holding one ingest_seq now, as a ledger row would have recorded them. */
export interface EventGroup {
  ingestSeq: number;
  events: number;
  rowsDigest: string;
  /** Earliest and latest received_at, microseconds since the epoch. */
  receivedMinUs: string;
  receivedMaxUs: string;
  /** The earliest occurred_at, ISO-8601 UTC. */
  firstAt: string;
}

/**
 * The rows digest and count of every ingest_seq in [from, to] (null: unbounded), in one GROUP BY. Events are appended
 * in ingest_seq order, so DuckDB's zone maps skip the row groups outside the range; the digest sorts each group's
 * fingerprints by uid, as import did.
 */
export async function eventGroups(store: CaseStore, from: number | null, to: number | null): Promise<EventGroup[]> {
  const where: string[] = [];
  const params: number[] = [];
  if (from !== null) where.push(`ingest_seq >= $${params.push(from)}`);
  if (to !== null) where.push(`ingest_seq <= $${params.push(to)}`);
  const rows = await queryRows(
    store.connection,
    `SELECT ingest_seq, count(*) AS events, ${ROWS_DIGEST_SQL} AS digest,
       epoch_us(min(received_at))::VARCHAR AS received_min, epoch_us(max(received_at))::VARCHAR AS received_max,
       ${ISO_US('min(occurred_at)')} AS first_at
     FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY ingest_seq ORDER BY ingest_seq`,
    params,
  );
  return rows.map((r) => ({
    ingestSeq: Number(r['ingest_seq']),
    events: Number(r['events']),
    rowsDigest: String(r['digest']),
    receivedMinUs: String(r['received_min']),
    receivedMaxUs: String(r['received_max']),
    firstAt: String(r['first_at']),
  }));
}

export interface EventRef {
  ingestSeq: number;
  uid: string;
  at: string;
}

/**
 * The uids of these ingest_seqs' events, at most `limit` of each (in uid order, each once), that match `which`:
 * all: any of them; received_off_ledger: received_at is not the time of their ledger row (import writes both from
 * one clock reading) or they have no ledger row; held_twice: the case holds their (tenant_id, uid) more than once
 * (import stores each once, first wins).
 */
export async function eventsOf(
  store: CaseStore,
  seqs: number[],
  which: 'all' | 'received_off_ledger' | 'held_twice',
  limit: number,
): Promise<EventRef[]> {
  if (seqs.length === 0) return [];
  // Integers checked here and written into the SQL: an IN list of constants lets DuckDB skip row groups by zone map.
  for (const seq of seqs) if (!Number.isSafeInteger(seq)) throw new AppError('INTERNAL', `Bad ingest_seq ${seq}.`);
  const list = seqs.join(', ');
  const filter = {
    all: '',
    received_off_ledger: `AND NOT EXISTS (SELECT 1 FROM ingest_ledger l WHERE l.seq = e.ingest_seq AND l.recorded_at = e.received_at)`,
    // Counted over the whole case, but only for the keys these ingest_seqs hold (a semi join, not a GROUP BY of all).
    held_twice: `AND (e.tenant_id, e.uid) IN (
        SELECT (a.tenant_id, a.uid) FROM events a
        SEMI JOIN (SELECT DISTINCT tenant_id, uid FROM events WHERE ingest_seq IN (${list})) m
          ON m.tenant_id = a.tenant_id AND m.uid = a.uid
        GROUP BY a.tenant_id, a.uid HAVING count(*) > 1)`,
  }[which];
  const rows = await queryRows(
    store.connection,
    `SELECT e.ingest_seq, e.uid, ${ISO_US('min(e.occurred_at)')} AS at FROM events e
     WHERE e.ingest_seq IN (${list}) ${filter}
     GROUP BY e.ingest_seq, e.uid
     QUALIFY row_number() OVER (PARTITION BY e.ingest_seq ORDER BY e.uid) <= $1
     ORDER BY e.ingest_seq, e.uid`,
    [limit],
  );
  return rows.map((r) => ({ ingestSeq: Number(r['ingest_seq']), uid: String(r['uid']), at: String(r['at']) }));
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function metadataOf(text: unknown, seq: number): Record<string, string> | null {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(String(text)) as Record<string, string>;
  } catch {
    // DuckDB's JSON type holds valid JSON; text that is not cannot have been what import hashed.
    throw new AppError('INTERNAL', `Ledger row ${seq} holds object metadata that is not JSON.`);
  }
}
