// Ingestion of a batch of objects (files, S3 objects, API pages) in one transaction: stage → map (mappings.ts) →
// fallback uids → dedup on (tenant_id, uid), first wins → append events → rejects → one ledger row per object,
// hash-linked to the previous one. A sync's checkpoint is written in the same transaction as its events.
// Which units make a batch is the ingest batcher's call (sources/ingest-batcher.ts); this imports nothing of sources.
import { listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { AppError, throwIfAborted } from '../errors';
import { categoryOf } from '../formats/category';
import type { FormatId } from '../formats/formats';
import { recordHashUid } from '../formats/record-hash';
import { literalFilePattern } from '../ingest/file-pattern';
import { SPOOL_FORMAT, SPOOL_MAX_LINE_BYTES } from '../ingest/spool';
import { holdsRecords, type IngestUnit } from '../ingest/units';
import { CASE_MEMORY_LIMIT, CASE_MEMORY_MB, CaseStore, osUser } from './case-store';
import { deriveBatch, EVENT_KEY_SQL } from './derived';
import { LEDGER_GENESIS_HASH, ledgerEntryHash, type LedgerEntry } from './ledger';
import { MAPPINGS, type FormatMapping } from './mappings';
import { ROWS_DIGEST_SQL } from './row-digest';
import { inTransaction, queryRows, sqlLiteral } from './sql';

export interface IngestOptions {
  sourceId: string;
  job: 'import' | 'sync';
  signal?: AbortSignal;
  /** Saved in `sources.checkpoint` in the same transaction as the events. */
  checkpoint?: { sourceId: string; value: unknown };
}

export interface UnitResult {
  objectKey: string;
  ingestSeq: number;
  added: number;
  duplicates: number;
  rejected: number;
}

const EXCERPT_CHARS = 200;
/** Queries over the sources bind $1 (the case tenant) and $2 (multi-tenant flag) before the sources' own values. */
const FIXED_PARAMS = 2;
// Clean files never hold a line over the limit they were checked against in JS (the unit's maxLineBytes); read_csv's
// buffer must hold a whole line, and it sizes its buffers from max_line_size, so both are set, not left huge.
const csvLineOptions = (maxLineBytes: number) => `quote='', escape='', header=false, auto_detect=false, new_line='\\n',
  max_line_size=${maxLineBytes + 1}, buffer_size=${2 * maxLineBytes + 2}`;
const csvAsLines = (maxLineBytes: number) =>
  `columns={'raw': 'VARCHAR'}, delim=E'\\x01', ${csvLineOptions(maxLineBytes)}`;
/** A spool file (ingest/spool.ts): ref, the separator (SPOOL_FORMAT.separator, 0x01), the record. */
const CSV_AS_SPOOL = `columns={'ref': 'BIGINT', 'raw': 'VARCHAR'}, delim=E'\\x01', ${csvLineOptions(SPOOL_MAX_LINE_BYTES)}`;
const SPOOL_DECODED = `replace(replace(c.raw, chr(${SPOOL_FORMAT.newline}), chr(10)), chr(${SPOOL_FORMAT.carriageReturn}), chr(13))`;

export async function ingestUnits(
  store: CaseStore,
  units: IngestUnit[],
  options: IngestOptions,
): Promise<UnitResult[]> {
  store.assertWritable();
  throwIfAborted(options.signal);
  const connection = store.connection;
  const onAbort = () => connection.interrupt();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await withIngestSettings(connection, () =>
      inTransaction(connection, () => ingestInTransaction(store, units, options)),
    );
  } catch (error) {
    throwIfAborted(options.signal);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * DuckDB's memory while a batch is stored. Each insert thread fills a row group of 122,880 rows before writing it
 * to the case file (~300 MB uncompressed for CloudTrail, ~2.5 KB a row), and written blocks stay cached up to the
 * memory limit: at the case's 1 GB limit that made 1.4 GB of a 1M-event import's peak RSS. Under a lower limit
 * DuckDB drops cached blocks and spills the rest of a row group to its temp folder. What it cannot spill (reader
 * buffers, JSON arenas, the blocks being appended to) grows with its threads; 300 MB was enough for 2 threads,
 * 250 MB for 1. So: 150 MB plus 100 MB a thread (350 MB here; CloudTrail 1.4 → 0.8 GB, generic 1.0 → 0.6 GB, no
 * slower), never over the case's own. A batch that does not fit even so is stored again at the case's limit
 * (tests shrink these figures to see that happen).
 */
export const INGEST_MEMORY = { baseMb: 150, perThreadMb: 100 };

async function withIngestSettings<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  const [row] = await queryRows(connection, `SELECT current_setting('threads') AS threads`);
  const limitMb = INGEST_MEMORY.baseMb + INGEST_MEMORY.perThreadMb * Math.max(1, Number(row?.['threads']) || 1);
  // DuckDB refuses a lower limit while more than it is in use (a large query on a reader): then the case's stays.
  let lowered =
    limitMb < CASE_MEMORY_MB &&
    (await connection.run(`SET memory_limit = '${limitMb}MB'`).then(
      () => true,
      () => false,
    ));
  try {
    return await work();
  } catch (error) {
    if (!lowered || !/^Out of Memory Error/i.test((error as Error).message)) throw error;
    // The batch was rolled back: store it again at the case's limit rather than fail an import that fits in that.
    lowered = false;
    await connection.run(`SET memory_limit = '${CASE_MEMORY_LIMIT}'`);
    return await work();
  } finally {
    // The case's own figure, not current_setting()'s rounded text, which would creep down batch by batch.
    if (lowered) await connection.run(`SET memory_limit = '${CASE_MEMORY_LIMIT}'`);
  }
}

async function ingestInTransaction(
  store: CaseStore,
  units: IngestUnit[],
  options: IngestOptions,
): Promise<UnitResult[]> {
  const connection = store.connection;
  const receivedAt = new Date().toISOString();
  const [last] = await queryRows(connection, 'SELECT seq, entry_hash FROM ingest_ledger ORDER BY seq DESC LIMIT 1');
  const firstSeq = Number(last?.['seq'] ?? 0) + 1;

  await connection.run(`
    CREATE OR REPLACE TEMP TABLE ingest_units (unit INTEGER, seq BIGINT, object_key VARCHAR, ref_kind VARCHAR, explode BOOLEAN);
    CREATE OR REPLACE TEMP TABLE stage_lines (unit INTEGER, ref BIGINT, raw VARCHAR);
    CREATE OR REPLACE TEMP TABLE batch (
      unit INTEGER, ref BIGINT, sub INTEGER, uid VARCHAR, tenant_id VARCHAR, format VARCHAR, action VARCHAR, ip VARCHAR,
      reject_reason VARCHAR, excerpt VARCHAR, hash_input VARCHAR);
    CREATE OR REPLACE TEMP TABLE action_categories (format VARCHAR, action VARCHAR, category VARCHAR);
    CREATE OR REPLACE TEMP TABLE uid_fix (unit INTEGER, ref BIGINT, sub INTEGER, uid VARCHAR);
  `);
  await stageUnits(connection, units, firstSeq);

  // Two passes over the records. The first maps only what decides a record's fate (its key, its reject reason);
  // the second maps everything and streams it into `events`, joined only to small tables. Carrying 500-byte raw
  // strings through a join or a sort instead costs about twice as much (measured).
  // Each format's statement binds only its own sources' values: DuckDB refuses a value the statement has no place for.
  const mappings = [...new Set(units.flatMap((u) => (u.format && u.input ? [u.format] : [])))].map((format) => {
    const sourceParams: DuckDBValue[] = [];
    const sources = sourcesSql(units, format, sourceParams).join('\nUNION ALL\n');
    return { sql: mappingSql(format, MAPPINGS[format], sources), sourceParams };
  });
  for (const { sql, sourceParams } of mappings) {
    throwIfAborted(options.signal);
    await connection.run(
      `INSERT INTO batch SELECT unit, ref, sub, uid, tenant_id, format, action, ip, reject_reason, excerpt, hash_input
       FROM (${sql})`,
      [store.meta.tenantId, store.meta.multiTenant, ...sourceParams],
    );
  }
  await checkLineNumbers(connection, units);
  await fillFallbackUids(connection);
  throwIfAborted(options.signal);

  await fillCategories(connection);
  // Losers: later records of a uid within the batch, and records whose uid the case already holds. Category and
  // IP validity are worked out once per distinct value rather than once per row.
  await connection.run(`
    CREATE OR REPLACE TEMP TABLE keyed AS
    SELECT unit, ref, sub, tenant_id, uid, ${EVENT_KEY_SQL} AS key FROM (
      SELECT b.unit, b.ref, b.sub, b.tenant_id, coalesce(b.uid, f.uid) AS uid
      FROM batch b LEFT JOIN uid_fix f USING (unit, ref, sub) WHERE b.reject_reason IS NULL);
    CREATE OR REPLACE TEMP TABLE losers AS
    SELECT unit, ref, sub FROM keyed
    QUALIFY row_number() OVER (PARTITION BY tenant_id, uid ORDER BY unit, ref, sub) > 1;
    -- Records whose key the case holds (a number per event, not every event's uid: 10M events read at every batch).
    CREATE OR REPLACE TEMP TABLE held AS SELECT * FROM keyed WHERE key IN (SELECT key FROM event_keys);
    CREATE OR REPLACE TEMP TABLE valid_ips AS
    SELECT ip FROM (SELECT DISTINCT ip FROM batch WHERE ip IS NOT NULL) WHERE ip_or_null(ip) IS NOT NULL;
  `);
  // Two events may share a key: a held record is a duplicate only if the case holds its tenant and uid. Most
  // batches of new events hold none, and read no event.
  const [held] = await queryRows(connection, 'SELECT count(*)::INTEGER AS n FROM held');
  if (Number(held?.['n']) > 0)
    await connection.run(`
      INSERT INTO losers SELECT unit, ref, sub FROM held h
      WHERE EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = h.tenant_id AND e.uid = h.uid)`);
  for (const { sql: mapping, sourceParams } of mappings) {
    throwIfAborted(options.signal);
    const receivedAtParam = `$${FIXED_PARAMS + sourceParams.length + 1}`;
    const sourceIdParam = `$${FIXED_PARAMS + sourceParams.length + 2}`;
    await connection.run(
      `INSERT INTO events
       SELECT coalesce(m.uid, f.uid), m.tenant_id, m.occurred_at, ${receivedAtParam}::TIMESTAMPTZ, m.action, c.category, m.outcome,
         m.actor_id, m.actor_type, m.actor_name, m.actor_email, m.target_type, m.target_id, m.target_name, m.targets,
         v.ip, m.user_agent, m.changes, m.metadata, m.raw::JSON, m.format, ${sourceIdParam},
         u.object_key || CASE WHEN u.ref_kind = 'line' THEN ':' ELSE '#' END || m.ref
           || CASE WHEN u.explode THEN '/' || m.sub ELSE '' END,
         u.seq, m.chain_seq, m.chain_hash, m.chain_prev
       FROM (${mapping}) m
         JOIN ingest_units u USING (unit)
         JOIN action_categories c ON c.format = m.format AND c.action = m.action
         LEFT JOIN valid_ips v ON v.ip = m.ip
         LEFT JOIN uid_fix f ON f.unit = m.unit AND f.ref = m.ref AND f.sub = m.sub
         -- Not NOT EXISTS: DuckDB plans that as a delim join that materializes every row, raw text included.
         ANTI JOIN losers l ON l.unit = m.unit AND l.ref = m.ref AND l.sub = m.sub
       WHERE m.reject_reason IS NULL`,
      [store.meta.tenantId, store.meta.multiTenant, ...sourceParams, receivedAt, options.sourceId],
    );
  }
  await connection.run(
    `INSERT INTO rejects
     SELECT u.seq, $1::TIMESTAMPTZ, $2, u.object_key, CASE WHEN u.ref_kind = 'line' THEN b.ref END,
       CASE WHEN u.ref_kind = 'record' THEN b.ref END, b.reject_reason, b.excerpt
     FROM batch b JOIN ingest_units u USING (unit)
     WHERE b.reject_reason IS NOT NULL
     ORDER BY b.unit, b.ref, b.sub`,
    [receivedAt, options.sourceId],
  );
  await insertPreRejects(connection, units, firstSeq, receivedAt, options.sourceId);

  // Only this batch's rows: ingest_seq grows with every append, so zone maps skip all older row groups.
  const counts = await queryRows(
    connection,
    `WITH added AS (
       SELECT ingest_seq AS seq, count(*) AS added, ${ROWS_DIGEST_SQL} AS digest
       FROM events WHERE ingest_seq BETWEEN $1 AND $2 GROUP BY ingest_seq),
     checked AS (
       SELECT unit, count(*) FILTER (reject_reason IS NULL) AS good, count(*) FILTER (reject_reason IS NOT NULL) AS bad
       FROM batch GROUP BY unit)
     SELECT u.seq, coalesce(c.good, 0) AS good, coalesce(c.bad, 0) AS bad, coalesce(a.added, 0) AS added,
       coalesce(a.digest, sha256('')) AS digest
     FROM ingest_units u LEFT JOIN checked c USING (unit) LEFT JOIN added a USING (seq)
     ORDER BY u.unit`,
    [firstSeq, firstSeq + units.length - 1],
  );
  const results: UnitResult[] = [];
  let prevHash = String(last?.['entry_hash'] ?? LEDGER_GENESIS_HASH);
  const ledger = await connection.prepare(
    `INSERT INTO ingest_ledger VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::TIMESTAMPTZ,
       $13::JSON, $14, $15, $16, $17, $18, $19, $20, $21)`,
  );
  for (const [index, unit] of units.entries()) {
    const row = counts[index];
    if (!row) throw new AppError('INTERNAL', `No counts for ${unit.objectKey}.`);
    const added = Number(row['added']);
    const good = Number(row['good']);
    const rejected = Number(row['bad']) + unit.preRejects.reduce((n, r) => n + (r.count ?? 1), 0);
    const entry: LedgerEntry = {
      seq: firstSeq + index,
      recorded_at: receivedAt,
      os_user: osUser(),
      job: options.job,
      source_id: options.sourceId,
      object_key: unit.objectKey,
      cursor_from: unit.object.cursorFrom ?? null,
      cursor_to: unit.object.cursorTo ?? null,
      format: unit.format,
      etag: unit.object.etag ?? null,
      size: unit.object.size,
      last_modified: unit.object.lastModified ?? null,
      object_metadata: unit.object.metadata ?? null,
      sha256_received: unit.object.sha256Received,
      sha256_content: unit.object.sha256Content,
      added,
      duplicates: good - added,
      rejected,
      rows_digest: String(row['digest']),
      prev_hash: prevHash,
    };
    const entryHash = ledgerEntryHash(entry);
    ledger.bind([
      entry.seq,
      entry.recorded_at,
      entry.os_user,
      entry.job,
      entry.source_id,
      entry.object_key,
      entry.cursor_from,
      entry.cursor_to,
      entry.format,
      entry.etag,
      entry.size,
      entry.last_modified,
      entry.object_metadata ? JSON.stringify(entry.object_metadata) : null,
      entry.sha256_received,
      entry.sha256_content,
      entry.added,
      entry.duplicates,
      entry.rejected,
      entry.rows_digest,
      entry.prev_hash,
      entryHash,
    ]);
    await ledger.run();
    if (unit.digest) {
      await connection.run(`INSERT INTO digests VALUES ($1, $2, $3, $4, $5, $6)`, [
        entry.seq,
        options.sourceId,
        unit.objectKey,
        unit.digest.content,
        unit.digest.signature,
        unit.digest.signatureAlgorithm,
      ]);
    }
    prevHash = entryHash;
    results.push({ objectKey: unit.objectKey, ingestSeq: entry.seq, added, duplicates: good - added, rejected });
  }
  await deriveBatch(connection, firstSeq, firstSeq + units.length - 1);
  // The staged records are not needed past this batch; a long-lived app should not hold them until the next one.
  await connection.run(
    `DROP TABLE stage_lines; DROP TABLE batch; DROP TABLE uid_fix; DROP TABLE keyed; DROP TABLE held; DROP TABLE losers;`,
  );
  if (options.checkpoint) {
    await connection.run(`UPDATE sources SET checkpoint = $2::JSON WHERE id = $1`, [
      options.checkpoint.sourceId,
      JSON.stringify(options.checkpoint.value),
    ]);
  }
  return results;
}

async function stageUnits(connection: DuckDBConnection, units: IngestUnit[], firstSeq: number): Promise<void> {
  const unitsAppender = await connection.createAppender('ingest_units', null, 'temp');
  const linesAppender = await connection.createAppender('stage_lines', null, 'temp');
  for (const [index, unit] of units.entries()) {
    unitsAppender.appendInteger(index);
    unitsAppender.appendBigInt(BigInt(firstSeq + index));
    unitsAppender.appendVarchar(unit.objectKey);
    const refKind = unit.input?.kind === 'records' || (unit.input?.kind === 'spooled' && unit.input.refs === 'record');
    unitsAppender.appendVarchar(refKind ? 'record' : 'line');
    unitsAppender.appendBoolean(unit.format ? MAPPINGS[unit.format].explode !== undefined : false);
    unitsAppender.endRow();
    const stage = (ref: number, raw: string) => {
      linesAppender.appendInteger(index);
      linesAppender.appendBigInt(BigInt(ref));
      linesAppender.appendVarchar(raw);
      linesAppender.endRow();
    };
    if (unit.input?.kind === 'lines') for (const { line, raw } of unit.input.lines) stage(line, raw);
    else if (unit.input?.kind === 'records')
      for (const { index: record, raw } of unit.input.records) stage(record, raw);
    else if (unit.input?.kind === 'spooled') for (const { ref, raw } of unit.input.held) stage(ref, raw);
  }
  unitsAppender.closeSync();
  linesAppender.closeSync();
}

/**
 * SQL producing (unit, ref, raw) for every record of the units of one format. Clean NDJSON files are read by one
 * multi-file read_csv per compression (a UNION of per-file reads is ~3x slower); a file's line number is the read's
 * ordinality minus the rows of the files before it. Values travel as parameters appended to `params`, numbered
 * after the FIXED_PARAMS that every query using these sources binds first.
 */
function sourcesSql(units: IngestUnit[], format: FormatId, params: DuckDBValue[]): string[] {
  const param = (value: DuckDBValue) => {
    params.push(value);
    return `$${params.length + FIXED_PARAMS}`;
  };
  const sql: string[] = [];
  for (const gzip of [true, false]) {
    const files = units.flatMap((unit, index) =>
      unit.format === format && unit.input?.kind === 'ndjson-file' && unit.input.gzip === gzip
        ? [{ index, input: unit.input }]
        : [],
    );
    if (files.length === 0) continue;
    let offset = 0;
    const offsets = files.map(({ input }) => {
      const before = offset;
      offset += input.rows;
      return before;
    });
    const paths = param(listValue(files.map((f) => patternOf(f.input.path))));
    // One read, so one line limit: the largest its files were checked against holds every line of each.
    const maxLineBytes = Math.max(...files.map((f) => f.input.maxLineBytes));
    // Blank lines (JSON spaces only; a clean file's lines hold no CR or LF) are skipped, as read-object.ts skips them
    // in staged files; an empty one reads as NULL. Not trim(): it walks every line to its end, 1.4 s per 200k events.
    // A row's file is its file_index, its place in the list of paths (from 0).
    sql.push(`SELECT f.unit, (c.ordinality - f.line_offset)::BIGINT AS ref, c.raw
      FROM read_csv(${paths}, ${csvAsLines(maxLineBytes)}, compression='${gzip ? 'gzip' : 'none'}') WITH ORDINALITY c
      JOIN (SELECT unnest(${param(listValue(files.map((f) => f.index)))}::INTEGER[]) AS unit,
                   (generate_subscripts(${paths}::VARCHAR[], 1) - 1)::UBIGINT AS file_index,
                   unnest(${param(listValue(offsets))}::BIGINT[]) AS line_offset) f USING (file_index)
      WHERE regexp_matches(c.raw, '[^ \t]')`);
  }
  // Spool files carry their refs: one multi-file read for all of them, line breaks decoded only where encoded.
  const spooled = units.flatMap((unit, index) =>
    unit.format === format && unit.input?.kind === 'spooled' && unit.input.rows > 0
      ? [{ index, input: unit.input }]
      : [],
  );
  if (spooled.length > 0) {
    const paths = param(listValue(spooled.map((f) => patternOf(f.input.path))));
    sql.push(`SELECT f.unit, c.ref, CASE WHEN f.encoded THEN ${SPOOL_DECODED} ELSE c.raw END AS raw
      FROM read_csv(${paths}, ${CSV_AS_SPOOL}, compression='none') c
      JOIN (SELECT unnest(${param(listValue(spooled.map((f) => f.index)))}::INTEGER[]) AS unit,
                   (generate_subscripts(${paths}::VARCHAR[], 1) - 1)::UBIGINT AS file_index,
                   unnest(${param(listValue(spooled.map((f) => f.input.encoded)))}::BOOLEAN[]) AS encoded) f USING (file_index)`);
  }
  // One branch for every staged unit of the format: a branch per unit costs a scan of stage_lines each (measured
  // ~6 ms per object, which dominated batches of many small objects such as API pages).
  const staged = units.flatMap((unit, index) => (unit.format === format && holdsRecords(unit) ? [index] : []));
  if (staged.length > 0) sql.push(`SELECT unit, ref, raw FROM stage_lines WHERE unit IN (${staged.join(', ')})`);
  return sql;
}

/** The path as DuckDB must be given it; the sources hand the store no file it cannot be given (file-pattern.ts). */
function patternOf(path: string): string {
  const pattern = literalFilePattern(path);
  if (pattern === null)
    throw new AppError('INTERNAL', `DuckDB cannot be given the path ${path}; nothing was imported.`);
  return pattern;
}

/** A multi-file read numbers lines across files; if DuckDB ever read files out of order, stop rather than mislabel. */
async function checkLineNumbers(connection: DuckDBConnection, units: IngestUnit[]): Promise<void> {
  const ranges = await queryRows(connection, 'SELECT unit, min(ref) AS lo, max(ref) AS hi FROM batch GROUP BY unit');
  for (const range of ranges) {
    const input = units[Number(range['unit'])]?.input;
    if (input?.kind === 'ndjson-file' && (Number(range['lo']) < 1 || Number(range['hi']) > input.rows)) {
      throw new AppError(
        'INTERNAL',
        `Line numbering of ${input.path} went wrong in a multi-file read; nothing was imported.`,
      );
    }
  }
}

/** The full mapping for one format: parse, explode, map, validate, and say why a record is rejected. */
function mappingSql(format: FormatId, mapping: FormatMapping, sources: string): string {
  const c = mapping.columns;
  const explode = mapping.explode
    ? `unnest(CASE WHEN len(j.${mapping.explode}) > 0 THEN j.${mapping.explode} ELSE [NULL::JSON] END) AS e,
       unnest(CASE WHEN len(j.${mapping.explode}) > 0 THEN range(len(j.${mapping.explode})) ELSE [0] END)::INTEGER AS sub`
    : 'NULL::JSON AS e, 0::INTEGER AS sub';
  const noEvents = mapping.explode ? `WHEN e IS NULL THEN 'record has no ${mapping.explode}[] to import'` : '';
  return `
    WITH src AS (${sources}),
    parsed AS (
      SELECT unit, ref, raw, valid, jraw,
        CASE WHEN jraw IS NOT NULL THEN from_json(jraw, ${sqlLiteral(JSON.stringify(mapping.structure))}) END AS j
      FROM (SELECT unit, ref, raw, valid, CASE WHEN valid AND starts_with(ltrim(raw), '{') THEN raw END AS jraw
            FROM (SELECT unit, ref, raw, json_valid(raw) AS valid FROM src))
    ),
    exploded AS (SELECT *, ${explode} FROM parsed),
    mapped AS (
      SELECT unit, ref, sub, raw, valid, jraw, e,
        ${c.uid} AS uid, ${c.tenant_id} AS tenant_id, ${c.ts_text} AS ts_text, ${c.occurred_at} AS occurred_at,
        ${c.action} AS action, ${c.outcome} AS outcome, ${c.actor_id} AS actor_id, ${c.actor_type} AS actor_type,
        ${c.actor_name} AS actor_name, ${c.actor_email} AS actor_email, ${c.target_type} AS target_type,
        ${c.target_id} AS target_id, ${c.target_name} AS target_name, ${c.targets} AS targets, ${c.ip} AS ip,
        ${c.user_agent} AS user_agent, ${c.changes} AS changes, ${c.metadata} AS metadata,
        ${c.chain_seq} AS chain_seq, ${c.chain_hash} AS chain_hash, ${c.chain_prev} AS chain_prev
      FROM exploded
    )
    SELECT *, CASE WHEN reject_reason IS NULL AND uid IS NULL THEN raw END AS hash_input, '${format}' AS format
    FROM (SELECT *, CASE WHEN reject_reason IS NOT NULL THEN left(raw, ${EXCERPT_CHARS}) END AS excerpt FROM (
    SELECT unit, ref, sub, raw, uid, coalesce(tenant_id, $1) AS tenant_id, occurred_at, action, outcome, actor_id,
      actor_type, actor_name, actor_email, target_type, target_id, target_name, targets, ip, user_agent, changes,
      metadata, chain_seq, chain_hash, chain_prev,
      CASE
        WHEN NOT valid THEN 'not valid JSON'
        WHEN jraw IS NULL THEN 'record is not a JSON object'
        ${noEvents}
        WHEN ts_text IS NULL THEN 'missing timestamp (field ${mapping.timestampField})'
        WHEN occurred_at IS NULL THEN 'unparseable timestamp in field ${mapping.timestampField}: ' || left(ts_text, 64)
        WHEN action IS NULL THEN 'missing action (field ${mapping.actionField})'
        WHEN NOT $2 AND coalesce(tenant_id, $1) <> $1
          THEN 'tenant mismatch: record belongs to tenant ' || tenant_id || ', this case holds tenant ' || $1
      END AS reject_reason
    FROM mapped))`;
}

/** Categories come from the TypeScript catalogue (category.ts), once per distinct format and action of the batch. */
async function fillCategories(connection: DuckDBConnection): Promise<void> {
  const pairs = await queryRows(connection, 'SELECT DISTINCT format, action FROM batch WHERE action IS NOT NULL');
  const appender = await connection.createAppender('action_categories', null, 'temp');
  for (const pair of pairs) {
    const action = String(pair['action']);
    appender.appendVarchar(String(pair['format']));
    appender.appendVarchar(action);
    appender.appendVarchar(categoryOf(action, pair['format'] as FormatId));
    appender.endRow();
  }
  appender.closeSync();
}

/** Records without a provider id get `sha256:` + SHA-256 of their canonical JSON (computed in JS: RFC 8785). */
async function fillFallbackUids(connection: DuckDBConnection): Promise<void> {
  const rows = await queryRows(
    connection,
    `SELECT b.unit, b.ref, b.sub, b.hash_input, u.explode FROM batch b JOIN ingest_units u USING (unit)
     WHERE b.hash_input IS NOT NULL`,
  );
  if (rows.length === 0) return;
  const appender = await connection.createAppender('uid_fix', null, 'temp');
  for (const row of rows) {
    const hash = recordHashUid(String(row['hash_input']));
    appender.appendInteger(Number(row['unit']));
    appender.appendBigInt(BigInt(String(row['ref'])));
    appender.appendInteger(Number(row['sub']));
    // One record that explodes into several events hashes once; the element index keeps their uids apart.
    appender.appendVarchar(row['explode'] ? `${hash}:${String(row['sub'])}` : hash);
    appender.endRow();
  }
  appender.closeSync();
}

async function insertPreRejects(
  connection: DuckDBConnection,
  units: IngestUnit[],
  firstSeq: number,
  at: string,
  sourceId: string,
): Promise<void> {
  const insert = await connection.prepare('INSERT INTO rejects VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6, $7, $8)');
  for (const [index, unit] of units.entries()) {
    for (const reject of unit.preRejects) {
      insert.bind([
        firstSeq + index,
        at,
        sourceId,
        unit.objectKey,
        reject.line ?? null,
        reject.record ?? null,
        reject.reason,
        reject.excerpt?.slice(0, EXCERPT_CHARS) ?? null,
      ]);
      await insert.run();
    }
  }
}
