// The case's detection runs and findings (schema.ts): running one compiled rule's SELECT, storing a run with its
// findings (first and last event times looked up in one pass), listing the latest run, and the uids of one finding
// for the query language's `finding:<id>`. Every run is kept; a finding's id never changes.
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import {
  FINDING_LEVELS,
  findingQuery,
  type DetectionRun,
  type Finding,
  type FindingLevel,
  type FindingsList,
  type RuleRun,
  type UnsupportedRuleInfo,
} from '@shared/domain/detections';
import { AppError } from '../errors';
import { osUser, type CaseStore } from './case-store';
import { inTransaction, queryRows, type Row } from './sql';

/** What a rule's SELECT returned for one finding (detection-rule.ts). */
export interface RuleRow {
  tenantId: string;
  subject: string | null;
  uids: string[];
  /** ISO 8601, UTC: the first and last flagged event's time. */
  firstAt: string;
  lastAt: string;
}

const ISO = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')`;

/**
 * Runs one rule's SELECT on `store` (a reader of its own: an abort interrupts it). Rows whose uids or times are
 * missing are a broken rule, not "no finding": they are refused with the rule named.
 */
export async function runRuleQuery(
  store: CaseStore,
  rule: { id: string; sql: string; params: DuckDBValue[] },
  signal: AbortSignal,
): Promise<RuleRow[]> {
  const interrupt = () => store.connection.interrupt();
  signal.addEventListener('abort', interrupt, { once: true });
  try {
    if (signal.aborted) throw new AppError('CANCELLED', 'The detection run was cancelled.');
    const rows = await queryRows(
      store.connection,
      // The line break keeps a rule's trailing `-- comment` from swallowing the closing parenthesis.
      `SELECT tenant_id::VARCHAR AS tenant_id, subject::VARCHAR AS subject, uids::VARCHAR[] AS uids,
         ${ISO('first_at')} AS first_at, ${ISO('last_at')} AS last_at FROM (${rule.sql}
)`,
      rule.params,
    );
    return rows.map((r) => {
      const uids = (r['uids'] as string[] | null) ?? [];
      const [tenantId, firstAt, lastAt] = [r['tenant_id'], r['first_at'], r['last_at']];
      if (
        uids.length === 0 ||
        typeof tenantId !== 'string' ||
        typeof firstAt !== 'string' ||
        typeof lastAt !== 'string'
      )
        throw new AppError('INTERNAL', `Rule ${rule.id} returned a finding without events, tenant or times.`);
      return { tenantId, subject: r['subject'] === null ? null : String(r['subject']), uids, firstAt, lastAt };
    });
  } catch (error) {
    if (signal.aborted) throw new AppError('CANCELLED', 'The detection run was cancelled.');
    throw error;
  } finally {
    signal.removeEventListener('abort', interrupt);
  }
}

export interface NewFinding extends RuleRow {
  ruleId: string;
  title: string;
  level: FindingLevel;
  ruleVersion: string;
  origin: 'builtin' | 'sigma';
  file: string | null;
}

/**
 * Stores a run and its findings, journalled, in one transaction; returns the run's seq. A finding's uids and times
 * are the rule's: it read them from the case's events in the same query.
 */
export async function addDetectionRun(
  store: CaseStore,
  run: { rules: RuleRun[]; unsupported: UnsupportedRuleInfo[] },
  findings: NewFinding[],
): Promise<number> {
  store.assertWritable();
  return inTransaction(store.connection, async () => {
    const [row] = await queryRows(
      store.connection,
      `INSERT INTO detection_runs SELECT coalesce(max(seq), 0) + 1, now(), $1, $2::JSON, $3::JSON FROM detection_runs
       RETURNING seq`,
      [osUser(), JSON.stringify(run.rules), JSON.stringify(run.unsupported)],
    );
    const seq = Number(row?.['seq']);
    const [next] = await queryRows(store.connection, 'SELECT coalesce(max(id), 0) + 1 AS id FROM findings');
    let id = Number(next?.['id']);
    const insert = await store.connection.prepare(
      `INSERT INTO findings VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::VARCHAR[], $12::TIMESTAMPTZ,
         $13::TIMESTAMPTZ, now())`,
    );
    for (const finding of findings) {
      const values: DuckDBValue[] = [
        id++,
        seq,
        finding.ruleId,
        finding.title,
        finding.level,
        finding.ruleVersion,
        finding.origin,
        finding.file,
        finding.tenantId,
        finding.subject,
        listValue(finding.uids),
        finding.firstAt,
        finding.lastAt,
      ];
      insert.bind(values);
      await insert.run();
    }
    insert.destroySync();
    await store.journal('detect', {
      run: seq,
      rules: run.rules.length,
      unsupported: run.unsupported.length,
      findings: findings.length,
    });
    return seq;
  });
}

const LEVEL_ORDER = `CASE level ${FINDING_LEVELS.map((level, i) => `WHEN '${level}' THEN ${i}`).join(' ')} END`;

/** Whether the case has the findings tables: an older case opened read-only has not (it is migrated on a write). */
async function hasFindings(store: CaseStore): Promise<boolean> {
  const [row] = await queryRows(
    store.connection,
    `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'findings'`,
  );
  return row?.['n'] === 1;
}

/**
 * The latest run and its findings, most severe first, then oldest first (no run yet: `run` null); with `uidLimit`,
 * each finding's first uids only (its count stays whole).
 */
export async function listLatestFindings(store: CaseStore, uidLimit?: number): Promise<FindingsList> {
  const counts = Object.fromEntries(FINDING_LEVELS.map((level) => [level, 0])) as Record<FindingLevel, number>;
  if (!(await hasFindings(store))) return { run: null, findings: [], counts };
  const [runRow] = await queryRows(
    store.connection,
    `SELECT seq, ${ISO('recorded_at')} AS recorded_at, os_user, rules::VARCHAR AS rules,
       unsupported::VARCHAR AS unsupported
     FROM detection_runs ORDER BY seq DESC LIMIT 1`,
  );
  if (!runRow) return { run: null, findings: [], counts };
  const run: DetectionRun = {
    seq: Number(runRow['seq']),
    recordedAt: String(runRow['recorded_at']),
    osUser: String(runRow['os_user']),
    rules: JSON.parse(String(runRow['rules'])) as RuleRun[],
    unsupported: JSON.parse(String(runRow['unsupported'])) as UnsupportedRuleInfo[],
  };
  const rows = await queryRows(
    store.connection,
    `SELECT id, run_seq, rule_id, rule_title, level, rule_version, origin, rule_file, tenant_id, subject,
       CASE WHEN $2::BIGINT IS NULL THEN uids ELSE uids[1:$2::BIGINT] END AS uids, len(uids)::BIGINT AS n,
       ${ISO('first_at')} AS first_at, ${ISO('last_at')} AS last_at, ${ISO('found_at')} AS found_at
     FROM findings WHERE run_seq = $1 ORDER BY ${LEVEL_ORDER} DESC, first_at, id`,
    [run.seq, uidLimit ?? null],
  );
  const findings = rows.map(toFinding);
  for (const finding of findings) counts[finding.level]++;
  return { run, findings, counts };
}

function toFinding(r: Row): Finding {
  const id = Number(r['id']);
  const uids = (r['uids'] as string[] | null) ?? [];
  return {
    id,
    run: Number(r['run_seq']),
    ruleId: String(r['rule_id']),
    title: String(r['rule_title']),
    level: String(r['level']) as FindingLevel,
    ruleVersion: String(r['rule_version']),
    origin: String(r['origin']) === 'sigma' ? 'sigma' : 'builtin',
    file: r['rule_file'] === null ? null : String(r['rule_file']),
    tenantId: String(r['tenant_id']),
    subject: r['subject'] === null ? null : String(r['subject']),
    uids,
    count: Number(r['n']),
    first: String(r['first_at']),
    last: String(r['last_at']),
    foundAt: String(r['found_at']),
    query: findingQuery(id),
  };
}

/**
 * The tenant and uids of finding `id`, for `finding:<id>`. An id that is not a finding of this case is a USAGE
 * error; so is a case made before findings existed (opened read-only, it has no findings table).
 */
export async function findingEvents(store: CaseStore, id: string): Promise<{ tenantId: string; uids: string[] }> {
  if (!/^\d{1,15}$/.test(id)) throw new AppError('USAGE', `finding:${id} is not a finding id (a whole number).`);
  if (!(await hasFindings(store)))
    throw new AppError('USAGE', `There is no finding ${id} in this case (it has never been run through detect).`);
  const [row] = await queryRows(store.connection, 'SELECT tenant_id, uids FROM findings WHERE id = $1', [Number(id)]);
  if (!row) throw new AppError('USAGE', `There is no finding ${id} in this case.`);
  return { tenantId: String(row['tenant_id']), uids: (row['uids'] as string[] | null) ?? [] };
}

/** The latest run's findings as spans of time (the histogram's notable lane): id, title, how many events, first and last (epoch ms). */
export async function latestFindingSpans(
  store: CaseStore,
): Promise<{ id: number; title: string; level: string; count: number; first: number; last: number }[]> {
  if (!(await hasFindings(store))) return [];
  const rows = await queryRows(
    store.connection,
    `SELECT id, rule_title, level, len(uids)::BIGINT AS n, epoch_ms(first_at) AS first, epoch_ms(last_at) AS last
     FROM findings WHERE run_seq = (SELECT max(seq) FROM detection_runs) ORDER BY first_at, id`,
  );
  return rows.map((r) => ({
    id: Number(r['id']),
    title: String(r['rule_title']),
    level: String(r['level']),
    count: Number(r['n']),
    first: Number(r['first']),
    last: Number(r['last']),
  }));
}
