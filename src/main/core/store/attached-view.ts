// Reading the folders of Hive-partitioned Parquet attached to a case (`trailscope case attach`; attachments-repo.ts
// records them): what a partitioned export writes (export-repo.ts copyScopeToPartitionedParquet:
// `tenant_id=…/date=YYYY-MM-DD/*.parquet`, every column of EXPORT_COLUMNS but tenant_id, which is in the path). Each
// connection of a case reads its events through the TEMP VIEW `case_events`: the case's own events, and the attached
// files' events that the case does not hold (same tenant_id and uid: the case's copy wins). The writer's ingest, dedup,
// derived tables, ledger, chains and detections read `events` only. The folder is only ever read. Its path never
// enters SQL text: the files are listed here and travel as a bound list (a connection variable the view reads), each
// glob character escaped, since DuckDB's read_parquet globs every name it is given.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../errors';
import { ATTACHED_SOURCE_ID, type AttachmentInfo } from '@shared/domain/attachments';
import { EXPORT_COLUMNS } from '@shared/domain/exports';
import { queryRows } from './sql';

/** The schema version that added the attachments table. */
export const ATTACHMENTS_SINCE = 4;

/** What of a case's meta (case-store.ts CaseMeta) an attachment is checked against. */
export interface CaseBinding {
  schemaVersion: number;
  tenantId: string;
  multiTenant: boolean;
}

/** What a partitioned export's files hold: every export column but tenant_id, which its path carries. */
const FILE_COLUMNS = EXPORT_COLUMNS.filter((column) => column !== 'tenant_id');
const JSON_COLUMNS = new Set(['targets', 'changes', 'metadata', 'raw']);
/** The read_parquet column holding each row's file (an export column cannot be called this). */
const FILE_COLUMN = 'trailscope_file__';
const ATTACHED_VARIABLE = 'trailscope_attached';
/** `…/tenant_id=<percent-encoded>/date=YYYY-MM-DD/<file>.parquet`, relative to the folder. */
const PARTITION_PATH = /^tenant_id=([^/]*)\/date=\d{4}-\d{2}-\d{2}\/[^/]+\.parquet$/;

/** The attachments of a case as last read: shared by a store and its readers, each of which has its own view. */
export interface AttachedSet {
  infos: AttachmentInfo[];
  /** The files of every attachment that is read, absolute. */
  files: string[];
}

export const NO_ATTACHMENTS: AttachedSet = { infos: [], files: [] };

/**
 * A file name as a read_parquet pattern that matches only itself: `*`, `?` and `[` each in a class of its own. An
 * unescaped `[1]` in a folder name would read the files of a sibling folder `1` instead.
 */
export function globLiteral(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** What a file holds, by name: DuckDB's type of each column (JSON shows as VARCHAR on both sides). */
async function columnTypes(connection: DuckDBConnection, sql: string, params: string[]): Promise<Map<string, string>> {
  const result = await connection.run(sql, params.length > 0 ? [listValue(params)] : []);
  const names = result.columnNames();
  const types = result.columnTypes();
  return new Map(names.map((name, i) => [name, String(types[i])]));
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether an attachment read at the last load has gone since (its folder moved or removed while the case is open). */
export async function attachmentGone(infos: AttachmentInfo[]): Promise<boolean> {
  for (const info of infos) if (info.status === 'ok' && !(await isFolder(info.path))) return true;
  return false;
}

/** Thrown for a folder that is gone (status missing), not for one that is there but wrong (status invalid). */
class MissingFolder extends AppError {}

/**
 * Checks a folder is a partitioned export this case can read and returns its files (sorted) and their rows. Refuses,
 * naming the file and the column, a file that is not at `tenant_id=…/date=…/`, lacks a column, holds another or holds
 * one of another type, and (unless the case is multi-tenant) a partition of another tenant.
 */
export async function checkFolder(
  connection: DuckDBConnection,
  folder: string,
  meta: CaseBinding,
): Promise<{ files: string[]; events: number }> {
  if (!(await isFolder(folder))) throw new MissingFolder('IO', `${folder} is not a folder (or cannot be read).`);
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  // Files only: a symbolic link is not followed out of the folder.
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0)
    throw new MissingFolder('USAGE', `${folder} holds no Parquet files: attach the folder a partitioned export wrote.`);
  const expected = await columnTypes(connection, `SELECT ${FILE_COLUMNS.join(', ')} FROM events LIMIT 0`, []);
  for (const file of files) {
    const where = relative(folder, file).split(sep).join('/');
    const partition = PARTITION_PATH.exec(where);
    if (!partition)
      throw new AppError(
        'USAGE',
        `${file} is not where a partitioned export puts its files (tenant_id=…/date=YYYY-MM-DD/…parquet).`,
      );
    const tenant = tenantOf(partition[1] ?? '', file);
    if (!meta.multiTenant && tenant !== meta.tenantId)
      throw new AppError(
        'USAGE',
        `${file} holds events of tenant ${tenant.slice(0, 200)}; this case is bound to tenant ${meta.tenantId}.`,
      );
    let actual: Map<string, string>;
    try {
      actual = await columnTypes(connection, 'SELECT * FROM read_parquet($1, hive_partitioning = false) LIMIT 0', [
        globLiteral(file),
      ]);
    } catch (error) {
      throw new AppError('USAGE', `${file} cannot be read as Parquet: ${firstLine(error)}`);
    }
    for (const [column, type] of expected) {
      const found = actual.get(column);
      if (found === undefined) throw new AppError('USAGE', `${file} has no column ${column}.`);
      if (found !== type) throw new AppError('USAGE', `${file}: column ${column} is ${found}, not ${type}.`);
    }
    const extra = [...actual.keys()].find((column) => !expected.has(column));
    if (extra !== undefined)
      throw new AppError(
        'USAGE',
        `${file} has a column ${extra.slice(0, 200)} that a partitioned export does not write.`,
      );
  }
  const [row] = await queryRows(connection, 'SELECT count(*) AS n FROM read_parquet($1, hive_partitioning = false)', [
    listValue(files.map(globLiteral)),
  ]);
  return { files, events: Number(row?.['n'] ?? 0) };
}

/** A partition's tenant id from its percent-encoded folder name (DuckDB encodes `/`, `=`, `%`, space, non-ASCII…). */
function tenantOf(encoded: string, file: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new AppError('USAGE', `${file} is under a tenant_id folder whose name is not valid %-encoding.`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 300) ?? '';
}

interface StoredAttachment {
  path: string;
  attachedAt: string;
  attachedBy: string;
}

async function storedAttachments(connection: DuckDBConnection, meta: CaseBinding): Promise<StoredAttachment[]> {
  // An older case opened read-only has no attachments table (and so no attachments).
  if (meta.schemaVersion < ATTACHMENTS_SINCE) return [];
  const rows = await queryRows(
    connection,
    `SELECT path, strftime(attached_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS attached_at, attached_by FROM attachments
     ORDER BY attached_at, path`,
  );
  return rows.map((r) => ({
    path: String(r['path']),
    attachedAt: String(r['attached_at']),
    attachedBy: String(r['attached_by']),
  }));
}

/**
 * The case's attachments, each checked again (a folder may have gone or changed since it was attached): one that is
 * missing or no longer passes is listed with its status and left out of the view, and the case opens all the same.
 */
export async function loadAttachments(connection: DuckDBConnection, meta: CaseBinding): Promise<AttachedSet> {
  const infos: AttachmentInfo[] = [];
  const files: string[] = [];
  for (const stored of await storedAttachments(connection, meta)) {
    try {
      const checked = await checkFolder(connection, stored.path, meta);
      files.push(...checked.files);
      infos.push({ ...stored, status: 'ok', problem: null, files: checked.files.length, events: checked.events });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const status = error instanceof MissingFolder ? 'missing' : 'invalid';
      infos.push({ ...stored, status, problem: error.message, files: 0, events: 0 });
    }
  }
  return { infos, files };
}

/**
 * One column of the attached rows, as the events table has it (JSON that does not parse reads as NULL). The tenant is
 * DuckDB's Hive partition column (a constant per file: reading it per row from the file name cost a 100k-event
 * count half its time), unless a folder's own path holds a `=`, which DuckDB would read as a partition too.
 */
function attachedColumn(column: (typeof EXPORT_COLUMNS)[number], hive: boolean): string {
  if (column === 'tenant_id')
    return hive
      ? 'tenant_id'
      : `url_decode(regexp_extract(${FILE_COLUMN}, '[/\\\\]tenant_id=([^/\\\\]*)[/\\\\][^/\\\\]*[/\\\\][^/\\\\]*$', 1))`;
  if (column === 'source_id') return `'${ATTACHED_SOURCE_ID}'`;
  if (column === 'source_ref')
    return `'attached Parquet ' || ${FILE_COLUMN} || ' (' || coalesce(source_id, '') || ': ' || coalesce(source_ref, '') || ')'`;
  if (JSON_COLUMNS.has(column)) return `try_cast(${column} AS JSON)`;
  return column;
}

/**
 * (Re)makes this connection's `case_events`: the case's events, and, when files are attached, theirs that the case
 * lacks. Rows in two attachments are read once. The files reach the view through a connection variable set by a bound
 * parameter, so no path is ever part of the SQL.
 */
export async function applyAttachedView(connection: DuckDBConnection, attached: AttachedSet): Promise<void> {
  const own = `SELECT ${EXPORT_COLUMNS.join(', ')} FROM events`;
  if (attached.files.length === 0) {
    await connection.run(`CREATE OR REPLACE TEMP VIEW case_events AS ${own}`);
    return;
  }
  await connection.run(`SET VARIABLE ${ATTACHED_VARIABLE} = $1`, [listValue(attached.files.map(globLiteral))]);
  const read = attached.infos.filter((info) => info.status === 'ok');
  const hive = read.every((info) => !info.path.split(/[\\/]/).some((segment) => segment.includes('=')));
  const partitions = hive
    ? `hive_partitioning = true, hive_types = {'tenant_id': VARCHAR, 'date': VARCHAR}`
    : 'hive_partitioning = false';
  const files = `SELECT ${EXPORT_COLUMNS.map((column) => `${attachedColumn(column, hive)} AS ${column}`).join(', ')}
    FROM read_parquet(getvariable('${ATTACHED_VARIABLE}'), filename = '${FILE_COLUMN}', ${partitions})`;
  const once =
    read.length > 1 ? `SELECT * FROM (${files}) QUALIFY row_number() OVER (PARTITION BY tenant_id, uid) = 1` : files;
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW case_events AS ${own}
     UNION ALL SELECT a.* FROM (${once}) a ANTI JOIN events e ON e.tenant_id = a.tenant_id AND e.uid = a.uid`,
  );
}
