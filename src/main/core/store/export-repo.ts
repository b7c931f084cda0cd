// The rows of an export: a query's events streamed in (occurred_at, uid) order, and DuckDB's own COPY … TO for
// Parquet. The query's scope is compiled by events-query.ts as for `events.page`; nothing here is built from user
// text (the output path travels as a bound parameter, column names come from EXPORT_COLUMNS).
import type { DuckDBBlobValue, DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../errors';
import type { ExportColumn } from '@shared/domain/exports';
import type { QueryNode } from '@shared/domain/query-ast';
import type { CaseStore } from './case-store';
import { csvLineSql } from './csv-sql';
import { condition as scopeCondition } from './events-query';
import { finishStream, queryRows } from './sql';

export interface ExportScope {
  query: QueryNode | null;
  timeZone?: string;
}

/** The normalized columns of DESIGN.md §3, in their order, each as text (JSON and times as ISO-8601 UTC) and typed. */
const ISO = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
const COLUMN_SQL = {
  uid: { text: 'uid', typed: 'uid' },
  tenant_id: { text: 'tenant_id', typed: 'tenant_id' },
  occurred_at: { text: ISO('occurred_at'), typed: 'occurred_at' },
  received_at: { text: ISO('received_at'), typed: 'received_at' },
  action: { text: 'action', typed: 'action' },
  category: { text: 'category', typed: 'category' },
  outcome: { text: 'outcome', typed: 'outcome' },
  actor_id: { text: 'actor_id', typed: 'actor_id' },
  actor_type: { text: 'actor_type', typed: 'actor_type' },
  actor_name: { text: 'actor_name', typed: 'actor_name' },
  actor_email: { text: 'actor_email', typed: 'actor_email' },
  target_type: { text: 'target_type', typed: 'target_type' },
  target_id: { text: 'target_id', typed: 'target_id' },
  target_name: { text: 'target_name', typed: 'target_name' },
  targets: { text: 'targets::VARCHAR', typed: 'targets' },
  ip: { text: 'ip', typed: 'ip' },
  user_agent: { text: 'user_agent', typed: 'user_agent' },
  changes: { text: 'changes::VARCHAR', typed: 'changes' },
  metadata: { text: 'metadata::VARCHAR', typed: 'metadata' },
  raw: { text: 'raw::VARCHAR', typed: 'raw' },
  format: { text: 'format', typed: 'format' },
  source_id: { text: 'source_id', typed: 'source_id' },
  source_ref: { text: 'source_ref', typed: 'source_ref' },
  ingest_seq: { text: 'ingest_seq::VARCHAR', typed: 'ingest_seq' },
  chain_seq: { text: 'chain_seq::VARCHAR', typed: 'chain_seq' },
  chain_hash: { text: 'chain_hash', typed: 'chain_hash' },
  chain_prev: { text: 'chain_prev', typed: 'chain_prev' },
} as const satisfies Record<ExportColumn, { text: string; typed: string }>;
/** Columns holding JSON text (parsed back to values in NDJSON). */
export const JSON_EXPORT_COLUMNS: readonly ExportColumn[] = ['targets', 'changes', 'metadata', 'raw'];

function columnList(columns: readonly ExportColumn[], form: 'text' | 'typed'): string {
  return columns
    .map((column) => {
      const sql = COLUMN_SQL[column]?.[form];
      if (sql === undefined) throw new AppError('INTERNAL', `Not an export column: ${String(column).slice(0, 64)}`);
      return `${sql} AS ${column}`;
    })
    .join(', ');
}

/**
 * The SELECT of an export: the scope's events, these columns as text or typed, in (occurred_at, uid) order, with
 * its parameters. (The benchmark gives the same SELECT to DuckDB's own COPY.)
 */
export async function exportSelect(
  store: CaseStore,
  scope: ExportScope,
  columns: readonly ExportColumn[],
  form: 'text' | 'typed',
): Promise<{ sql: string; params: DuckDBValue[] }> {
  const compiled = await scopeCondition(store, scope.query, scope);
  return {
    sql: `SELECT ${columnList(columns, form)} FROM case_events WHERE ${compiled.sql} ORDER BY occurred_at, uid`,
    params: [...compiled.params],
  };
}

export async function countScope(store: CaseStore, scope: ExportScope): Promise<number> {
  const compiled = await scopeCondition(store, scope.query, scope);
  const [row] = await queryRows(
    store.connection,
    `SELECT count(*) AS n FROM case_events WHERE ${compiled.sql}`,
    compiled.params,
  );
  return Number(row?.['n'] ?? 0);
}

/** A DuckDB chunk of an export's rows (~2048), each made when asked for. */
export interface RowChunk {
  length: number;
  row(index: number): (string | null)[];
}

/** A DuckDB chunk of an export's finished lines (~2048) as UTF-8 bytes, each read when asked for. */
export interface LineChunk {
  length: number;
  line(index: number): Uint8Array;
}

/**
 * The SELECT of one value per event, made by `rowSql` over the scope's columns as text, in (occurred_at, uid) order.
 * The value is made before the sort and the ORDER BY is the outermost clause: rows are built on DuckDB's threads
 * while it scans, the sort carries one column instead of 26 (half the time of building lines over a sorted
 * subquery at 1M events), and the order is the query's own rather than kept by a subquery by chance.
 */
async function orderedRows(
  store: CaseStore,
  scope: ExportScope,
  columns: readonly ExportColumn[],
  rowSql: string,
): Promise<{ sql: string; params: DuckDBValue[] }> {
  const compiled = await scopeCondition(store, scope.query, scope);
  const inner = `SELECT ${columnList(columns, 'text')}, occurred_at AS export_at__, uid AS export_uid__ FROM case_events WHERE ${compiled.sql}`;
  return {
    sql: `SELECT ${rowSql} AS line FROM (${inner}) ORDER BY export_at__, export_uid__`,
    params: [...compiled.params],
  };
}

/**
 * A query's single column a DuckDB chunk at a time. DuckDB streams the result, so memory stays bounded by a
 * chunk (and DuckDB's own sort, which spills past the case's memory limit). Stopping early (return/throw in the
 * consumer, or `signal`) interrupts the query. The store should be a connection of its own (CaseStore.reader()): a
 * stream holds it until done.
 */
async function* streamColumn(
  store: CaseStore,
  select: { sql: string; params: DuckDBValue[] },
  signal?: AbortSignal,
): AsyncGenerator<{ length: number; item(index: number): unknown }> {
  const result = await store.connection.stream(select.sql, select.params);
  const interrupt = () => store.connection.interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  let pending: Promise<unknown> | null = null;
  let finished = false;
  try {
    for (;;) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled.');
      // The next chunk is fetched only once the consumer is done with this one: a chunk's strings may point into
      // DuckDB's sort blocks, which the next fetch can release. Fetched ahead (as this once was), a 3M-event NDJSON
      // export whose sort spilled read a row's JSON from freed memory.
      const fetching = result.fetchChunk();
      pending = fetching;
      const chunk = await fetching;
      pending = null;
      if (!chunk || chunk.rowCount === 0) break;
      const vector = chunk.getColumnVector(0);
      // Items are read one at a time as the consumer asks: a chunk's rows all alive at once outlived V8's young
      // generation and garbage collection took 40 % of a CSV export's time. The item reader holds the chunk itself,
      // not only its vector: node-api frees a collected chunk's memory, which the vector's strings point into.
      yield { length: chunk.rowCount, item: (i) => (chunk.rowCount > i ? vector.getItem(i) : null) };
    }
    finished = true;
  } finally {
    signal?.removeEventListener('abort', interrupt);
    if (!finished) await finishStream(store.connection, result, pending);
  }
}

/** The scope's events as rows of text cells (null for SQL NULL), in (occurred_at, uid) order; see streamColumn. */
export async function* streamScope(
  store: CaseStore,
  scope: ExportScope,
  columns: readonly ExportColumn[],
  signal?: AbortSignal,
): AsyncGenerator<RowChunk> {
  // Many columns travel as one JSON array per row, parsed in JS: reading 26 VARCHAR cells a row through node-api's
  // value conversion took 45 µs a row, the JSON text and JSON.parse 5 µs (measured at 200k rows).
  const one = columns.length === 1;
  const select = await orderedRows(
    store,
    scope,
    columns,
    one ? columns[0]! : `to_json([${columns.join(', ')}])::VARCHAR`,
  );
  for await (const chunk of streamColumn(store, select, signal))
    yield {
      length: chunk.length,
      row: (i) => {
        const text = chunk.item(i) as string | null;
        return one ? [text] : (JSON.parse(text ?? '[]') as (string | null)[]);
      },
    };
}

/**
 * The scope's events as CSV lines (CRLF included) of these columns, built by DuckDB with core/csv.ts's rules
 * (csv-sql.ts), in (occurred_at, uid) order; see streamColumn. The lines come as bytes, written as they are: node-api
 * decodes VARCHAR with a TextDecoder that drops a leading U+FEFF, which would take it from a line whose first cell
 * starts with one (and decoding only to encode again cost time too).
 */
export async function* streamCsvLines(
  store: CaseStore,
  scope: ExportScope,
  columns: readonly ExportColumn[],
  signal?: AbortSignal,
): AsyncGenerator<LineChunk> {
  const select = await orderedRows(store, scope, columns, `encode(${csvLineSql(columns)})`);
  for await (const chunk of streamColumn(store, select, signal))
    yield { length: chunk.length, line: (i) => (chunk.item(i) as DuckDBBlobValue).bytes };
}

/** DuckDB's own COPY of the scope's typed columns to a Parquet file; returns the rows written. */
export async function copyScopeToParquet(
  store: CaseStore,
  scope: ExportScope,
  columns: readonly ExportColumn[],
  path: string,
  signal?: AbortSignal,
): Promise<number> {
  const select = await exportSelect(store, scope, columns, 'typed');
  return copyTo(store, select, path, '(FORMAT parquet)', signal);
}

/**
 * `COPY (select) TO target options`, interrupted on `signal`; returns the rows written. The target is a bound
 * parameter: DuckDB takes one for COPY … TO, so no quoting of a user's path is needed.
 */
async function copyTo(
  store: CaseStore,
  select: { sql: string; params: DuckDBValue[] },
  target: string,
  options: string,
  signal?: AbortSignal,
): Promise<number> {
  const params: DuckDBValue[] = [...select.params, target];
  const interrupt = () => store.connection.interrupt();
  signal?.addEventListener('abort', interrupt, { once: true });
  try {
    if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled.');
    const reader = await store.connection.runAndReadAll(`COPY (${select.sql}) TO $${params.length} ${options}`, params);
    return Number(reader.getRowsJson()[0]?.[0] ?? 0);
  } catch (error) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled.');
    throw error;
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}

/** The Hive partition columns of a partitioned export, in path order: `tenant_id=…/date=YYYY-MM-DD/`. */
export const PARTITION_COLUMNS = ['tenant_id', 'date'] as const;

/**
 * DuckDB's own COPY of the scope's typed columns to a folder of Hive-partitioned Parquet files,
 * `<folder>/tenant_id=…/date=YYYY-MM-DD/data_N.parquet`, `date` being occurred_at's UTC day. The partition values live
 * in the paths only (DuckDB percent-encodes any `/`, `=`, `%`, space or non-ASCII in them, so no tenant id leaves the
 * folder). The folder is a bound parameter, like the file of copyScopeToParquet. Returns the rows written.
 */
export async function copyScopeToPartitionedParquet(
  store: CaseStore,
  scope: ExportScope,
  columns: readonly ExportColumn[],
  folder: string,
  signal?: AbortSignal,
): Promise<number> {
  const compiled = await scopeCondition(store, scope.query, scope);
  const inFiles = columns.filter((column) => column !== 'tenant_id');
  const select =
    `SELECT ${inFiles.length > 0 ? `${columnList(inFiles, 'typed')}, ` : ''}tenant_id, ` +
    `strftime(timezone('UTC', occurred_at), '%Y-%m-%d') AS date FROM case_events WHERE ${compiled.sql} ` +
    'ORDER BY occurred_at, uid';
  return copyTo(
    store,
    { sql: select, params: [...compiled.params] },
    folder,
    `(FORMAT parquet, PARTITION_BY (${PARTITION_COLUMNS.join(', ')}))`,
    signal,
  );
}
