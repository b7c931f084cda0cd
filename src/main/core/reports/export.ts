// Exports of a query's events to a file a user takes away: CSV (the rules of the product's one CSV writer, core/csv.ts,
// applied by DuckDB as it builds each line, store/csv-sql.ts; by toCsv itself when redacting), NDJSON of normalized
// events, NDJSON of the raw original records byte for byte, and Parquet (DuckDB's own COPY, typed).
// Streamed a DuckDB chunk at a time, cancellable, with progress; written to `<out>.partial` and renamed, so a
// cancelled or failed export leaves no file; journalled with its query, file, size and SHA-256. Partitioned Parquet
// (issue 17) is a folder DuckDB writes, moved in place the same way (output-file.ts).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { commitOutputFolder, discardOutputFolder, prepareOutput, prepareOutputFolder } from './output-file';
import { EXPORT_COLUMNS, type ExportColumn, type ExportFormat, type Redaction } from '@shared/domain/exports';
import type { JobProgress } from '@shared/domain/jobs';
import type { QueryNode } from '@shared/domain/query-ast';
import { parseQuery, QueryParseError } from '@shared/domain/query-parser';
import { toCsv } from '../csv';
import { AppError } from '../errors';
import { ProgressMeter } from '../jobs/job';
import type { CaseStore } from '../store/case-store';
import {
  copyScopeToParquet,
  copyScopeToPartitionedParquet,
  countScope,
  JSON_EXPORT_COLUMNS,
  streamCsvLines,
  streamScope,
} from '../store/export-repo';

/** Without --columns: every normalized column but `raw` (the raw records are their own format). */
export const DEFAULT_EXPORT_COLUMNS: readonly ExportColumn[] = EXPORT_COLUMNS.filter((c) => c !== 'raw');

export interface ExportOptions {
  /** The query as typed (DESIGN.md §7; journalled as typed) and the zone for its after:/before:. */
  scope: { query: string; timeZone?: string };
  format: ExportFormat;
  out: string;
  columns?: readonly string[];
  redact?: readonly Redaction[];
  /** CSV only: start with a UTF-8 byte order mark (Excel reads UTF-8 then). */
  bom?: boolean;
  /**
   * Parquet only: `out` is a folder, written as Hive-partitioned files `tenant_id=…/date=YYYY-MM-DD/*.parquet` that
   * Athena, Trino, Spark or DuckDB read as one table; every normalized column, raw included, unless `columns`.
   */
  partitioned?: boolean;
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}

export interface ExportResult extends Record<string, unknown> {
  path: string;
  format: ExportFormat;
  events: number;
  bytes: number;
  /** Of the file; of a partitioned export, of its listing (partitionListing). */
  sha256: string;
  /** A partitioned export's file count. */
  files?: number;
}

function checkColumns(
  format: ExportFormat,
  columns: readonly string[] | undefined,
  redact: readonly Redaction[],
  partitioned: boolean,
) {
  if (partitioned && format !== 'parquet')
    throw new AppError('USAGE', 'A partitioned export is Parquet: give --format parquet with --partitioned.');
  if (format === 'raw') {
    if (columns !== undefined) throw new AppError('USAGE', 'The raw format has no columns: each line is a record.');
    // A raw record is the provider's bytes; a redacted one would no longer be the record. Say so rather than
    // deliver something called raw that is not.
    if (redact.length > 0)
      throw new AppError(
        'USAGE',
        'Raw records are exported byte for byte and cannot be redacted: use --format ndjson or csv with --redact.',
      );
    return [];
  }
  if (format === 'parquet' && redact.length > 0)
    throw new AppError(
      'USAGE',
      'Parquet is written by DuckDB, which cannot apply the keyed redaction: use --format csv or ndjson with --redact.',
    );
  const chosen = (columns ?? (partitioned ? EXPORT_COLUMNS : DEFAULT_EXPORT_COLUMNS)) as readonly string[];
  const unknown = chosen.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0)
    throw new AppError(
      'USAGE',
      `Unknown column ${unknown.map((c) => `"${c.slice(0, 64)}"`).join(', ')}: choose from ${EXPORT_COLUMNS.join(', ')}.`,
    );
  if (chosen.length === 0) throw new AppError('USAGE', 'Choose at least one column.');
  if (redact.length > 0 && chosen.includes('raw'))
    throw new AppError('USAGE', 'The raw column holds the original record and cannot be redacted: leave it out.');
  return chosen as ExportColumn[];
}

function parsedQuery(query: string): QueryNode | null {
  try {
    return parseQuery(query);
  } catch (error) {
    if (error instanceof QueryParseError) throw new AppError('USAGE', error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Redaction

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;

/**
 * Replaces emails, IPs and names by `email_<hash>`, `ip_<hash>`, `name_<hash>`: the first 10 hex digits of an
 * HMAC-SHA256 under a key made for this export and then forgotten. The same value gives the same token within one
 * export (patterns survive), and tokens of two exports cannot be linked or reversed by guessing values.
 * What is replaced: emails — actor_email, and any email-shaped text in every other column (targets, metadata, …);
 * ips — the ip column whole (IPv6 too), and IPv4-shaped text elsewhere; names — actor_name and target_name whole.
 * A name written into free text (metadata) cannot be told from other words and is left.
 */
export class Redactor {
  private readonly key = randomBytes(32);
  private readonly cache = new Map<string, string>();

  constructor(private readonly kinds: ReadonlySet<Redaction>) {}

  token(kind: 'email' | 'ip' | 'name', value: string): string {
    const id = `${kind}\u0000${value}`;
    let token = this.cache.get(id);
    if (token === undefined) {
      token = `${kind}_${createHmac('sha256', this.key).update(id).digest('hex').slice(0, 10)}`;
      if (this.cache.size < 100_000) this.cache.set(id, token);
    }
    return token;
  }

  /** A column's text value, redacted. */
  cell(column: ExportColumn, value: string | null): string | null {
    if (value === null) return null;
    if (this.kinds.has('names') && (column === 'actor_name' || column === 'target_name'))
      return this.token('name', value);
    if (this.kinds.has('ips') && column === 'ip') return this.token('ip', value);
    if (this.kinds.has('emails') && column === 'actor_email') return this.token('email', value);
    return this.text(value);
  }

  /** Emails and IPv4 addresses found inside text (JSON text included: tokens hold no character JSON escapes). */
  text(value: string): string {
    let out = value;
    if (this.kinds.has('emails')) out = out.replace(EMAIL, (m) => this.token('email', m));
    if (this.kinds.has('ips')) out = out.replace(IPV4, (m) => this.token('ip', m));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writers

type Row = (string | null)[];

function csvLine(_columns: readonly ExportColumn[], row: Row): string {
  return toCsv([row]);
}

function ndjsonLine(columns: readonly ExportColumn[], row: Row): string {
  const event: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value = row[i] ?? null;
    event[column] =
      value === null
        ? null
        : JSON_EXPORT_COLUMNS.includes(column)
          ? JSON.parse(value)
          : column === 'ingest_seq' || column === 'chain_seq'
            ? Number(value)
            : value;
  });
  return JSON.stringify(event) + '\n';
}

function rawLine(_columns: readonly ExportColumn[], [raw]: Row): string {
  return `${raw ?? ''}\n`;
}

const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/** Exports the scope's events; see the file comment. The store must be writable (the export is journalled). */
export async function exportEvents(store: CaseStore, options: ExportOptions): Promise<ExportResult> {
  store.assertWritable();
  const redact = [...new Set(options.redact ?? [])];
  const columns = checkColumns(options.format, options.columns, redact, options.partitioned ?? false);
  if (options.partitioned) return exportPartitioned(store, options, columns);
  const { path } = await prepareOutput(options.out, options.force ?? false);
  const partial = `${path}.partial`;
  const scope = { query: parsedQuery(options.scope.query), timeZone: options.scope.timeZone };
  const signal = options.signal;
  // Its own connection: a streamed result holds the connection it runs on until it is read to the end.
  const reader = await store.reader();
  try {
    const total = await countScope(reader, scope);
    const meter = new ProgressMeter({ items: total });
    const report = (events: number, bytes: number) =>
      options.onProgress?.(meter.measure({ phase: 'exporting', done: events, events, bytes }));
    report(0, 0);
    let written: { events: number; bytes: number; sha256: string };
    if (options.format === 'parquet') {
      await rm(partial, { force: true });
      const events = await copyScopeToParquet(reader, scope, columns, partial, signal);
      written = { events, ...(await hashFile(partial)) };
    } else {
      written = await writeStreamed(reader, scope, options, columns, redact, partial, report);
    }
    if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled.');
    const { events, bytes, sha256 } = written;
    report(events, bytes);
    await rename(partial, path);
    await store.journal('export', {
      query: options.scope.query,
      timeZone: options.scope.timeZone ?? null,
      format: options.format,
      file: basename(path),
      path,
      columns: options.format === 'raw' ? null : columns,
      redact,
      events,
      bytes,
      sha256,
    });
    return { path, format: options.format, events, bytes, sha256 };
  } catch (error) {
    await rm(partial, { force: true });
    if (signal?.aborted && !(error instanceof AppError && error.code === 'CANCELLED'))
      throw new AppError('CANCELLED', 'The export was cancelled.');
    throw error;
  } finally {
    reader.close();
  }
}

async function writeStreamed(
  reader: CaseStore,
  scope: { query: QueryNode | null; timeZone?: string },
  options: ExportOptions,
  columns: ExportColumn[],
  redact: Redaction[],
  partial: string,
  report: (events: number, bytes: number) => void,
): Promise<{ events: number; bytes: number; sha256: string }> {
  const format = options.format;
  const selected: ExportColumn[] = format === 'raw' ? ['raw'] : columns;
  const lineOf = format === 'csv' ? csvLine : format === 'ndjson' ? ndjsonLine : rawLine;
  const redactor = redact.length > 0 ? new Redactor(new Set(redact)) : null;
  // 'w' truncates a partial file a crash left behind; the process umask makes it owner-only (private-files.ts).
  const file = await open(partial, 'w', 0o600);
  let events = 0;
  let bytes = 0;
  const hash = createHash('sha256');
  // Lines are encoded (or copied) into one buffer as they are made (no string of a whole chunk), written when it
  // fills.
  const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const full = buffer.subarray(0, used);
    hash.update(full);
    await file.writeFile(full);
    bytes += used;
    used = 0;
  };
  const writeBig = async (big: Uint8Array) => {
    hash.update(big);
    await file.writeFile(big);
    bytes += big.length;
  };
  const write = async (text: string) => {
    if (used + text.length * 3 > buffer.length) await flush();
    if (text.length * 3 > buffer.length) await writeBig(Buffer.from(text, 'utf8'));
    else used += buffer.write(text, used, 'utf8');
  };
  const writeBytes = async (line: Uint8Array) => {
    if (used + line.length > buffer.length) await flush();
    if (line.length > buffer.length) await writeBig(line);
    else {
      buffer.set(line, used);
      used += line.length;
    }
  };
  try {
    if (format === 'csv') await write((options.bom ? '\ufeff' : '') + toCsv([selected]));
    if (format === 'csv' && !redactor) {
      // DuckDB builds each line with toCsv's rules (store/csv-sql.ts); here they are only written.
      for await (const chunk of streamCsvLines(reader, scope, selected, options.signal)) {
        for (let i = 0; i < chunk.length; i++) await writeBytes(chunk.line(i));
        events += chunk.length;
        report(events, bytes + used);
      }
    } else {
      // NDJSON, raw and redacted CSV: rows come as cells and JavaScript writes them (and makes redaction's keyed hash).
      for await (const chunk of streamScope(reader, scope, selected, options.signal)) {
        for (let i = 0; i < chunk.length; i++) {
          const row = chunk.row(i);
          await write(lineOf(selected, redactor ? row.map((cell, c) => redactor.cell(selected[c]!, cell)) : row));
        }
        events += chunk.length;
        report(events, bytes + used);
      }
    }
    await flush();
  } finally {
    await file.close();
  }
  return { events, bytes, sha256: hash.digest('hex') };
}

async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

// ---------------------------------------------------------------------------------------------------------------
// Partitioned Parquet

/**
 * The files of a partitioned export as `sha256sum` prints them (`<hex>  <path>` lines, paths relative to the folder
 * with `/`, in byte order), each file's hash and size beside: the listing's SHA-256 stands for the folder.
 */
export async function partitionListing(
  folder: string,
): Promise<{ files: { path: string; bytes: number; sha256: string }[]; bytes: number; sha256: string }> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const files = [];
  for (const path of paths) files.push({ path, ...(await hashFile(join(folder, path))) });
  const listing = files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    sha256: createHash('sha256').update(listing).digest('hex'),
  };
}

async function exportPartitioned(
  store: CaseStore,
  options: ExportOptions,
  columns: ExportColumn[],
): Promise<ExportResult> {
  const folder = await prepareOutputFolder(options.out, options.force ?? false);
  const scope = { query: parsedQuery(options.scope.query), timeZone: options.scope.timeZone };
  const signal = options.signal;
  const reader = await store.reader();
  try {
    const total = await countScope(reader, scope);
    const meter = new ProgressMeter({ items: total });
    options.onProgress?.(meter.measure({ phase: 'exporting', done: 0, events: 0, bytes: 0 }));
    const events = await copyScopeToPartitionedParquet(reader, scope, columns, folder.partial, signal);
    if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled.');
    const listing = await partitionListing(folder.partial);
    options.onProgress?.(meter.measure({ phase: 'exporting', done: events, events, bytes: listing.bytes }));
    await commitOutputFolder(folder);
    await store.journal('export', {
      query: options.scope.query,
      timeZone: options.scope.timeZone ?? null,
      format: 'parquet',
      partitioned: true,
      file: basename(folder.path),
      path: folder.path,
      columns,
      redact: [],
      events,
      bytes: listing.bytes,
      sha256: listing.sha256,
      files: listing.files,
    });
    const { bytes, sha256 } = listing;
    return { path: folder.path, format: 'parquet', events, bytes, sha256, files: listing.files.length };
  } catch (error) {
    await discardOutputFolder(folder);
    if (signal?.aborted && !(error instanceof AppError && error.code === 'CANCELLED'))
      throw new AppError('CANCELLED', 'The export was cancelled.');
    throw error;
  } finally {
    reader.close();
  }
}
