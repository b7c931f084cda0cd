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
    `WITH attempts AS (
       SELECT ${actor} AS a, occurred_at, uid, outcome FROM case_events
       WHERE ${compiled.sql} AND category = 'auth' AND outcome IN ('success', 'failure') AND ${actor} IS NOT NULL),
     -- Only actors with enough failures at all can have a run of them: the window sorts their attempts alone.
     candidates AS (SELECT a FROM attempts WHERE outcome = 'failure' GROUP BY a HAVING count(*) >= $${p + 1}),
     tried AS (
       SELECT a, occurred_at, outcome,
         count(*) FILTER (WHERE outcome = 'success') OVER (
           PARTITION BY a ORDER BY occurred_at, uid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS run
       FROM attempts WHERE a IN (SELECT a FROM candidates))
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

  // The per-bucket kinds in one pass over the query's events (three passes were 0.3 s at 1M): each a condition,
  // the clause that selects its events, and words.
  const kinds: { kind: NotableKind; when: string; clause: string; label: string }[] = [
    ...(store.meta.schemaVersion >= DERIVED_SINCE
      ? [
          {
            kind: 'first_ip' as const,
            when: `coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM first_seen WHERE kind = 'ip'), false)`,
            clause: 'first_seen:ip',
            label: "An actor's first use of an IP",
          },
        ]
      : []),
    { kind: 'security', when: `category = 'security'`, clause: 'category:security', label: 'Security events' },
    { kind: 'config', when: `category = 'config'`, clause: 'category:config', label: 'Config changes' },
  ];
  const rows = await queryRows(
    store.connection,
    `SELECT start, ${kinds.map((k, i) => `count(*) FILTER (WHERE k${i}) AS n${i}`).join(', ')} FROM (
       SELECT ${start.sql} AS start, ${kinds.map((k, i) => `${k.when} AS k${i}`).join(', ')} FROM case_events
       WHERE ${compiled.sql} AND (${kinds.map((k) => k.when).join(' OR ')}))
     GROUP BY start ORDER BY start`,
    [...compiled.params, ...start.params],
  );
  kinds.forEach(({ kind, clause, label }, i) => {
    for (const row of rows) {
      const n = Number(row[`n${i}`]);
      if (n === 0) continue;
      const from = Number(row['start']);
      marks.push({ kind, from: iso(from), to: iso(from + bucket.ms), count: n, clause, label: `${label}: ${n}` });
    }
  });
  return { marks, failuresBefore };
}
