// The events that carry a provider's hash chain (chain_seq not null), streamed per tenant in chain order for the chain
// check (core/integrity/chain.ts). DuckDB sorts (spilling to disk past the case's memory limit) and hands over one
// chunk of ~2 048 rows at a time; the next chunk is fetched while the caller works on this one, so memory stays
// bounded whatever the size of the case.
//
// Speed: node-api turns each VARCHAR value into a string with a native call of its own (~1.5 µs), more than hashing
// the event costs. So each row comes as ONE string, its fields joined by U+001F, and the uid, needed only for the
// few events a finding names, is looked up afterwards by rowid (eventUids).
import { AppError } from '../errors';
import type { CaseStore } from './case-store';
import { finishStream, queryRows } from './sql';

export interface ChainEventRow {
  /** DuckDB's row id: the events table is append-only, so it is the order rows arrived in, and stable. */
  rowid: number;
  /** occurred_at in microseconds since the epoch (exact: within 2^53). */
  occurredAtUs: number;
  seq: number;
  /**
   * chain_hash and chain_prev: a lowercase hex SHA-256 as stored; null when absent; anything else as `~` followed
   * by the SHA-256 of the text (equal texts stay equal, and none can pass for a real hash).
   */
  hash: string | null;
  prev: string | null;
  /** The record as received, verbatim. */
  raw: string;
}

/**
 * Which events form chains, and where their chain fields are. `columns`: the chain columns the import filled from
 * the generic format's `chain` (events of the sources in `except` left out). `paths`: one source's events, their
 * fields read from the record at these dotted paths (a chain scheme).
 */
export type ChainSource =
  { kind: 'columns'; except: string[] } | { kind: 'paths'; sourceId: string; seq: string; hash: string; prev: string };

interface ChainSql {
  seq: string;
  hash: string;
  prev: string;
  where: string;
  /** The parameters of `seq` and `where`, then of `hash` and `prev`: a statement binds what it uses. */
  whereParams: string[];
  params: string[];
}

/** The SQL of a source's chain fields and events, its parameters numbered from `first`. */
function chainSql(source: ChainSource, first: number): ChainSql {
  if (source.kind === 'columns') {
    const except = source.except.map((_, index) => `$${first + index}`);
    return {
      seq: 'chain_seq',
      hash: 'chain_hash',
      prev: 'chain_prev',
      where: `chain_seq IS NOT NULL${except.length > 0 ? ` AND source_id NOT IN (${except.join(', ')})` : ''}`,
      whereParams: source.except,
      params: source.except,
    };
  }
  const path = (dotted: string) =>
    '$.' +
    dotted
      .split('.')
      .map((name) => JSON.stringify(name))
      .join('.');
  const seq = `TRY_CAST(json_extract_string(raw, $${first + 1}) AS BIGINT)`;
  return {
    seq,
    hash: `json_extract_string(raw, $${first + 2})`,
    prev: `json_extract_string(raw, $${first + 3})`,
    where: `source_id = $${first} AND ${seq} IS NOT NULL`,
    whereParams: [source.sourceId, path(source.seq)],
    params: [source.sourceId, path(source.seq), path(source.hash), path(source.prev)],
  };
}

/** Tenants with chained events of this source, with how many each has (the progress totals). */
export async function chainTenants(
  store: CaseStore,
  source: ChainSource = { kind: 'columns', except: [] },
): Promise<{ tenantId: string; events: number }[]> {
  const sql = chainSql(source, 1);
  const rows = await queryRows(
    store.connection,
    `SELECT tenant_id, count(*) AS n FROM events WHERE ${sql.where} GROUP BY tenant_id ORDER BY tenant_id`,
    sql.whereParams,
  );
  return rows.map((r) => ({ tenantId: String(r['tenant_id']), events: Number(r['n']) }));
}

const US = '\x1f';
/** A hash as one field: '' for NULL, lowercase hex as is, any other text as `~` + its SHA-256. */
const hashField = (value: string) =>
  `CASE WHEN ${value} IS NULL THEN '' WHEN regexp_full_match(${value}, '[0-9a-f]{1,128}') THEN ${value}
   ELSE '~' || sha256(${value}) END`;
// raw comes last: whatever it holds, it is the rest of the line.
const chainRow = (sql: { seq: string; hash: string; prev: string }) =>
  `rowid::VARCHAR || chr(31) || epoch_us(occurred_at)::VARCHAR || chr(31) || (${sql.seq})::VARCHAR
  || chr(31) || ${hashField(sql.hash)} || chr(31) || ${hashField(sql.prev)} || chr(31) || raw::VARCHAR`;

/**
 * One tenant's chained events ordered by chain_seq, then occurred_at, then arrival (rowid), in chunks. Events are
 * usually stored in that order already (a provider's export or API pages in order): then they are read as stored,
 * which spares DuckDB sorting every record (half the time at 1M events); otherwise DuckDB sorts them.
 */
export async function* chainEvents(
  store: CaseStore,
  tenantId: string,
  source: ChainSource = { kind: 'columns', except: [] },
): AsyncGenerator<ChainEventRow[]> {
  const sql = chainSql(source, 2);
  const stored = await storedInChainOrder(store, tenantId, sql);
  const result = await store.connection.stream(
    `SELECT ${chainRow(sql)} AS r FROM events WHERE tenant_id = $1 AND ${sql.where}
     ${stored ? '' : `ORDER BY ${sql.seq}, occurred_at, rowid`}`,
    [tenantId, ...sql.params],
  );
  let next = result.fetchChunk();
  let lastRowid = -1;
  let finished = false;
  try {
    for (;;) {
      const chunk = await next;
      if (chunk === null || chunk.rowCount === 0) {
        finished = true;
        return;
      }
      next = result.fetchChunk();
      const lines = chunk.getColumnValues(0) as string[];
      const rows = new Array<ChainEventRow>(lines.length);
      for (let i = 0; i < lines.length; i++) {
        const row = parseChainRow(lines[i] as string);
        // DuckDB keeps insertion order for a plain scan; were it ever not so, the order checked above would not hold.
        if (stored && row.rowid <= lastRowid)
          throw new AppError('INTERNAL', 'Events were not read in the order they are stored.');
        lastRowid = row.rowid;
        rows[i] = row;
      }
      yield rows;
    }
  } finally {
    // A caller that stops early (cancelled) leaves a fetch in flight and the stream unfinished.
    if (!finished) await finishStream(store.connection, result, next);
  }
}

/** Whether the tenant's chained events, in the order they are stored, are already in chain order. */
async function storedInChainOrder(store: CaseStore, tenantId: string, sql: ChainSql): Promise<boolean> {
  const [row] = await queryRows(
    store.connection,
    `SELECT count(*) AS n FROM (
       SELECT seq, occurred_at, lag(seq) OVER w AS seq_before, lag(occurred_at) OVER w AS time_before
       FROM (SELECT ${sql.seq} AS seq, occurred_at, rowid AS r FROM events WHERE tenant_id = $1 AND ${sql.where})
       WINDOW w AS (ORDER BY r))
     WHERE seq < seq_before OR (seq = seq_before AND occurred_at < time_before)`,
    [tenantId, ...sql.whereParams],
  );
  return Number(row?.['n']) === 0;
}

function parseChainRow(line: string): ChainEventRow {
  const a = line.indexOf(US);
  const b = line.indexOf(US, a + 1);
  const c = line.indexOf(US, b + 1);
  const d = line.indexOf(US, c + 1);
  const e = line.indexOf(US, d + 1);
  return {
    rowid: Number(line.slice(0, a)),
    occurredAtUs: Number(line.slice(a + 1, b)),
    seq: Number(line.slice(b + 1, c)),
    hash: c + 1 === d ? null : line.slice(c + 1, d),
    prev: d + 1 === e ? null : line.slice(d + 1, e),
    raw: line.slice(e + 1),
  };
}

/** The uids of events by rowid (those a finding names). */
export async function eventUids(store: CaseStore, rowids: number[]): Promise<Map<number, string>> {
  const uids = new Map<number, string>();
  const unique = [...new Set(rowids)].filter(Number.isSafeInteger);
  for (let start = 0; start < unique.length; start += 5_000) {
    // Whole numbers only (checked above): written into the statement, as DuckDB takes no list parameter here.
    const batch = unique.slice(start, start + 5_000);
    const rows = await queryRows(
      store.connection,
      `SELECT rowid, uid FROM events WHERE rowid IN (${batch.join(', ')})`,
    );
    for (const r of rows) uids.set(Number(r['rowid']), String(r['uid']));
  }
  return uids;
}
