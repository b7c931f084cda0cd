// What the case itself says about each source, for the Sources panel: every source that brought something in (the
// saved ones, and file imports, from the ingest ledger), how many events it brought and the span they cover (events
// table), the runs that completed (journal: when, and the window an explicit sync asked for), a failed one since,
// and for file imports the spans their files hold. Also each source's events on a timeline's buckets. Read-only;
// works on a reader.
import { listValue } from '@duckdb/node-api';
import { FILE_SOURCE_ID, type TimeSpan } from '@shared/domain/sources';
import type { CaseStore } from './case-store';
import { queryRows } from './sql';

export interface SourceHistory {
  coverage: { events: number; first: string | null; last: string | null };
  /** The last sync that completed (for file imports: the last import). */
  lastSync: { at: string; added: number; duplicates: number; rejected: number } | null;
  lastFailure: { at: string; code: string; message: string } | null;
  /** The last completed run that asked for no window: it covered everything up to its time. */
  lastOpenRun: string | null;
  /** Completed runs that asked for a window (`sync --since/--until`): `since`/`until` as given, `at` when it ended. */
  windows: { since: string | null; until: string | null; at: string }[];
  /** File imports: the spans their files hold events in, a hole of under FILE_HOLE_HOURS between files bridged. */
  fileSpans: TimeSpan[];
  /** Its ledger: when it first brought anything in, and how many objects (files, S3 objects) it read. */
  ledger: { first: string; objects: number } | null;
}

/**
 * A hole shorter than this between two imported files' events is taken as a quiet time, not a missing file: a file's
 * first and last events are not its edges, and delivered files follow each other (CloudTrail every 5 minutes).
 */
export const FILE_HOLE_HOURS = 1;

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;
const iso = (column: string) => `strftime(${column} AT TIME ZONE 'UTC', ${ISO})`;
const text = (value: unknown) => (value == null ? null : String(value));

export async function sourceHistories(store: CaseStore): Promise<Map<string, SourceHistory>> {
  const histories = new Map<string, SourceHistory>();
  const entry = (id: string): SourceHistory => {
    let history = histories.get(id);
    if (!history) {
      history = {
        coverage: { events: 0, first: null, last: null },
        lastSync: null,
        lastFailure: null,
        lastOpenRun: null,
        windows: [],
        fileSpans: [],
        ledger: null,
      };
      histories.set(id, history);
    }
    return history;
  };
  // Every source the ledger names, even one whose entries added nothing (all duplicates, all rejected).
  const ledger = await queryRows(
    store.connection,
    `SELECT source_id, ${iso('min(recorded_at)')} AS first, count(object_key)::BIGINT AS objects
     FROM ingest_ledger GROUP BY source_id`,
  );
  for (const row of ledger)
    entry(String(row['source_id'])).ledger = { first: String(row['first']), objects: Number(row['objects']) };
  const coverage = await queryRows(
    store.connection,
    `SELECT source_id, count(*)::BIGINT AS n, ${iso('min(occurred_at)')} AS first, ${iso('max(occurred_at)')} AS last
     FROM events GROUP BY source_id`,
  );
  for (const row of coverage) {
    entry(String(row['source_id'])).coverage = {
      events: Number(row['n']),
      first: text(row['first']),
      last: text(row['last']),
    };
  }
  // API syncs journal `source`, S3 syncs `sourceId`; every import is the file source's.
  const runs = await queryRows(
    store.connection,
    `WITH runs AS (
       SELECT CASE WHEN action = 'import' THEN $1 ELSE coalesce(detail->>'source', detail->>'sourceId') END AS source_id,
         seq, recorded_at, detail->>'since' AS since, detail->>'until' AS until,
         coalesce(TRY_CAST(detail->>'added' AS BIGINT), 0) AS added,
         coalesce(TRY_CAST(detail->>'duplicates' AS BIGINT), 0) AS duplicates,
         coalesce(TRY_CAST(detail->>'rejected' AS BIGINT), 0) AS rejected
       FROM journal WHERE action IN ('sync', 'import'))
     SELECT source_id, ${iso('recorded_at')} AS at, since, until, added, duplicates, rejected,
       seq = max(seq) OVER (PARTITION BY source_id) AS newest,
       seq = max(CASE WHEN since IS NULL AND until IS NULL THEN seq END) OVER (PARTITION BY source_id) AS newest_open
     FROM runs WHERE source_id IS NOT NULL
     QUALIFY newest OR newest_open OR since IS NOT NULL OR until IS NOT NULL
     ORDER BY seq`,
    [FILE_SOURCE_ID],
  );
  for (const row of runs) {
    const history = entry(String(row['source_id']));
    const at = String(row['at']);
    if (row['newest'] === true)
      history.lastSync = {
        at,
        added: Number(row['added']),
        duplicates: Number(row['duplicates']),
        rejected: Number(row['rejected']),
      };
    if (row['newest_open'] === true) history.lastOpenRun = at;
    if (row['since'] != null || row['until'] != null)
      history.windows.push({ since: text(row['since']), until: text(row['until']), at });
  }
  // The newest failure, unless a sync completed after it.
  const failures = await queryRows(
    store.connection,
    `SELECT detail->>'source' AS source_id, ${iso('recorded_at')} AS at,
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
  // Each imported file's span (its ledger entry's events), joined into islands where files meet or nearly do.
  const spans = await queryRows(
    store.connection,
    `WITH units AS (
       SELECT min(occurred_at) AS lo, max(occurred_at) AS hi FROM events WHERE source_id = $1 GROUP BY ingest_seq),
     marked AS (
       SELECT lo, hi, CASE WHEN lo > max(hi) OVER (ORDER BY lo, hi ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
           + to_hours($2::BIGINT) THEN 1 ELSE 0 END AS starts_island
       FROM units),
     islands AS (SELECT lo, hi, sum(starts_island) OVER (ORDER BY lo, hi ROWS UNBOUNDED PRECEDING) AS island FROM marked)
     SELECT ${iso('min(lo)')} AS "from", ${iso('max(hi)')} AS "to" FROM islands GROUP BY island ORDER BY min(lo)`,
    [FILE_SOURCE_ID, FILE_HOLE_HOURS],
  );
  if (spans.length > 0)
    entry(FILE_SOURCE_ID).fileSpans = spans.map((row) => ({ from: String(row['from']), to: String(row['to']) }));
  return histories;
}

/**
 * Each source's events on a timeline's buckets: bucket i runs from starts[i] to starts[i + 1] (the last to `end`),
 * as the histogram drew them. Every event counts, whatever the query: coverage is about what the case holds.
 */
export async function sourceBucketCounts(
  store: CaseStore,
  starts: string[],
  end: string,
): Promise<Map<string, number[]>> {
  const counts = new Map<string, number[]>();
  if (starts.length === 0) return counts;
  const first = Date.parse(starts[0] ?? end);
  const width = starts.length > 1 ? Date.parse(starts[1] ?? end) - first : Date.parse(end) - first;
  const even =
    starts.every((start, i) => Date.parse(start) === first + i * width) &&
    first + starts.length * width === Date.parse(end);
  // Buckets of one width (all but days across a DST change) by arithmetic; others by an ASOF join on their starts.
  const rows = even
    ? await queryRows(
        store.connection,
        `SELECT source_id, (epoch_ms(occurred_at) - $1::BIGINT) // $2::BIGINT + 1 AS i, count(*)::BIGINT AS n
         FROM events WHERE occurred_at >= $3::TIMESTAMPTZ AND occurred_at < $4::TIMESTAMPTZ GROUP BY ALL`,
        [first, width, starts[0] ?? end, end],
      )
    : await queryRows(
        store.connection,
        `WITH buckets AS (SELECT unnest($1::VARCHAR[])::TIMESTAMPTZ AS s, generate_subscripts($1::VARCHAR[], 1) AS i)
         SELECT e.source_id, b.i, count(*)::BIGINT AS n
         FROM (SELECT source_id, occurred_at FROM events
               WHERE occurred_at >= $2::TIMESTAMPTZ AND occurred_at < $3::TIMESTAMPTZ) e
           ASOF JOIN buckets b ON e.occurred_at >= b.s
         GROUP BY ALL`,
        [listValue(starts), starts[0] ?? end, end],
      );
  for (const row of rows) {
    const id = String(row['source_id']);
    let lane = counts.get(id);
    if (!lane) counts.set(id, (lane = new Array<number>(starts.length).fill(0)));
    lane[Number(row['i']) - 1] = Number(row['n']);
  }
  return counts;
}
