// The histogram's notable lane (issue 18, UX.md §12): where among a query's events the ones worth a look are —
// security and config changes, a success after a run of failures by the same actor, an actor's first use of an IP,
// and the latest detection run's findings. Each mark carries the clause and time range that select its events.
import { quoteValue } from '@shared/domain/query-edit';
import type { NotableKind, NotableMark, NotableMarks } from '@shared/domain/audit-event';
import type { QueryNode } from '@shared/domain/query-ast';
import type { CaseStore } from './case-store';
import {
  DERIVED_SINCE,
  FACETS,
  bucketPlan,
  bucketStartSql,
  condition,
  zoneOf,
  type QueryOptions,
} from './events-query';
import { latestFindingSpans } from './findings-repo';
import { queryRows } from './sql';

/** A success is notable after this many failures in a row by its actor (the demo's background has one or two). */
export const FAILURES_BEFORE = 5;

const iso = (ms: number) => new Date(ms).toISOString();

export async function notableMarks(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions & { failuresBefore?: number } = {},
): Promise<NotableMarks> {
  const failuresBefore = options.failuresBefore ?? FAILURES_BEFORE;
  const compiled = await condition(store, query, options);
  const plan = await bucketPlan(store, compiled);
  if (!plan) return { marks: [], failuresBefore };
  const { bucket } = plan;
  const p = compiled.params.length;
  const start = bucketStartSql(bucket, zoneOf(store, options), p);
  const marks: NotableMark[] = [];
  /** Per-bucket marks of the events that also match `extra`, each selecting them by `clause`. */
  const perBucket = async (kind: NotableKind, extra: string, clause: string, label: string) => {
    const rows = await queryRows(
      store.connection,
      `SELECT ${start.sql} AS start, count(*) AS n FROM events WHERE ${compiled.sql} AND ${extra} GROUP BY ALL ORDER BY start`,
      [...compiled.params, ...start.params],
    );
    for (const row of rows) {
      const from = Number(row['start']);
      const n = Number(row['n']);
      marks.push({ kind, from: iso(from), to: iso(from + bucket.ms), count: n, clause, label: `${label}: ${n}` });
    }
  };

  // The latest run's findings, each over its own span (charts place only those inside the query's time).
  for (const finding of await latestFindingSpans(store)) {
    marks.push({
      kind: 'finding',
      from: iso(finding.first),
      to: iso(finding.last + 1),
      count: finding.count,
      clause: `finding:${finding.id}`,
      label: `Finding ${finding.id} (${finding.level}): ${finding.title}, ${finding.count} events`,
    });
  }

  // A success ends a run of its actor's failures (with no success between): runs are numbered by the successes
  // before each event, so a run's failures and the success that ends it share a number.
  const actor = FACETS.actor;
  const runs = await queryRows(
    store.connection,
    `WITH tried AS (
       SELECT ${actor} AS a, occurred_at, outcome,
         count(*) FILTER (WHERE outcome = 'success') OVER (
           PARTITION BY ${actor} ORDER BY occurred_at, uid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS run
       FROM events WHERE ${compiled.sql} AND category = 'auth' AND outcome IN ('success', 'failure') AND ${actor} IS NOT NULL)
     SELECT a, count(*) FILTER (WHERE outcome = 'failure') AS failures,
       epoch_ms(min(occurred_at)) AS first, epoch_ms(max(occurred_at) FILTER (WHERE outcome = 'success')) AS success
     FROM tried GROUP BY a, run
     HAVING failures >= $${p + 1} AND success IS NOT NULL ORDER BY first`,
    [...compiled.params, failuresBefore],
  );
  for (const run of runs) {
    const a = String(run['a']);
    const failures = Number(run['failures']);
    marks.push({
      kind: 'after_failures',
      from: iso(Number(run['first'])),
      to: iso(Number(run['success']) + 1),
      count: failures + 1,
      clause: `actor:${quoteValue(a)}`,
      label: `${a}: ${failures} failures, then a success`,
    });
  }

  if (store.meta.schemaVersion >= DERIVED_SINCE)
    await perBucket(
      'first_ip',
      `coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM first_seen WHERE kind = 'ip'), false)`,
      'first_seen:ip',
      "An actor's first use of an IP",
    );
  await perBucket('security', `category = 'security'`, 'category:security', 'Security events');
  await perBucket('config', `category = 'config'`, 'category:config', 'Config changes');
  return { marks, failuresBefore };
}
