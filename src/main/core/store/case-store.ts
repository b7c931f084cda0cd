// Opening and creating case files. A case is one DuckDB file bound to one tenant; one process writes it at a time
// (DuckDB's own file lock, turned into a clear error here). SQL lives only under src/main/core/store.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance, listValue } from '@duckdb/node-api';
import { AppError } from '../errors';
import { DEFAULT_SESSION_GAP_MINUTES, MAX_SESSION_GAP_MINUTES } from '@shared/domain/audit-event';
import type { AttachmentInfo } from '@shared/domain/attachments';
import { applyAttachedView, globLiteral, loadAttachments, NO_ATTACHMENTS, type AttachedSet } from './attached-view';
import { deriveAll } from './derived';
import { MIGRATIONS, SCHEMA_DDL, SCHEMA_VERSION } from './schema';
import { assertCaseShape, inspectCaseShape } from './schema-check';
import { inTransaction } from './sql';
import { SQL_MACROS } from './sql-macros';

export interface WorkingHours {
  start: string;
  end: string;
  days: number[];
}

export interface CaseMeta {
  schemaVersion: number;
  /**
   * The case's own id, made at creation (older cases get one when first opened for writing; null until then). Its
   * keychain entries and this user's trust in its sources name it: source ids alone restart at api-1 in every case.
   */
  caseId: string | null;
  tenantId: string;
  multiTenant: boolean;
  createdBy: string;
  createdAt: string;
  displayTimeZone: string;
  workingHours: WorkingHours;
  /** A gap session (store/sessions.ts) ends where two of its actor's events are further apart than this. */
  sessionGapMinutes: number;
}

export interface CreateCaseOptions {
  tenantId: string;
  /** How the case file stores events (CASE_STORAGES); new cases get DEFAULT_CASE_STORAGE. */
  storage?: CaseStorage;
  multiTenant?: boolean;
  displayTimeZone?: string;
  workingHours?: WorkingHours;
  sessionGapMinutes?: number;
}

export interface OpenCaseOptions {
  readOnly?: boolean;
  /** A read-only open by a program that will write (shared-case.ts): a lock is refused in a writer's words. */
  lockAsWriter?: boolean;
  /**
   * This program checked the file's shape when it first opened it and has had it open since, save for a switch
   * between reading and writing (shared-case.ts): the check (most of an open's time) is not repeated.
   */
  shapeChecked?: boolean;
}

/** DuckDB's memory limit for a case, in MB (DuckDB's MB: 10^6 bytes). */
export const CASE_MEMORY_MB = 1000;
export const CASE_MEMORY_LIMIT = `${CASE_MEMORY_MB}MB`;

/**
 * The storage formats a case can be made in. `zstd-raw` keeps the raw records ZSTD-compressed, `zstd` the other
 * long texts as well (metadata, changes, targets, source refs); both need DuckDB's v1.2.0 storage format (under the
 * older one DuckDB silently stores such columns uncompressed). `plain` is DuckDB's default storage, which cases made
 * before 2026-12 have. The file records its own format: a case opens the same way whichever it was made with. New
 * cases are zstd: 0.55× plain's size for generic records, 0.26× for CloudTrail (1M events), and as safe under SIGKILL
 * in the kill loop (bench/kill-loop.ts, README "Crash safety").
 */
export const CASE_STORAGES = ['plain', 'zstd-raw', 'zstd'] as const;
export type CaseStorage = (typeof CASE_STORAGES)[number];
export const DEFAULT_CASE_STORAGE: CaseStorage = 'zstd';
/** The events columns each format compresses with ZSTD. ZSTD made uid and target_id larger (README, case size). */
const ZSTD_COLUMNS: Record<CaseStorage, readonly string[]> = {
  plain: [],
  'zstd-raw': ['raw'],
  zstd: ['raw', 'targets', 'changes', 'metadata', 'source_ref'],
};

const DEFAULT_WORKING_HOURS: WorkingHours = { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] };

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export class CaseStore {
  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly meta: CaseMeta,
    /** DuckDB's private spill folder, removed at close; null for a reader made by `reader()`, which owns neither. */
    private readonly tempDirectory: string | null,
    /** The case's attachments as last read, shared with the store's readers (attached-view.ts). */
    private readonly attached: { current: AttachedSet },
  ) {}

  /** The folders of Parquet attached to the case, each with its status as of the open or the last reload. */
  get attachments(): AttachmentInfo[] {
    return this.attached.current.infos;
  }

  /** Reads the attachments again (after an attach or detach) and remakes this connection's view of the events. */
  async reloadAttachments(): Promise<void> {
    this.attached.current = await loadAttachments(this.connection, this.meta);
    await applyAttachedView(this.connection, this.attached.current);
  }

  /** Remakes this connection's view of the events from the attachments its store last read (a reader's, after a reload). */
  async refreshView(): Promise<void> {
    await applyAttachedView(this.connection, this.attached.current);
  }

  static async create(path: string, options: CreateCaseOptions): Promise<CaseStore> {
    if (!options.tenantId.trim()) throw new AppError('USAGE', 'A case needs a tenant id (--tenant).');
    const gap = options.sessionGapMinutes;
    if (gap !== undefined && (!Number.isInteger(gap) || gap < 1 || gap > MAX_SESSION_GAP_MINUTES))
      throw new AppError('USAGE', `A session gap is whole minutes from 1 to ${MAX_SESSION_GAP_MINUTES}.`);
    if (await exists(path))
      throw new AppError('CASE_EXISTS', `A file already exists at ${path}; choose another case path.`);
    const storage = options.storage ?? DEFAULT_CASE_STORAGE;
    const { instance, connection, tempDirectory } = await connect(
      path,
      false,
      storage === 'plain' ? undefined : 'v1.2.0',
    );
    const meta: CaseMeta = {
      schemaVersion: SCHEMA_VERSION,
      caseId: randomUUID(),
      tenantId: options.tenantId,
      multiTenant: options.multiTenant ?? false,
      createdBy: osUser(),
      createdAt: new Date().toISOString(),
      displayTimeZone: options.displayTimeZone ?? 'UTC',
      workingHours: options.workingHours ?? DEFAULT_WORKING_HOURS,
      sessionGapMinutes: options.sessionGapMinutes ?? DEFAULT_SESSION_GAP_MINUTES,
    };
    try {
      await connection.run('BEGIN TRANSACTION');
      await connection.run(schemaDdl(storage));
      const insert = await connection.prepare('INSERT INTO meta VALUES ($1, $2)');
      for (const [key, value] of Object.entries(metaToRows(meta))) {
        insert.bind([key, value]);
        await insert.run();
      }
      await connection.run('COMMIT');
      await connection.run('CHECKPOINT');
    } catch (error) {
      closeInstance(instance, connection, tempDirectory);
      // Leave nothing half-made behind: the next attempt would be refused as "file exists".
      await Promise.all([rm(path, { force: true }), rm(`${path}.wal`, { force: true })]);
      throw error;
    }
    // A case is a copy of a company's most sensitive log: owner-only.
    await chmod(path, 0o600);
    await applyAttachedView(connection, NO_ATTACHMENTS);
    const store = new CaseStore(path, false, instance, connection, meta, tempDirectory, { current: NO_ATTACHMENTS });
    await store.journal('case.create', { tenantId: meta.tenantId, multiTenant: meta.multiTenant });
    return store;
  }

  static async open(path: string, options: OpenCaseOptions = {}): Promise<CaseStore> {
    if (!(await exists(path))) throw new AppError('CASE_NOT_FOUND', `No case file at ${path}.`);
    const readOnly = options.readOnly ?? false;
    const { instance, connection, tempDirectory } = await connect(path, readOnly, undefined, options.lockAsWriter);
    try {
      // A case may come from anyone: nothing in it is read before its shape is known to be Trailscope's own.
      let shape = options.shapeChecked ? null : await inspectCaseShape(connection);
      if (shape) assertCaseShape(shape, path, false);
      let meta = await readMeta(connection, path);
      if (!readOnly && meta.schemaVersion < SCHEMA_VERSION) {
        meta = await migrate(connection, meta);
        shape = await inspectCaseShape(connection);
      }
      // An older case opened read-only lacks what later versions added; one of this version lacks nothing.
      if (shape) assertCaseShape(shape, path, meta.schemaVersion === SCHEMA_VERSION);
      if (!readOnly && meta.caseId === null) meta = await giveCaseId(connection, meta);
      // A missing or changed attachment is listed with its status; the case opens all the same.
      const attached = await loadAttachments(connection, meta);
      if (readOnly) await lockReadOnly(connection, attached.files);
      await applyAttachedView(connection, attached);
      return new CaseStore(path, readOnly, instance, connection, meta, tempDirectory, { current: attached });
    } catch (error) {
      closeInstance(instance, connection, tempDirectory);
      throw error;
    }
  }

  assertWritable(): void {
    if (this.readOnly) throw new AppError('READ_ONLY', `Case ${this.path} is open read-only.`);
  }

  async journal(action: string, detail: Record<string, unknown>): Promise<void> {
    this.assertWritable();
    await this.connection.run(
      `INSERT INTO journal SELECT coalesce(max(seq), 0) + 1, now(), $1, $2, $3::JSON FROM journal`,
      [osUser(), action, JSON.stringify(detail)],
    );
  }

  /**
   * A read-only view on its own connection of the same database, so that queries (the app's table, facets) run
   * while a long import or sync holds this store's connection in a transaction. It sees committed data only.
   */
  async reader(): Promise<CaseStore> {
    const connection = await this.instance.connect();
    await setUpConnection(connection);
    await applyAttachedView(connection, this.attached.current);
    return new CaseStore(this.path, true, this.instance, connection, this.meta, null, this.attached);
  }

  close(): void {
    if (this.tempDirectory === null) this.connection.closeSync();
    else closeInstance(this.instance, this.connection, this.tempDirectory);
  }
}

function closeInstance(instance: DuckDBInstance, connection: DuckDBConnection, tempDirectory: string): void {
  connection.closeSync();
  instance.closeSync();
  rmSync(tempDirectory, { recursive: true, force: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * DuckDB's spill folder for one open case: a fresh owner-only folder (mkdtemp makes it 0700 whatever the umask) in the
 * OS temp folder, not DuckDB's default `<case>.tmp`, which it makes world-readable beside the case and which anyone who
 * can write there could have made first. Spilled blocks are the case's events. Removed at close.
 */
async function makeTempDirectory(): Promise<string> {
  try {
    return await mkdtemp(join(tmpdir(), 'trailscope-duckdb-'));
  } catch (error) {
    throw new AppError('IO', `Cannot make a private temporary folder in ${tmpdir()}: ${(error as Error).message}`);
  }
}

/**
 * A write-ahead log a crash left behind holds events not yet checkpointed, in the mode it was made with (0644 before
 * Trailscope set its umask). Owner-only from now on; one this user does not own stays as it is.
 */
async function protectLeftoverWal(path: string): Promise<void> {
  await chmod(`${path}.wal`, 0o600).catch(() => undefined);
}

/** SCHEMA_DDL with the storage's columns ZSTD-compressed; schema-check compares names and types, which stay the same. */
function schemaDdl(storage: CaseStorage): string {
  let ddl = SCHEMA_DDL;
  for (const name of ZSTD_COLUMNS[storage]) {
    const column = new RegExp(`^(\\s*${name}\\s+[A-Z]+(?: NOT NULL)?),$`, 'm');
    if (!column.test(ddl)) throw new Error(`SCHEMA_DDL: no column ${name} where the ${storage} storage expects it`);
    ddl = ddl.replace(column, '$1 USING COMPRESSION zstd,');
  }
  return ddl;
}

async function connect(
  path: string,
  readOnly: boolean,
  /** DuckDB's storage_compatibility_version for a new file; an existing file keeps its own. */
  storageVersion?: string,
  lockAsWriter = false,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection; tempDirectory: string }> {
  await protectLeftoverWal(path);
  const tempDirectory = await makeTempDirectory();
  let instance: DuckDBInstance;
  try {
    // DuckDB applies these in order, and refuses temp_directory once external access is off: keep it first.
    instance = await DuckDBInstance.create(path, {
      temp_directory: tempDirectory,
      access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE',
      // Extensions that are not built in would be fetched from the network: fail at once instead of hanging.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // DuckDB takes 80% of RAM by default; a desktop app shares the machine. Beyond this it spills to disk.
      memory_limit: CASE_MEMORY_LIMIT,
      // Merging partly filled row groups at a checkpoint (vacuum) rebuilds up to three in memory at a time, ~0.9 GB
      // for CloudTrail: the checkpoint after an import spilled that much and took 11 s. Events are never deleted,
      // so there is nothing else for it to reclaim.
      max_vacuum_tasks: '0',
      // Under 64 rows (as estimated) DuckDB plans an ASOF join as a nested loop over every pair and a group-by: the
      // countries of a batch's 1,016 new IPs took 17 s that way against 334k ranges, 0.1 s as an ASOF join.
      asof_loop_join_threshold: '0',
      ...(storageVersion ? { storage_compatibility_version: storageVersion } : {}),
    });
  } catch (error) {
    rmSync(tempDirectory, { recursive: true, force: true });
    throw translateOpenError(error, path, readOnly && !lockAsWriter);
  }
  try {
    const connection = await instance.connect();
    await setUpConnection(connection);
    return { instance, connection, tempDirectory };
  } catch (error) {
    instance.closeSync();
    rmSync(tempDirectory, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A read-only case reads no file but its own and its attachments' Parquet files: no read_csv, COPY, ATTACH or
 * extension for a query, whatever the case holds (an import reads the user's files with read_csv, so a writer keeps
 * external access; the schema check guards it). Nothing a reader runs may change a setting back (external access,
 * the spill folder, the allowed files); only the time zone, which each connection sets (setUpConnection). Set once
 * the attachments are known, before anything but the catalog, the meta and attachments tables and the attached files
 * has been read; the files are allowed as named and as the patterns read_parquet is given (globLiteral).
 */
async function lockReadOnly(connection: DuckDBConnection, files: string[]): Promise<void> {
  if (files.length > 0)
    await connection.run('SET allowed_paths = $1', [listValue([...files, ...files.map(globLiteral)])]);
  await connection.run('SET enable_external_access = false');
  await connection.run(`SET allowed_configs = ['TimeZone']`);
  await connection.run('SET lock_configuration = true');
}

async function setUpConnection(connection: DuckDBConnection): Promise<void> {
  // Timestamps without a zone in source data are UTC (FORMATS.md); all arithmetic happens in UTC.
  await connection.run(`SET TimeZone = 'UTC'`);
  await connection.run(SQL_MACROS);
}

function translateOpenError(error: unknown, path: string, readOnly: boolean): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    const holder = `another Trailscope process${pid ? ` (pid ${pid})` : ''}`;
    // DuckDB admits no reader, not even a read-only one, while another process holds the file for writing.
    return new AppError(
      'CASE_LOCKED',
      readOnly
        ? `Case ${path} is open for writing in ${holder}; it can be read once that process finishes or closes it.`
        : `Case ${path} is open in ${holder}; close it there first.`,
    );
  }
  if (/not a valid DuckDB database|Unable to open database|database file .* is not/i.test(message)) {
    return new AppError('CASE_INVALID', `${path} is not a Trailscope case file.`);
  }
  return new AppError('IO', `Could not open case ${path}: ${message}`);
}

/** Brings an older case to this version in one transaction, and journals it: all steps land or none. */
async function migrate(connection: DuckDBConnection, meta: CaseMeta): Promise<CaseMeta> {
  await inTransaction(connection, async () => {
    for (let version = meta.schemaVersion; version < SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version];
      if (step === undefined) throw new AppError('INTERNAL', `No migration from schema version ${version}.`);
      await connection.run(step);
    }
    if (meta.schemaVersion < 3) await deriveAll(connection);
    await connection.run(`UPDATE meta SET value = $1 WHERE key = 'schema_version'`, [String(SCHEMA_VERSION)]);
    await connection.run(
      `INSERT INTO journal SELECT coalesce(max(seq), 0) + 1, now(), $1, 'case.migrate', $2::JSON FROM journal`,
      [osUser(), JSON.stringify({ from: meta.schemaVersion, to: SCHEMA_VERSION })],
    );
  });
  return { ...meta, schemaVersion: SCHEMA_VERSION };
}

/** A case made before cases had ids gets one, once: the row stays, so the id is stable from then on. */
async function giveCaseId(connection: DuckDBConnection, meta: CaseMeta): Promise<CaseMeta> {
  const caseId = randomUUID();
  await inTransaction(connection, async () => {
    await connection.run(`INSERT INTO meta VALUES ('case_id', $1)`, [caseId]);
    await connection.run(
      `INSERT INTO journal SELECT coalesce(max(seq), 0) + 1, now(), $1, 'case.id', $2::JSON FROM journal`,
      [osUser(), JSON.stringify({ caseId })],
    );
  });
  return { ...meta, caseId };
}

/** A case's own value where it is a whole number of minutes from 1 to a week; the default otherwise. */
function sessionGapOf(text: string | undefined): number {
  const minutes = Number(text);
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_SESSION_GAP_MINUTES
    ? minutes
    : DEFAULT_SESSION_GAP_MINUTES;
}

function metaToRows(meta: CaseMeta): Record<string, string> {
  return {
    schema_version: String(meta.schemaVersion),
    case_id: meta.caseId ?? '',
    tenant_id: meta.tenantId,
    multi_tenant: String(meta.multiTenant),
    created_by: meta.createdBy,
    created_at: meta.createdAt,
    display_time_zone: meta.displayTimeZone,
    working_hours: JSON.stringify(meta.workingHours),
    session_gap_minutes: String(meta.sessionGapMinutes),
  };
}

async function readMeta(connection: DuckDBConnection, path: string): Promise<CaseMeta> {
  let rows: Record<string, string>;
  try {
    const reader = await connection.runAndReadAll('SELECT key, value FROM meta');
    rows = Object.fromEntries(reader.getRowObjectsJson().map((r) => [String(r['key']), String(r['value'])]));
  } catch {
    throw new AppError('CASE_INVALID', `${path} is a DuckDB file but not a Trailscope case (no meta table).`);
  }
  const version = Number(rows['schema_version']);
  if (!Number.isInteger(version) || !rows['tenant_id']) {
    throw new AppError('CASE_INVALID', `${path} has an incomplete meta table (schema_version / tenant_id missing).`);
  }
  if (version > SCHEMA_VERSION) {
    throw new AppError(
      'SCHEMA_TOO_NEW',
      `Case ${path} has schema version ${version}; this Trailscope reads up to ${SCHEMA_VERSION}. Update Trailscope.`,
    );
  }
  return {
    schemaVersion: version,
    caseId: rows['case_id'] || null,
    tenantId: rows['tenant_id'],
    multiTenant: rows['multi_tenant'] === 'true',
    createdBy: rows['created_by'] ?? 'unknown',
    createdAt: rows['created_at'] ?? '',
    displayTimeZone: rows['display_time_zone'] ?? 'UTC',
    workingHours: rows['working_hours'] ? (JSON.parse(rows['working_hours']) as WorkingHours) : DEFAULT_WORKING_HOURS,
    sessionGapMinutes: sessionGapOf(rows['session_gap_minutes']),
  };
}
