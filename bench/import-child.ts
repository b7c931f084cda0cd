// One measurement of the import benchmark, in its own process so that its peak RSS is its own:
//   node --import tsx bench/import-child.ts <mode> [<dataset-dir>]
// mode: baseline | raw-reference | trailscope | trailscope-into | idle. Works in a fresh temp dir that it deletes before exiting, and
// prints one line `RESULT {json}` (a ChildResult) on stdout.
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { importFiles } from '../src/main/core/sources/files/import-files';
import { CASE_STORAGES, CaseStore } from '../src/main/core/store/case-store';
import { queryRows } from '../src/main/core/store/sql';
import {
  CASE_STORAGE_ENV,
  CHILD_MODES,
  INTO_CASE_ENV,
  isChildMode,
  RESULT_PREFIX,
  type ChildResult,
} from './child-protocol';
import { loadDataset, type Dataset } from './generate';

/** The generic shape's columns, typed explicitly (what an analyst would write for a good read_json). */
const GENERIC_COLUMNS = `{id: 'VARCHAR', occurred_at: 'TIMESTAMPTZ', tenant_id: 'VARCHAR', action: 'VARCHAR', actor: 'JSON',
  target: 'JSON', ip_address: 'VARCHAR', user_agent: 'VARCHAR', outcome: 'VARCHAR', metadata: 'JSON'}`;

/** CloudTrail: the Records array, each record read as a struct of the columns an investigator filters on. */
const CLOUDTRAIL_RECORD = `STRUCT(eventVersion VARCHAR, eventID VARCHAR, eventTime TIMESTAMPTZ, eventSource VARCHAR,
  eventName VARCHAR, awsRegion VARCHAR, sourceIPAddress VARCHAR, userAgent VARCHAR, userIdentity JSON,
  recipientAccountId VARCHAR, resources JSON, errorCode VARCHAR)`;

/** A delivery file is one JSON document (10k records ≈ 12 MB); read_json's default limit is 16 MB. */
const MAX_OBJECT_SIZE = 512 * 1024 * 1024;

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function fileList(dataset: Dataset): string {
  return `[${dataset.paths.map(sqlString).join(', ')}]`;
}

function baselineSql(dataset: Dataset): string {
  if (dataset.manifest.kind === 'generic') {
    return `CREATE TABLE t AS SELECT * FROM read_json(${fileList(dataset)}, format = 'newline_delimited',
      compression = 'gzip', columns = ${GENERIC_COLUMNS})`;
  }
  return `CREATE TABLE t AS SELECT unnest(Records, max_depth := 2) FROM read_json(${fileList(dataset)},
    compression = 'gzip', maximum_object_size = ${MAX_OBJECT_SIZE}, columns = {Records: '${CLOUDTRAIL_RECORD}[]'})`;
}

/** The baseline plus each record's raw text: what keeping `raw` costs DuckDB on its own. */
function rawReferenceSql(dataset: Dataset): string {
  if (dataset.manifest.kind === 'generic') {
    return `CREATE TABLE t AS SELECT raw,
        json_extract_string(raw, '$.id') AS id,
        CAST(json_extract_string(raw, '$.occurred_at') AS TIMESTAMPTZ) AS occurred_at,
        json_extract_string(raw, '$.tenant_id') AS tenant_id,
        json_extract_string(raw, '$.action') AS action,
        json_extract_string(raw, '$.actor.id') AS actor_id,
        json_extract_string(raw, '$.ip_address') AS ip_address,
        json_extract_string(raw, '$.outcome') AS outcome
      FROM read_csv(${fileList(dataset)}, columns = {'raw': 'VARCHAR'}, delim = E'\\x01', quote = '', escape = '',
        header = false, auto_detect = false, compression = 'gzip', max_line_size = ${64 * 1024 * 1024})`;
  }
  return `CREATE TABLE t AS SELECT r::VARCHAR AS raw,
      json_extract_string(r, '$.eventID') AS id,
      CAST(json_extract_string(r, '$.eventTime') AS TIMESTAMPTZ) AS occurred_at,
      json_extract_string(r, '$.recipientAccountId') AS tenant_id,
      json_extract_string(r, '$.eventName') AS action,
      json_extract_string(r, '$.userIdentity.arn') AS actor_id,
      json_extract_string(r, '$.sourceIPAddress') AS ip_address,
      json_extract_string(r, '$.errorCode') AS error_code
    FROM (SELECT unnest(Records) AS r FROM read_json(${fileList(dataset)}, compression = 'gzip',
      maximum_object_size = ${MAX_OBJECT_SIZE}, columns = {Records: 'JSON[]'}))`;
}

async function fileBytes(path: string): Promise<number> {
  let total = 0;
  for (const p of [path, `${path}.wal`]) {
    try {
      total += (await stat(p)).size;
    } catch {
      // no WAL after a clean checkpoint
    }
  }
  return total;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function checkpoint(connection: DuckDBConnection): Promise<number> {
  return (await timed(() => connection.run('CHECKPOINT'))).seconds;
}

async function runDuckDb(sql: string, dbPath: string): Promise<Omit<ChildResult, 'mode' | 'maxRssBytes'>> {
  // Same instance settings as a case (case-store.ts): no network extension loading, UTC.
  const instance = await DuckDBInstance.create(dbPath, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const load = await timed(() => connection.run(sql));
    const checkpointSeconds = await checkpoint(connection);
    const seconds = load.seconds + checkpointSeconds;
    const [row] = await queryRows(connection, 'SELECT count(*) AS n FROM t');
    connection.closeSync();
    instance.closeSync();
    return {
      seconds,
      rows: Number(row?.['n'] ?? 0),
      duplicates: 0,
      rejected: 0,
      fileBytes: await fileBytes(dbPath),
      checkpointSeconds,
    };
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
}

/** Imports the dataset into a new case, or into a copy of `into` (a case that already holds events). */
async function runTrailscope(
  dataset: Dataset,
  casePath: string,
  into?: string,
): Promise<Omit<ChildResult, 'mode' | 'maxRssBytes'>> {
  const storage = CASE_STORAGES.find((s) => s === process.env[CASE_STORAGE_ENV]);
  if (into) await copyFile(into, casePath);
  const store = into
    ? await CaseStore.open(casePath)
    : await CaseStore.create(casePath, { tenantId: dataset.manifest.tenantId, multiTenant: false, storage });
  try {
    const load = await timed(() => importFiles(store, [dataset.dir]));
    const summary = load.value;
    const checkpointSeconds = await checkpoint(store.connection);
    const seconds = load.seconds + checkpointSeconds;
    store.close();
    return {
      seconds,
      rows: summary.added,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
      fileBytes: await fileBytes(casePath),
      checkpointSeconds,
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function main(argv: string[]): Promise<ChildResult> {
  const [childMode, dir] = argv;
  if (!isChildMode(childMode) || (childMode !== 'idle' && !dir)) {
    throw new Error(`usage: import-child.ts <${CHILD_MODES.join('|')}> <dataset-dir> (no dataset for idle)`);
  }
  const dataset = async () => loadDataset(dir ?? '');
  const work = await mkdtemp(join(tmpdir(), 'trailscope-bench-'));
  try {
    const dbPath = join(work, childMode.startsWith('trailscope') ? 'case.duckdb' : 'baseline.duckdb');
    let result: Omit<ChildResult, 'mode' | 'maxRssBytes'>;
    switch (childMode) {
      case 'baseline':
        result = await runDuckDb(baselineSql(await dataset()), dbPath);
        break;
      case 'raw-reference':
        result = await runDuckDb(rawReferenceSql(await dataset()), dbPath);
        break;
      case 'trailscope':
        result = await runTrailscope(await dataset(), dbPath);
        break;
      case 'trailscope-into': {
        const into = process.env[INTO_CASE_ENV];
        if (!into) throw new Error(`trailscope-into needs ${INTO_CASE_ENV}`);
        result = await runTrailscope(await dataset(), dbPath, into);
        break;
      }
      case 'idle':
        // The floor: node + tsx + DuckDB + the store loaded, an empty database opened, no work.
        result = await runDuckDb('CREATE TABLE t (x INTEGER)', dbPath);
        break;
    }
    return { mode: childMode, ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

try {
  const result = await main(process.argv.slice(2));
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`import-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
