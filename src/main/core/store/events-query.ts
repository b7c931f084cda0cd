// The questions the UI and the CLI ask of a case: a page of events by keyset (occurred_at, uid) in either
// direction, facet counts, a time histogram and its per-actor lanes, and a field's top values (autocomplete) — each
// for a query in the language of DESIGN.md §7.
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../errors';
import {
  FACET_NAMES,
  type ActorLanes,
  type Facet,
  type FacetName,
  type FacetOrder,
  type FacetValuesPage,
  type Histogram,
  type LaneRank,
  type NormalizedEvent,
  type ValueCount,
} from '@shared/domain/audit-event';
import type { QueryNode, ValueField } from '@shared/domain/query-ast';
import type { CaseStore } from './case-store';
import { EVENT_SELECT, toEvent } from './events-repo';
import { findingEvents } from './findings-repo';
import { compileQuery, type CompiledCondition } from './query-sql';
import { queryRows, type Row } from './sql';
import { epochMsToWallTime, isTimeZone, utcMs, wallTimeToEpochMicros } from '@shared/domain/zoned-time';

export interface QueryOptions {
  /** Zone for after:/before: without one, and for histogram bucket alignment. Defaults to the case's zone. */
  timeZone?: string;
}

/** The zone a question is asked in, checked here so that neither Intl's nor DuckDB's error text reaches the caller. */
export function zoneOf(store: CaseStore, options: QueryOptions): string {
  const timeZone = options.timeZone ?? store.meta.displayTimeZone;
  if (!isTimeZone(timeZone))
    throw new AppError(
      'USAGE',
      `Unknown time zone "${timeZone.slice(0, 64)}": give an IANA zone name such as UTC or Europe/Berlin.`,
    );
  return timeZone;
}

/** The WHERE of a query in a zone (for the reports' own questions: store/report-repo.ts, export-repo.ts, package-repo.ts). */
export async function condition(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions,
): Promise<CompiledCondition> {
  if (query !== null && store.meta.schemaVersion < DERIVED_SINCE && usesDerived(query))
    throw new AppError('USAGE', olderCaseMessage(store));
  return compileQuery(query, {
    timeZone: zoneOf(store, options),
    sessionGapMinutes: store.meta.sessionGapMinutes,
    distinctIps: async () =>
      (await queryRows(store.connection, 'SELECT DISTINCT ip FROM case_events WHERE ip IS NOT NULL')).map((r) =>
        String(r['ip']),
      ),
    findingEvents: (id) => findingEvents(store, id),
  });
}

/** The schema version that added the tables `country:`, `first_seen:` and `session:` read (derived.ts). */
export const DERIVED_SINCE = 3;

/** An older case opened read-only has no derived tables (a read-only open cannot bring it forward). */
export function olderCaseMessage(store: CaseStore): string {
  return `Case ${store.path} is of schema version ${store.meta.schemaVersion}: countries, first-seen and sessions need version ${DERIVED_SINCE}. Open it for writing once (an import, or the app without another process holding it) to bring it forward.`;
}

function usesDerived(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.children.some(usesDerived);
    case 'not':
      return usesDerived(node.child);
    case 'field':
      return node.field === 'country' || node.field === 'first_seen' || node.field === 'session';
    case 'text':
    case 'path':
      return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Keyset pages

export interface Cursor {
  /** occurred_at in epoch microseconds, as text (exact beyond 2^53). */
  t: string;
  uid: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.t, cursor.uid]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const [t, uid] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof t === 'string' && /^-?\d+$/.test(t) && typeof uid === 'string') return { t, uid };
  } catch {
    // fall through to the error below
  }
  throw new AppError('USAGE', 'That cursor is not one Trailscope made (copy it whole from the previous page).');
}

export interface PageRequest extends QueryOptions {
  query: QueryNode | null;
  order: 'asc' | 'desc';
  limit: number;
  /** Continue after this row, in `order`. */
  after?: Cursor;
  /** The rows just before this one, in `order` (paging back). */
  before?: Cursor;
}

export interface EventPage {
  events: NormalizedEvent[];
  /** Cursor of the last row: pass as `after` for the next page; null when there is none. */
  next: Cursor | null;
  /** Cursor of the first row: pass as `before` for the previous page; null when there is none. */
  previous: Cursor | null;
}

export async function queryPage(store: CaseStore, request: PageRequest): Promise<EventPage> {
  if (request.after && request.before)
    throw new AppError('USAGE', 'A page continues after a row or before one, not both.');
  const compiled = await condition(store, request.query, request);
  // Paging back reads the other way from the cursor, then restores the order.
  const backwards = request.before !== undefined;
  const ascending = (request.order === 'asc') !== backwards;
  const params: DuckDBValue[] = [...compiled.params];
  const bind = (value: DuckDBValue) => {
    params.push(value);
    return `$${params.length}`;
  };
  const anchor = request.after ?? request.before;
  let keyset = 'true';
  if (anchor) {
    const t = `make_timestamptz(${bind(BigInt(anchor.t))}::BIGINT)`;
    const uid = bind(anchor.uid);
    const cmp = ascending ? '>' : '<';
    keyset = `(occurred_at ${cmp} ${t} OR (occurred_at = ${t} AND uid ${cmp} ${uid}))`;
  }
  const direction = ascending ? 'ASC' : 'DESC';
  const limit = bind(request.limit + 1);
  // Pick the page's keys first, then read and format only those rows: formatting (and reading raw) for every
  // candidate before the top-N made deep pages slow (16 ms instead of 125 ms for SELECT *), and fetching the rows
  // by a join scans every row group, where a time range from the keys lets zone maps skip all but a few.
  const keys = await queryRows(
    store.connection,
    `SELECT epoch_us(occurred_at)::VARCHAR AS t, uid, tenant_id FROM case_events WHERE ${compiled.sql} AND ${keyset}
     ORDER BY occurred_at ${direction}, uid ${direction} LIMIT ${limit}`,
    params,
  );
  const rows = keys.length === 0 ? [] : await rowsForKeys(store, keys);
  const more = rows.length > request.limit;
  const page = rows.slice(0, request.limit);
  if (backwards) page.reverse();
  const cursorOf = (row: Record<string, unknown> | undefined): Cursor | null =>
    row ? { t: String(row['cursor_t']), uid: String(row['uid']) } : null;
  const events = page.map(({ cursor_t: _, ...row }) => toEvent(row));
  // Going forward, a further page exists if we fetched one row too many; going back, the page we came from does.
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : anchor !== undefined;
  return {
    events,
    next: hasNext ? cursorOf(page[page.length - 1]) : null,
    previous: hasPrevious ? cursorOf(page[0]) : null,
  };
}

/** The rows of a page's keys (`t`: epoch µs as text, `uid`, `tenant_id`), in the keys' order, read within their time range. */
export async function rowsForKeys(
  store: CaseStore,
  keys: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const times = keys.map((k) => BigInt(String(k['t'])));
  const lo = times.reduce((a, b) => (b < a ? b : a));
  const hi = times.reduce((a, b) => (b > a ? b : a));
  const rows = await queryRows(
    store.connection,
    `SELECT ${EVENT_SELECT}, epoch_us(occurred_at)::VARCHAR AS cursor_t FROM case_events
     SEMI JOIN (SELECT unnest($3::VARCHAR[]) AS uid) page USING (uid)
     WHERE occurred_at BETWEEN make_timestamptz($1::BIGINT) AND make_timestamptz($2::BIGINT)`,
    [lo, hi, listValue(keys.map((k) => String(k['uid'])))],
  );
  const byKey = new Map(
    rows.map((r) => [`${String(r['cursor_t'])}\u0000${String(r['uid'])}\u0000${String(r['tenant_id'])}`, r]),
  );
  return keys.flatMap((k) => {
    const row = byKey.get(`${String(k['t'])}\u0000${String(k['uid'])}\u0000${String(k['tenant_id'])}`);
    return row ? [row] : [];
  });
}

export async function countMatching(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions = {},
): Promise<number> {
  return countWhere(store, await condition(store, query, options));
}

// ---------------------------------------------------------------------------------------------------------------
// Facets

/** The facets that are an expression of the event's own columns. */
type ColumnFacet = Exclude<FacetName, 'country' | 'first_seen'>;

export const FACETS: Record<ColumnFacet, string> = {
  action: 'action',
  actor: 'coalesce(actor_email, actor_name, actor_id)',
  ip: 'ip',
  outcome: 'outcome',
  target: 'coalesce(target_name, target_id)',
};
const COLUMN_FACETS = Object.keys(FACETS) as ColumnFacet[];

/**
 * A facet's values among the events matching `where`, each with its count (`value`, `n`; NULL: events without one).
 * An event counts once per first use for `first_seen` (an event can be the first use of an IP and a country). The
 * country is counted per IP, then looked up in the small ip_countries table: joining every event was 0.2 s at 1M.
 */
function facetCountsSql(name: FacetName, where: string): string {
  switch (name) {
    case 'country':
      return `(SELECT c.country::VARCHAR AS value, sum(e.n)::BIGINT AS n
         FROM (SELECT ip, count(*) AS n FROM case_events WHERE ${where} GROUP BY ip) e LEFT JOIN ip_countries c USING (ip)
         GROUP BY ALL)`;
    case 'first_seen':
      // Every event (no query): the first_seen table alone, with no pass over the events.
      return `(SELECT kind::VARCHAR AS value, count(*) AS n FROM first_seen ${
        where === 'true' ? '' : `WHERE (tenant_id, uid) IN (SELECT tenant_id, uid FROM case_events WHERE ${where})`
      } GROUP BY ALL)`;
    default:
      return `(SELECT ${FACETS[name]}::VARCHAR AS value, count(*) AS n FROM case_events WHERE ${where} GROUP BY ALL)`;
  }
}

/**
 * A query matching at most this many events has its facets and lanes counted in one pass: the values they group by
 * are read once (the filter evaluated once) and held while grouped several ways. At 1M events `actor:` facets took
 * 0.4–0.5 s as five scans and ~0.1 s so; past this size holding the values costs too much memory, and plain scans
 * are used. (Options take `onePassMax` so tests can compare both ways on small cases.)
 */
export const ONE_PASS_MAX = 1_000_000;

interface OnePassOption {
  onePassMax?: number;
}

export async function facetCounts(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions & OnePassOption & { top?: number } = {},
): Promise<{ total: number; facets: Record<FacetName, Facet> }> {
  const compiled = await condition(store, query, options);
  const top = options.top ?? 10;
  const offset = compiled.params.length;
  const names = COLUMN_FACETS;
  /** One facet's top values, distinct and missing counts from `counts`, its values' counts (`value`, `n`). */
  const facetSql = (counts: string) =>
    `SELECT value, n, count(value) OVER () AS distinct_values,
       coalesce(sum(CASE WHEN value IS NULL THEN n END) OVER (), 0) AS missing, sum(n) OVER () AS total
     FROM ${counts}
     QUALIFY value IS NULL OR row_number() OVER (PARTITION BY value IS NULL ORDER BY n DESC, value) <= $${offset + 1}`;
  const derived = store.meta.schemaVersion >= DERIVED_SINCE;
  /** The country facet from a source of per-IP counts (`ip`, `n`): no further pass over the events. */
  const countrySql = (ips: string) =>
    `SELECT 'country' AS facet, * FROM (${facetSql(
      `(SELECT c.country::VARCHAR AS value, sum(i.n)::BIGINT AS n FROM ${ips} i LEFT JOIN ip_countries c ON c.ip = i.ip GROUP BY ALL)`,
    )})`;
  let rows: Row[];
  if (query !== null && (await countWhere(store, compiled)) <= (options.onePassMax ?? ONE_PASS_MAX)) {
    // The keys too, for the first uses among them (derived cases only).
    const keys = derived ? ', tenant_id AS _tenant, uid AS _uid' : '';
    rows = await queryRows(
      store.connection,
      `WITH matched AS MATERIALIZED (SELECT ${names.map((name) => `${FACETS[name]}::VARCHAR AS ${name}`).join(', ')}${keys} FROM case_events WHERE ${compiled.sql})
       ${names.map((name) => `SELECT '${name}' AS facet, * FROM (${facetSql(`(SELECT ${name} AS value, count(*) AS n FROM matched GROUP BY ALL)`)})`).join('\n UNION ALL ')}
       ${
         derived
           ? `UNION ALL ${countrySql('(SELECT ip, count(*) AS n FROM matched GROUP BY ALL)')}
              UNION ALL SELECT 'first_seen' AS facet, * FROM (${facetSql(
                `(SELECT kind::VARCHAR AS value, count(*) AS n FROM first_seen
                  WHERE (tenant_id, uid) IN (SELECT _tenant, _uid FROM matched) GROUP BY ALL)`,
              )})`
           : ''
       }
       ORDER BY facet, n DESC, value`,
      [...compiled.params, top],
    );
  } else {
    // One aggregate per facet, each small: at 10M events one GROUPING SETS aggregate spilled past the memory limit
    // and took 20x longer than five plain ones (measured). The IPs' counts serve the country facet as well.
    rows = [];
    for (const name of names) {
      const counts = facetCountsSql(name, compiled.sql);
      const facetRows = await queryRows(
        store.connection,
        name === 'ip' && derived
          ? `WITH ips AS MATERIALIZED ${counts}
             SELECT 'ip' AS facet, * FROM (${facetSql('ips')})
             UNION ALL ${countrySql('(SELECT value AS ip, n FROM ips)')}
             ORDER BY facet, n DESC, value`
          : `SELECT '${name}' AS facet, * FROM (${facetSql(counts)}) ORDER BY n DESC, value`,
        [...compiled.params, top],
      );
      rows.push(...facetRows);
    }
    if (derived)
      rows.push(
        ...(await queryRows(
          store.connection,
          `SELECT 'first_seen' AS facet, * FROM (${facetSql(facetCountsSql('first_seen', compiled.sql))}) ORDER BY n DESC, value`,
          [...compiled.params, top],
        )),
      );
  }
  const facets = {} as Record<FacetName, Facet>;
  let total = 0;
  for (const name of FACET_NAMES) {
    const own = rows.filter((r) => r['facet'] === name);
    facets[name] = {
      values: own.flatMap((r) => (r['value'] === null ? [] : [{ value: String(r['value']), count: Number(r['n']) }])),
      distinct: Number(own[0]?.['distinct_values'] ?? 0),
      // Events that are no first use are not "missing" a first use.
      missing: name === 'first_seen' ? 0 : Number(own[0]?.['missing'] ?? 0),
    };
    if (name !== 'first_seen') total = Number(own[0]?.['total'] ?? total);
  }
  return { total, facets };
}

/**
 * One page of a facet's values among the query's events that contain `search` (case-insensitive), most frequent
 * first (`top`) or least (`rare`), ties by value; and how many distinct values contain it ("show all": a list the
 * user scrolls and filters, asked for page by page). One aggregate over the matching events per page.
 */
export async function facetValues(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions & { field: FacetName; search: string; order: FacetOrder; offset: number; limit: number },
): Promise<FacetValuesPage> {
  if ((options.field === 'country' || options.field === 'first_seen') && store.meta.schemaVersion < DERIVED_SINCE)
    throw new AppError('USAGE', olderCaseMessage(store));
  const compiled = await condition(store, query, options);
  const p = compiled.params.length;
  const literal = options.search.replace(/[%_\\]/g, '\\$&');
  const direction = options.order === 'rare' ? 'ASC' : 'DESC';
  const rows = await queryRows(
    store.connection,
    `SELECT value, n, count(*) OVER () AS distinct_values FROM (
       SELECT value, n FROM ${facetCountsSql(options.field, compiled.sql)}
       WHERE value IS NOT NULL AND value ILIKE $${p + 1} ESCAPE '\\')
     ORDER BY n ${direction}, value LIMIT $${p + 2} OFFSET $${p + 3}`,
    [...compiled.params, `%${literal}%`, options.limit, options.offset],
  );
  let distinct = Number(rows[0]?.['distinct_values'] ?? 0);
  if (rows.length === 0 && options.offset > 0) {
    // Past the end: the count still says how many there are.
    const [row] = await queryRows(
      store.connection,
      `SELECT count(value) AS n FROM ${facetCountsSql(options.field, compiled.sql)} WHERE value ILIKE $${p + 1} ESCAPE '\\'`,
      [...compiled.params, `%${literal}%`],
    );
    distinct = Number(row?.['n'] ?? 0);
  }
  return { values: rows.map((r) => ({ value: String(r['value']), count: Number(r['n']) })), distinct };
}

async function countWhere(store: CaseStore, compiled: CompiledCondition): Promise<number> {
  const [row] = await queryRows(
    store.connection,
    `SELECT count(*) AS n FROM case_events WHERE ${compiled.sql}`,
    compiled.params,
  );
  return Number(row?.['n'] ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Histogram

/**
 * Bucket sizes a person reads easily, smallest first. No step is more than 3x the one before, so the size chosen
 * for a range always gives between MAX_BUCKETS / 3 = 100 and MAX_BUCKETS buckets (once the range spans 100 seconds).
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const BUCKET_SIZES = [
  { label: '1 second', ms: SECOND },
  { label: '2 seconds', ms: 2 * SECOND },
  { label: '5 seconds', ms: 5 * SECOND },
  { label: '10 seconds', ms: 10 * SECOND },
  { label: '30 seconds', ms: 30 * SECOND },
  { label: '1 minute', ms: MINUTE },
  { label: '2 minutes', ms: 2 * MINUTE },
  { label: '5 minutes', ms: 5 * MINUTE },
  { label: '15 minutes', ms: 15 * MINUTE },
  { label: '30 minutes', ms: 30 * MINUTE },
  { label: '1 hour', ms: HOUR },
  { label: '3 hours', ms: 3 * HOUR },
  { label: '6 hours', ms: 6 * HOUR },
  { label: '12 hours', ms: 12 * HOUR },
  { label: '1 day', ms: DAY },
  { label: '3 days', ms: 3 * DAY },
  { label: '7 days', ms: 7 * DAY },
  { label: '14 days', ms: 14 * DAY },
  { label: '30 days', ms: 30 * DAY },
  { label: '90 days', ms: 90 * DAY },
] as const;
export const MAX_BUCKETS = 300;

/** The smallest readable size that covers the range in at most MAX_BUCKETS buckets (so usually 100–300). */
export function chooseBucket(rangeMs: number): (typeof BUCKET_SIZES)[number] {
  return BUCKET_SIZES.find((b) => Math.ceil(rangeMs / b.ms) <= MAX_BUCKETS) ?? BUCKET_SIZES[BUCKET_SIZES.length - 1]!;
}

/** A time span the chart must cover whatever the query matches (the case's span, or a zoomed range): ISO instants. */
export interface ChartSpan {
  from: string;
  to: string;
}

/** The span as epoch ms, refused by name when either end is not an instant or they are the wrong way round. */
function spanMs(span: ChartSpan | undefined): { from: number; to: number } | null {
  if (!span) return null;
  const from = Date.parse(span.from);
  const to = Date.parse(span.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from)
    throw new AppError(
      'USAGE',
      `The chart's span must be two instants, from before to: got "${span.from.slice(0, 64)}" – "${span.to.slice(0, 64)}".`,
    );
  return { from, to };
}

/**
 * The bucket size a query's chart uses and how many events it matches, or null when nothing matches. With a span,
 * the size fits the span and the matched events together (UX.md §2: the chart keeps the case's span unless zoomed).
 */
export async function bucketPlan(
  store: CaseStore,
  compiled: CompiledCondition,
  span: { from: number; to: number } | null = null,
): Promise<{ bucket: (typeof BUCKET_SIZES)[number]; matched: number } | null> {
  const [range] = await queryRows(
    store.connection,
    `SELECT epoch_ms(min(occurred_at)) AS lo, epoch_ms(max(occurred_at)) AS hi, count(*) AS n FROM case_events WHERE ${compiled.sql}`,
    compiled.params,
  );
  if (range?.['lo'] === null || range?.['lo'] === undefined) return null;
  const lo = Math.min(Number(range['lo']), span?.from ?? Infinity);
  const hi = Math.max(Number(range['hi']), span ? span.to - 1 : -Infinity);
  return { bucket: chooseBucket(hi - lo + 1), matched: Number(range['n']) };
}

/** The starts of the buckets holding the span's first and last instant, so the chart's buckets reach both ends. */
async function spanEdges(
  store: CaseStore,
  bucket: (typeof BUCKET_SIZES)[number],
  timeZone: string,
  span: { from: number; to: number } | null,
): Promise<number[]> {
  if (!span) return [];
  const from = bucketStartSql(bucket, timeZone, 0, 'make_timestamptz($3::BIGINT * 1000)');
  const to = bucketStartSql(bucket, timeZone, 0, 'make_timestamptz($4::BIGINT * 1000)');
  const [row] = await queryRows(store.connection, `SELECT ${from.sql} AS a, ${to.sql} AS b`, [
    ...from.params,
    span.from,
    Math.max(span.from, span.to - 1),
  ]);
  return row ? [Number(row['a']), Number(row['b'])] : [];
}

/**
 * The SQL of a bucket's start (epoch ms) and its two parameters, numbered after `offset` others. Buckets are aligned
 * in the display zone (a day starts at local midnight), via time_bucket's zone argument; a bucket of days must be a
 * day-typed interval: only those follow the zone's calendar (23- or 25-hour days).
 */
export function bucketStartSql(
  bucket: (typeof BUCKET_SIZES)[number],
  timeZone: string,
  offset: number,
  instant = 'occurred_at',
): { sql: string; params: DuckDBValue[] } {
  const days = bucket.ms >= DAY;
  const width = days ? `to_days($${offset + 1}::INTEGER)` : `to_milliseconds($${offset + 1}::BIGINT)`;
  return {
    sql: `epoch_ms(time_bucket(${width}, ${instant}, $${offset + 2}))`,
    params: [days ? bucket.ms / DAY : bucket.ms, timeZone],
  };
}

export async function histogram(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions & { by?: 'outcome' | 'category'; span?: ChartSpan } = {},
): Promise<Histogram> {
  const compiled = await condition(store, query, options);
  const span = spanMs(options.span);
  const bucket = (await bucketPlan(store, compiled, span))?.bucket;
  if (!bucket) return { interval: BUCKET_SIZES[0].label, intervalMs: BUCKET_SIZES[0].ms, buckets: [] };
  const timeZone = zoneOf(store, options);
  const key = options.by ?? null;
  const start = bucketStartSql(bucket, timeZone, compiled.params.length);
  const rows = await queryRows(
    store.connection,
    `SELECT ${start.sql} AS start, ${key ? `${key}::VARCHAR` : 'NULL'} AS k, count(*) AS n
     FROM case_events WHERE ${compiled.sql} GROUP BY ALL ORDER BY start`,
    [...compiled.params, ...start.params],
  );
  const byStart = new Map<number, { total: number; split?: Record<string, number> }>();
  for (const row of rows) {
    const start = Number(row['start']);
    const entry = byStart.get(start) ?? { total: 0, ...(key ? { split: {} } : {}) };
    entry.total += Number(row['n']);
    if (entry.split) entry.split[String(row['k'])] = Number(row['n']);
    byStart.set(start, entry);
  }
  const buckets: Histogram['buckets'] = [];
  const edges = await spanEdges(store, bucket, timeZone, span);
  for (const start of bucketStarts([...byStart.keys(), ...edges], bucket.ms, timeZone)) {
    const entry = byStart.get(start) ?? { total: 0, ...(key ? { split: {} } : {}) };
    buckets.push({ start: new Date(start).toISOString(), ...entry });
  }
  return { interval: bucket.label, intervalMs: bucket.ms, buckets };
}

/** The ORDER BY of an actor's rank among the `actors` rows (a, n, nf: failures, rarity), most notable first. */
const RANK_ORDER: Record<LaneRank, string> = {
  volume: 'n DESC, a',
  failures: 'nf DESC, n DESC, a',
  rarity: 'rarity DESC, n, a',
};

/**
 * The timeline's per-actor lanes (UX.md §2): the `top` actors of the query ranked by `rank` (default volume; the
 * actor as the facet names it: email, else name, else id), each with its count and its failures per bucket, and
 * everything else as one "other" lane. Buckets are the histogram's for the same query and zone, so the lanes line
 * up under its bars.
 */
export async function actorLanes(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions & OnePassOption & { top?: number; span?: ChartSpan; rank?: LaneRank } = {},
): Promise<ActorLanes> {
  const compiled = await condition(store, query, options);
  const span = spanMs(options.span);
  const plan = await bucketPlan(store, compiled, span);
  const empty = { actors: 0, total: 0, counts: [], failures: [] };
  if (!plan)
    return { interval: BUCKET_SIZES[0].label, intervalMs: BUCKET_SIZES[0].ms, starts: [], lanes: [], other: empty };
  const { bucket, matched } = plan;
  const timeZone = zoneOf(store, options);
  const offset = compiled.params.length;
  const topCount = options.top ?? 8;
  const rankOrder = RANK_ORDER[options.rank ?? 'volume'];
  const actor = `${FACETS.actor}::VARCHAR`;
  const failed = `outcome = 'failure'`;
  // Each event's action count, for rarity only: the window costs a sort of the matching events (~0.3 s at 1M).
  const actionCount = options.rank === 'rarity' ? 'count(*) OVER (PARTITION BY action)' : '1';
  /** Each actor's count, failures and rarity over `rows` (columns a, f, action_n: its action's count). */
  const actorsSql = (rows: string) =>
    `SELECT a, count(*) AS n, count(*) FILTER (WHERE f) AS nf, sum(1.0 / action_n) AS rarity
     FROM ${rows} WHERE a IS NOT NULL GROUP BY a`;
  let top: string[];
  let distinctActors: number;
  let rows: Row[];
  if (matched <= (options.onePassMax ?? ONE_PASS_MAX)) {
    // Few enough to hold: the filter is evaluated once, for the top actors and their lanes alike.
    const start = bucketStartSql(bucket, timeZone, offset + 1);
    rows = await queryRows(
      store.connection,
      `WITH matched AS MATERIALIZED (
           SELECT ${start.sql} AS start, ${actor} AS a, ${failed} AS f, ${actionCount} AS action_n
           FROM case_events WHERE ${compiled.sql}),
         actors AS (${actorsSql('matched')}),
         top AS (SELECT a, row_number() OVER (ORDER BY ${rankOrder}) AS r FROM actors ORDER BY r LIMIT $${offset + 1})
       SELECT m.start, top.a AS k, top.r AS r, count(*) AS n, count(*) FILTER (WHERE m.f) AS nf,
         (SELECT count(*) FROM actors) AS distinct_actors
       FROM matched m LEFT JOIN top ON top.a = m.a GROUP BY ALL`,
      [...compiled.params, topCount, ...start.params],
    );
    const rank = new Map<string, number>();
    for (const row of rows) if (row['k'] !== null) rank.set(String(row['k']), Number(row['r']));
    top = [...rank].sort(([, x], [, y]) => x - y).map(([a]) => a);
    distinctActors = Number(rows[0]?.['distinct_actors'] ?? 0);
  } else {
    const actors = await queryRows(
      store.connection,
      `SELECT a, count(*) OVER () AS distinct_actors FROM (${actorsSql(
        `(SELECT ${actor} AS a, ${failed} AS f, ${actionCount} AS action_n FROM case_events WHERE ${compiled.sql})`,
      )}) ORDER BY ${rankOrder} LIMIT $${offset + 1}`,
      [...compiled.params, topCount],
    );
    top = actors.map((r) => String(r['a']));
    distinctActors = Number(actors[0]?.['distinct_actors'] ?? 0);
    const start = bucketStartSql(bucket, timeZone, offset + 1);
    rows = await queryRows(
      store.connection,
      `SELECT ${start.sql} AS start, CASE WHEN list_contains($${offset + 1}::VARCHAR[], ${actor}) THEN ${actor} END AS k,
         count(*) AS n, count(*) FILTER (WHERE ${failed}) AS nf
       FROM case_events WHERE ${compiled.sql} GROUP BY ALL`,
      [...compiled.params, listValue(top), ...start.params],
    );
  }
  const edges = await spanEdges(store, bucket, timeZone, span);
  const starts = bucketStarts([...new Set([...rows.map((r) => Number(r['start'])), ...edges])], bucket.ms, timeZone);
  const position = new Map(starts.map((s, i) => [s, i]));
  const zeros = () => new Array<number>(starts.length).fill(0);
  const lanes = top.map((actor) => ({ actor, total: 0, counts: zeros(), failures: zeros() }));
  const laneOf = new Map(lanes.map((l) => [l.actor, l]));
  const other = { actors: Math.max(0, distinctActors - top.length), total: 0, counts: zeros(), failures: zeros() };
  for (const row of rows) {
    const lane = row['k'] === null ? other : (laneOf.get(String(row['k'])) ?? other);
    const i = position.get(Number(row['start'])) ?? 0;
    const n = Number(row['n']);
    lane.counts[i] = (lane.counts[i] ?? 0) + n;
    lane.failures[i] = (lane.failures[i] ?? 0) + Number(row['nf']);
    lane.total += n;
  }
  return {
    interval: bucket.label,
    intervalMs: bucket.ms,
    starts: starts.map((s) => new Date(s).toISOString()),
    lanes,
    other,
  };
}

/** What each suggestable field's values are: the facet's expression where there is one, else the column. */
const VALUE_EXPRESSIONS: Record<ValueField, string> = {
  action: FACETS.action,
  actor: FACETS.actor,
  target: FACETS.target,
  ip: FACETS.ip,
  outcome: FACETS.outcome,
  category: 'category',
  tenant: 'tenant_id',
  source: 'source_id',
  country: '(SELECT c.country FROM ip_countries c WHERE c.ip = case_events.ip LIMIT 1)',
  user_agent: 'user_agent',
};

/**
 * The most frequent values of a field among the query's events that contain `prefix` (case-insensitive), those
 * that start with it first: the query bar's autocomplete. An empty prefix gives the plain top values.
 */
export async function fieldValues(
  store: CaseStore,
  query: QueryNode | null,
  options: QueryOptions & { field: ValueField; prefix: string; limit?: number },
): Promise<ValueCount[]> {
  const compiled = await condition(store, query, options);
  const offset = compiled.params.length;
  const expression = VALUE_EXPRESSIONS[options.field];
  const literal = options.prefix.replace(/[%_\\]/g, '\\$&');
  const rows = await queryRows(
    store.connection,
    `SELECT value, count(*) AS n FROM (SELECT ${expression}::VARCHAR AS value FROM case_events WHERE ${compiled.sql})
     WHERE value IS NOT NULL AND value ILIKE $${offset + 1} ESCAPE '\\'
     GROUP BY value ORDER BY value ILIKE $${offset + 2} ESCAPE '\\' DESC, n DESC, value LIMIT $${offset + 3}`,
    [...compiled.params, `%${literal}%`, `${literal}%`, options.limit ?? 10],
  );
  return rows.map((r) => ({ value: String(r['value']), count: Number(r['n']) }));
}

/**
 * Every bucket start from the first to the last data bucket, so a chart draws zero where nothing happened. Buckets
 * of an hour or more step in wall-clock time in the display zone, as time_bucket aligns them (a day bucket starts
 * at local midnight, and is 23 or 25 hours long across a DST change); the data's own starts are always kept.
 */
export function bucketStarts(dataStarts: number[], stepMs: number, timeZone: string): number[] {
  const first = Math.min(...dataStarts);
  const last = Math.max(...dataStarts);
  const starts = new Set(dataStarts);
  for (let start = first; start < last;) {
    if (stepMs < HOUR) {
      start += stepMs;
    } else {
      const wall = epochMsToWallTime(start, timeZone);
      const next = utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second) + stepMs;
      const nextWall = new Date(next);
      start = Number(
        wallTimeToEpochMicros(
          {
            year: nextWall.getUTCFullYear(),
            month: nextWall.getUTCMonth() + 1,
            day: nextWall.getUTCDate(),
            hour: nextWall.getUTCHours(),
            minute: nextWall.getUTCMinutes(),
            second: nextWall.getUTCSeconds(),
            micros: 0,
          },
          timeZone,
        ) / 1000n,
      );
    }
    if (start <= last) starts.add(start);
  }
  return [...starts].sort((a, b) => a - b);
}
