// The built-in pack's rule format, and its one compiler to a CompiledRule (detection-rule.ts). Rules are plain data (pack.ts),
// over the normalized columns, so one rule understands every provider through its per-format action catalogue.
// Every value of a rule (action names, paths, thresholds, the case's zone and hours) travels as a bound parameter;
// the SQL text holds only column names from the fixed lists below and our own keywords.
//
// The format (README "Detections"):
//   every rule: id (`builtin.…`), title, level, description, tags (ATT&CK: `attack.t1110`), and `events`: the
//     selectors of the events it looks at, one per format: { format, actions, where? } — `actions` exact names or
//     a prefix ending in `*`; `where` conditions over columns and JSON paths (see Condition).
//   kind `match`:      each selected event is a finding; events of one actor less than `groupSeconds` apart are one.
//   kind `threshold`:  per `by` (actor or ip), at least `min` events (or a `sum` of a JSON number such as an
//                      export's record count) within `windowSeconds`; every event of such windows is flagged, and
//                      overlapping windows make one finding.
//   kind `sequence`:   a `first` event (a key created) then `then` events sharing its key (the key acting) within
//                      `withinSeconds`, from an address the tenant had not used until `newIpSeconds` before `first`.
//   kind `first-seen`: a selected event (a sign-in) with a `value` (ip network, user agent, country) its actor never
//                      had in any earlier event, once the actor has `baselineDays` of history, and that fewer than
//                      `commonAt` other accounts of the tenant had before (an office network, a common browser);
//                      the finding holds the actor's events with that value for `followSeconds` after.
//   kind `off-hours`:  a selected event outside the case's working hours (CaseMeta.workingHours, in its display
//                      zone) at a local hour at which its actor was active on fewer than `usualDays` other days of
//                      the case (an admin in another office, working their own day, is active then every day).
import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import type { FormatId } from '../formats/formats';
import type { CompiledRule, RuleLevel } from './detection-rule';

/** Columns a rule may name. */
const COLUMNS = [
  'action',
  'category',
  'outcome',
  'actor_id',
  'actor_type',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
  'format',
] as const;
type Column = (typeof COLUMNS)[number];
/** JSON columns a path may start with: `metadata.role`, `changes.after.enabled`, `raw.userIdentity.accessKeyId`. */
const JSON_COLUMNS = ['changes', 'metadata', 'raw'] as const;

/** A column, or a path into a JSON column (`metadata.records`). */
export type FieldRef = Column | `${(typeof JSON_COLUMNS)[number]}.${string}`;

export type Condition =
  | { field: FieldRef; in: (string | number | boolean)[] }
  | { field: FieldRef; contains: string }
  /** The actor acts on itself (a user removing their own MFA). */
  | { self: true }
  /** Two URLs whose host differs (a destination moved elsewhere). */
  | { hostChanged: [FieldRef, FieldRef] };

export interface Selector {
  format: FormatId;
  /** Exact action names, or a prefix ending in `*` (`org.*`); absent: every action of the format. */
  actions?: string[];
  where?: Condition[];
  /** For sequences: what ties a first event to the later ones (a created key's id; the acting key's id). */
  key?: FieldRef;
}

interface RuleBase {
  id: string;
  title: string;
  level: RuleLevel;
  description: string;
  tags: string[];
  events: Selector[];
}

export type PackRule =
  | (RuleBase & { kind: 'match'; groupSeconds: number })
  | (RuleBase & {
      kind: 'threshold';
      by: 'actor' | 'ip';
      windowSeconds: number;
      min: number;
      /** Sum this JSON number instead of counting events (an export's `metadata.records`). */
      sum?: FieldRef;
    })
  | (RuleBase & {
      kind: 'sequence';
      /** `events` is the first step; `then` the later events, keyed like it. */
      then: Selector[];
      withinSeconds: number;
      newIpSeconds: number;
    })
  | (RuleBase & {
      kind: 'first-seen';
      /** `ip-network`: an IPv4 /24 or the first three groups of an IPv6 address, so a new address in a known network is not new. */
      value: 'ip-network' | 'user_agent' | 'country';
      baselineDays: number;
      /** The value is not new if at least this many other accounts of the tenant had it first (an office's address, a common browser). */
      commonAt: number;
      followSeconds: number;
    })
  | (RuleBase & { kind: 'off-hours'; usualDays: number });

/** What the compiler needs to know about the case. */
export interface CaseContext {
  timeZone: string;
  workingHours: { start: string; end: string; days: number[] };
}

type Param = string | number | boolean;

/** Who a finding is about when it is about an actor. */
const ACTOR_SUBJECT = 'coalesce(actor_email, actor_name, actor_id)';

class Sql {
  readonly params: Param[] = [];

  param(value: Param): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  field(ref: FieldRef): string {
    if ((COLUMNS as readonly string[]).includes(ref)) return ref;
    const dot = ref.indexOf('.');
    const column = ref.slice(0, dot);
    if (dot < 0 || !(JSON_COLUMNS as readonly string[]).includes(column))
      throw new AppError('INTERNAL', `Rule field ${ref} is neither a column nor a JSON path.`);
    const path =
      '$' +
      ref
        .slice(dot + 1)
        .split('.')
        .map((part) => `."${part.replaceAll('"', '\\"')}"`)
        .join('');
    return `json_extract_string(${column}, ${this.param(path)})`;
  }

  condition(c: Condition): string {
    if ('self' in c) return 'actor_id = target_id';
    if ('hostChanged' in c) {
      const host = (ref: FieldRef) =>
        `lower(regexp_extract(${this.field(ref)}, '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)', 1))`;
      return `${host(c.hostChanged[0])} IS DISTINCT FROM ${host(c.hostChanged[1])}`;
    }
    if ('contains' in c) return `contains(lower(${this.field(c.field)}), lower(${this.param(c.contains)}))`;
    const values = c.in.map((v) => this.param(String(v).toLowerCase()));
    return `lower(${this.field(c.field)}) IN (${values.join(', ')})`;
  }

  /**
   * What a selector asks of an event of its format (its actions and conditions but those in `skip`), `true` for
   * every event of it. `cheap`: without the conditions on JSON paths (a superset of the events, from the plain
   * columns only).
   */
  selector(s: Selector, cheap = false, skip = new Set<string>()): string {
    const parts: string[] = [];
    if (s.actions) parts.push(this.actions(s.actions));
    for (const c of s.where ?? [])
      if ((!cheap || !readsJson(c)) && !skip.has(JSON.stringify(c))) parts.push(this.condition(c));
    return parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
  }

  /** Exact action names, or prefixes ending in `*`. */
  actions(names: string[]): string {
    const exact = [...new Set(names.filter((a) => !a.endsWith('*')))];
    const prefixes = [...new Set(names.filter((a) => a.endsWith('*')).map((a) => a.slice(0, -1)))];
    const any = [
      ...(exact.length > 0 ? [`action IN (${exact.map((a) => this.param(a)).join(', ')})`] : []),
      ...prefixes.map((p) => `starts_with(action, ${this.param(p)})`),
    ];
    return any.length === 1 ? (any[0] as string) : `(${any.join(' OR ')})`;
  }

  /**
   * The events any of the selectors match. DuckDB filters a column against a list while it scans, so what can be
   * said of every event up front is: the formats, every action named (when each selector names its actions), and
   * the conditions all the selectors share (a failed sign-in's outcome). What is left is one CASE branch per format,
   * which DuckDB evaluates far faster than an OR of each selector's `format = … AND …` (1M demo events, the
   * mass-download rule's events: 53 ms of CPU against 153 ms).
   */
  selectors(list: Selector[], cheap = false): string {
    const keys = (s: Selector) => (s.where ?? []).filter((c) => !cheap || !readsJson(c)).map((c) => JSON.stringify(c));
    const first = list[0];
    const shared = new Set(first ? keys(first).filter((k) => list.every((s) => keys(s).includes(k))) : []);
    const formats = [...new Set(list.map((s) => s.format))];
    const upFront = [`format IN (${formats.map((f) => this.param(f)).join(', ')})`];
    if (list.every((s) => s.actions)) upFront.push(this.actions(list.flatMap((s) => s.actions ?? [])));
    for (const key of shared) upFront.push(this.condition(JSON.parse(key) as Condition));
    const branches = formats.map((format) => {
      const ofFormat = list.filter((s) => s.format === format).map((s) => this.selector(s, cheap, shared));
      const then = ofFormat.includes('true')
        ? 'true'
        : ofFormat.length === 1
          ? ofFormat[0]
          : `(${ofFormat.join(' OR ')})`;
      return `WHEN ${this.param(format)} THEN ${then}`;
    });
    return `(${upFront.join(' AND ')} AND CASE format ${branches.join(' ')} ELSE false END)`;
  }

  /**
   * The events the selectors match, as a FROM item. Where a selector reads a JSON path (its conditions or `extra`),
   * those are evaluated only on the rows the plain columns let through: reading `raw` for every row of a case took
   * 40 times as long as the columns alone (1M demo events: 2.9 s against 70 ms). `few`: false where the selectors
   * may take most events and the rule reads few of their columns (a threshold's first pass).
   */
  from(list: Selector[], extra: FieldRef[] = [], rowids?: string, few = true): string {
    // Rows already narrowed down (a rowid list) are read by rowid: only those rows' columns are fetched.
    if (rowids !== undefined)
      return `(SELECT * FROM events WHERE rowid IN (${rowids}) AND ${this.selectors(list)}) AS events`;
    // DuckDB applies a long list of actions after the scan, not in it: the scan would read every column a rule
    // uses for every event. Where the selectors name their actions (few events), the events are found from the
    // columns the selectors name, then read by rowid; where they take every event of a format, or a rule reads few
    // columns of most events (a threshold's first pass), a plain scan costs less than a rowid list that long.
    if (!list.some((s) => (s.where ?? []).some(readsJson)) && !extra.some(isJsonPath))
      return few && list.every((s) => s.actions)
        ? `(SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events WHERE ${this.selectors(list)})) AS events`
        : `(SELECT * FROM events WHERE ${this.selectors(list)}) AS events`;
    const full = this.selectors(list);
    const cheap = this.selectors(list, true);
    return `(SELECT * FROM events WHERE rowid IN (SELECT rowid FROM events WHERE ${cheap}) AND ${full}) AS events`;
  }

  /** `projection` of the events each selector matches, its key as `k`, one branch per selector (sequences). */
  keyed(list: Selector[], projection: string, where = 'true'): string {
    return list
      .map((s) => {
        if (!s.key) throw new AppError('INTERNAL', 'A sequence selector needs a key.');
        const from = this.from([s], [s.key]);
        return `SELECT ${projection}, ${this.field(s.key)} AS k FROM ${from} WHERE ${where}`;
      })
      .join(' UNION ALL ');
  }

  seconds(n: number): string {
    return `to_seconds(${this.param(n)}::BIGINT)`;
  }
}

const isJsonPath = (ref: FieldRef) => ref.includes('.');
const readsJson = (c: Condition) =>
  'hostChanged' in c ? c.hostChanged.some(isJsonPath) : 'field' in c ? isJsonPath(c.field) : false;

/**
 * Events of one key (`k`, per tenant) in `source` (columns tenant_id, k, uid, occurred_at, subject), split where two
 * consecutive events are more than `gap` apart: one list of uids per run, oldest first.
 */
function islands(sql: Sql, source: string, gapSeconds: number): string {
  return `
    SELECT tenant_id, any_value(subject) AS subject, list(uid ORDER BY occurred_at, uid) AS uids,
      min(occurred_at) AS first_at, max(occurred_at) AS last_at
    FROM (
      SELECT *, sum(CASE WHEN previous IS NULL OR occurred_at > previous + ${sql.seconds(gapSeconds)} THEN 1 ELSE 0 END)
        OVER (PARTITION BY tenant_id, k ORDER BY occurred_at, uid) AS island
      FROM (
        -- Compared as times, not as an interval (normalizing 317k intervals took 0.6 s on the 10M demo).
        SELECT *, lag(occurred_at) OVER (PARTITION BY tenant_id, k ORDER BY occurred_at, uid) AS previous
        FROM (${source})
      )
    )
    GROUP BY tenant_id, k, island`;
}

/** A network for first-seen: IPv4 a.b.c.0/24, IPv6 its first two groups as written (a provider's /32). */
const ipNetwork = (ip: string) => `CASE WHEN ${ip} IS NULL THEN NULL
  WHEN contains(${ip}, ':') THEN array_to_string(string_split(${ip}, ':')[1:2], ':') || '::/32'
  ELSE regexp_extract(${ip}, '^(\\d+\\.\\d+\\.\\d+)\\.', 1) || '.0/24' END`;

/**
 * The rowids of the events of `m` (r, kid, t: epoch ms, v) that lie in a window of `span` ms that reaches the
 * threshold. An anchor is an event whose window ahead reaches it; an event in an anchor's window is hot.
 */
function hotBySum(span: string, min: string): string {
  return `
    SELECT r FROM (
      SELECT r, bool_or(ahead >= ${min}) OVER (PARTITION BY kid ORDER BY t
        RANGE BETWEEN ${span} PRECEDING AND CURRENT ROW) AS hot
      FROM (
        SELECT *, sum(v) OVER (PARTITION BY kid ORDER BY t
          RANGE BETWEEN CURRENT ROW AND ${span} FOLLOWING) AS ahead
        FROM m
      )
    ) WHERE hot`;
}

/**
 * As hotBySum for a count, with row offsets instead of time frames (cheaper: the two RANGE frames took 7.5 s of CPU
 * over the 2.5M candidates of the 10M demo): an event is an anchor when the event `min - 1` places after it is
 * within the window, and hot when the latest anchor at or before it is at most a window earlier. Both windows order
 * by time then rowid, so among events of the same time the first counts them all and the others see it: the
 * anchors' times are the RANGE frames' anchors'.
 */
function hotByCount(span: string, min: number): string {
  if (!Number.isInteger(min) || min < 1)
    throw new AppError('INTERNAL', `A count threshold must be a whole number ≥ 1, not ${min}.`);
  return `
    SELECT r FROM (
      SELECT r, t, last_value(CASE WHEN anchor THEN t END IGNORE NULLS)
        OVER (PARTITION BY kid ORDER BY t, r ROWS UNBOUNDED PRECEDING) AS last_anchor
      FROM (
        SELECT *, lead(t, ${min - 1}) OVER (PARTITION BY kid ORDER BY t, r) <= t + ${span} AS anchor
        FROM m
      )
    ) WHERE last_anchor >= t - ${span}`;
}

function compileSql(rule: PackRule, context: CaseContext): { sql: string; params: Param[] } {
  const sql = new Sql();
  switch (rule.kind) {
    case 'match': {
      const source = `SELECT tenant_id, coalesce(actor_id, '') AS k, ${ACTOR_SUBJECT} AS subject, uid, occurred_at
        FROM ${sql.from(rule.events)}`;
      return { sql: islands(sql, source, rule.groupSeconds), params: sql.params };
    }
    case 'threshold': {
      const key = rule.by === 'actor' ? 'actor_id' : 'ip';
      const subject = rule.by === 'actor' ? ACTOR_SUBJECT : 'ip';
      const measure = () => (rule.sum ? `coalesce(TRY_CAST(${sql.field(rule.sum)} AS DOUBLE), 0)` : '1');
      const from = () => sql.from(rule.events, rule.sum ? [rule.sum] : [], undefined, false);
      // Times as epoch milliseconds: the window functions compare integers (2.5M timestamp ± interval: 0.4 s).
      const span = `(${sql.param(rule.windowSeconds)}::BIGINT * 1000)`;
      const min = sql.param(rule.min);
      const bucket = `epoch_ms(occurred_at) // ${span}`;
      // Only events in two consecutive window-long buckets that together reach the threshold can be in a window that
      // does (a window spans at most two buckets): the first pass sums buckets from the key and time columns alone,
      // the second takes those buckets' events as (rowid, key number, time) and the window functions run on these
      // narrow rows (sorting the 2.5M candidates of the 10M demo with their names and ids took most of the rule's
      // time); only the hot events are then read whole, by rowid.
      const source = `
        WITH bins AS MATERIALIZED (
          SELECT tenant_id, ${key} AS k, ${bucket} AS b, sum(${measure()}) AS total
          FROM ${from()} WHERE ${key} IS NOT NULL GROUP BY ALL
        ),
        pairs AS (
          SELECT a.tenant_id, a.k, a.b FROM bins a
          LEFT JOIN bins n ON n.tenant_id = a.tenant_id AND n.k = a.k AND n.b = a.b + 1
          WHERE a.total + coalesce(n.total, 0) >= ${min}
        ),
        keep AS (
          SELECT tenant_id, k, b, dense_rank() OVER (ORDER BY tenant_id, k) AS kid
          FROM (SELECT tenant_id, k, b FROM pairs UNION SELECT tenant_id, k, b + 1 FROM pairs)
        ),
        m AS MATERIALIZED (
          SELECT r, kid, t, v FROM (
            SELECT rowid AS r, tenant_id, ${key} AS k, ${bucket} AS b, epoch_ms(occurred_at) AS t, ${measure()} AS v
            FROM events
            WHERE ${sql.selectors(rule.events)} AND ${key} IN (SELECT k FROM keep)
          ) JOIN keep USING (tenant_id, k, b)
        )
        SELECT tenant_id, ${key} AS k, ${subject} AS subject, uid, occurred_at FROM events
        WHERE rowid IN (${rule.sum ? hotBySum(span, min) : hotByCount(span, rule.min)})`;
      return { sql: islands(sql, source, rule.windowSeconds), params: sql.params };
    }
    case 'sequence': {
      const first = sql.keyed(rule.events, 'tenant_id, uid, occurred_at AS made_at, target_name');
      const later = sql.keyed(rule.then, 'tenant_id, uid, occurred_at, ip', 'ip IS NOT NULL');
      const within = sql.seconds(rule.withinSeconds);
      const newIp = sql.seconds(rule.newIpSeconds);
      return {
        sql: `
          WITH first AS MATERIALIZED (
            SELECT tenant_id, uid, made_at, k, coalesce(target_name, k) AS subject FROM (${first}) WHERE k IS NOT NULL
          ),
          later AS MATERIALIZED (
            SELECT tenant_id, uid, occurred_at, ip, k FROM (${later}) WHERE k IN (SELECT k FROM first)
          ),
          seen AS (
            SELECT tenant_id, ip, min(occurred_at) AS since FROM events WHERE ip IN (SELECT ip FROM later) GROUP BY ALL
          )
          SELECT f.tenant_id, any_value(f.subject) AS subject,
            [any_value(f.uid)] || list(l.uid ORDER BY l.occurred_at, l.uid) AS uids,
            any_value(f.made_at) AS first_at, max(l.occurred_at) AS last_at
          FROM first f
          JOIN later l ON l.tenant_id = f.tenant_id AND l.k = f.k AND l.occurred_at > f.made_at
            AND l.occurred_at <= f.made_at + ${within}
          JOIN seen s ON s.tenant_id = l.tenant_id AND s.ip = l.ip AND s.since > f.made_at - ${newIp}
          GROUP BY f.tenant_id, f.uid`,
        params: sql.params,
      };
    }
    case 'first-seen': {
      // Every batch keeps each actor's first use of each IP, country and user agent (first_seen, store/derived.ts):
      // the rule reads those few rows instead of grouping every event of the case (1M demo events: the three rules
      // took 0.54 s of CPU that way). A network's first use is the earliest of its IPs'.
      const kind = rule.value === 'ip-network' ? 'ip' : rule.value === 'user_agent' ? 'ua' : 'country';
      const value = (column: string) => (rule.value === 'ip-network' ? ipNetwork(column) : column);
      // An event's value, for the events after a first use: a country is its IP's (ip_countries, from the offline
      // lookup every batch keeps).
      const eventValue =
        rule.value === 'ip-network'
          ? ipNetwork('e.ip')
          : rule.value === 'user_agent'
            ? 'e.user_agent'
            : '(SELECT ic.country FROM ip_countries ic WHERE ic.ip = e.ip)';
      const kindParam = sql.param(kind);
      const trigger = sql.selectors(rule.events);
      const baseline = sql.seconds(rule.baselineDays * 86_400);
      const follow = sql.seconds(rule.followSeconds);
      const common = sql.param(rule.commonAt);
      return {
        sql: `
          WITH firsts AS MATERIALIZED (
            SELECT tenant_id, actor, ${value('value')} AS v, min({'t': occurred_at, 'u': uid}) AS first
            FROM first_seen WHERE kind = ${kindParam} GROUP BY ALL
          ),
          -- An actor's history starts at its first event with an address or a user agent.
          since AS (SELECT tenant_id, actor, min(occurred_at) AS first_at FROM first_seen GROUP BY ALL),
          candidates AS MATERIALIZED (
            SELECT f.tenant_id, f.actor, f.v, f.first.t AS first_at, f.first.u AS first_uid
            FROM firsts f JOIN since s USING (tenant_id, actor)
            WHERE f.v IS NOT NULL AND f.first.t >= s.first_at + ${baseline}
              AND (SELECT count(*) FROM firsts o WHERE o.tenant_id = f.tenant_id AND o.v = f.v
                AND o.actor <> f.actor AND o.first.t < f.first.t) < ${common}
          ),
          -- Only a first use that is itself a sign-in (the rule's events) counts.
          hits AS MATERIALIZED (
            SELECT c.* FROM candidates c SEMI JOIN (
              SELECT tenant_id, uid FROM events
              WHERE occurred_at IN (SELECT first_at FROM candidates) AND ${trigger}
            ) t ON t.tenant_id = c.tenant_id AND t.uid = c.first_uid
          ),
          -- The hits' actors' events in the windows after them, found from three columns, then read whole by rowid.
          later AS (
            SELECT e.tenant_id, e.actor_id, ${ACTOR_SUBJECT} AS subject, e.uid, e.occurred_at, ${eventValue} AS v
            FROM events e WHERE e.rowid IN (
              SELECT w.rowid FROM events w SEMI JOIN hits h ON w.tenant_id = h.tenant_id AND w.actor_id = h.actor
                AND w.occurred_at >= h.first_at AND w.occurred_at <= h.first_at + ${follow}
              WHERE w.actor_id IN (SELECT actor FROM hits) AND w.occurred_at BETWEEN (SELECT min(first_at) FROM hits) AND (SELECT max(first_at) FROM hits) + ${follow}
            )
          )
          SELECT h.tenant_id, any_value(b.subject) AS subject, list(b.uid ORDER BY b.occurred_at, b.uid) AS uids,
            min(b.occurred_at) AS first_at, max(b.occurred_at) AS last_at
          FROM hits h JOIN later b ON b.tenant_id = h.tenant_id AND b.actor_id = h.actor AND b.v = h.v
            AND b.occurred_at >= h.first_at AND b.occurred_at <= h.first_at + ${follow}
          GROUP BY h.tenant_id, h.actor, h.v`,
        params: sql.params,
      };
    }
    case 'off-hours': {
      const from = sql.from(rule.events);
      const zone = sql.param(context.timeZone);
      const { start, end, days } = context.workingHours;
      const minute = (hhmm: string) => {
        const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
        if (!m) throw new Unsupported(`the case's working hours ${start}–${end} are not HH:MM`);
        return Number(m[1]) * 60 + Number(m[2]);
      };
      // Sunday is 0 or 7 in a case's days (JavaScript's or ISO's): both mean isodow 7.
      const isoDays = [...new Set(days.map((d) => (d === 0 ? 7 : d)))];
      const opens = sql.param(minute(start));
      const closes = sql.param(minute(end));
      const workday = isoDays.length > 0 ? `isodow(lt) IN (${isoDays.map((d) => sql.param(d)).join(', ')})` : 'false';
      const usual = sql.param(rule.usualDays);
      return {
        sql: `
          WITH odd AS (
            SELECT tenant_id, actor_id, ${ACTOR_SUBJECT} AS subject, uid, occurred_at, lt
            FROM (SELECT *, timezone(${zone}, occurred_at) AS lt FROM ${from} WHERE actor_id IS NOT NULL)
            WHERE NOT (${workday} AND hour(lt) * 60 + minute(lt) >= ${opens} AND hour(lt) * 60 + minute(lt) < ${closes})
          ),
          habits AS (
            SELECT tenant_id, actor_id, hour(lt) AS h, date_trunc('day', lt) AS d
            FROM (
              -- Distinct quarter hours first (every zone's offset is a multiple of 15 minutes): far fewer conversions.
              SELECT tenant_id, actor_id, timezone(${zone}, q) AS lt FROM (
                SELECT DISTINCT e.tenant_id, e.actor_id, time_bucket(INTERVAL 15 MINUTE, e.occurred_at) AS q FROM events e
                SEMI JOIN (SELECT DISTINCT tenant_id, actor_id FROM odd) a
                  ON e.tenant_id = a.tenant_id AND e.actor_id = a.actor_id
              )
            ) GROUP BY ALL
          )
          SELECT tenant_id, any_value(subject) AS subject, list(uid ORDER BY occurred_at, uid) AS uids,
            min(occurred_at) AS first_at, max(occurred_at) AS last_at
          FROM odd o
          WHERE (SELECT count(*) FROM habits h WHERE h.tenant_id = o.tenant_id AND h.actor_id = o.actor_id
            AND h.h = hour(o.lt) AND h.d <> date_trunc('day', o.lt)) < ${usual}
          GROUP BY tenant_id, actor_id, date_trunc('day', lt)`,
        params: sql.params,
      };
    }
  }
}

/** A rule this case cannot run, with the reason (the runner reports it with the findings). */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

/** A pack rule as the runner runs it; its version is the SHA-256 of the rule's data. */
export function compilePackRule(rule: PackRule, context: CaseContext): CompiledRule {
  const { sql, params } = compileSql(rule, context);
  return {
    id: rule.id,
    title: rule.title,
    level: rule.level,
    description: rule.description,
    tags: rule.tags,
    version: createHash('sha256').update(JSON.stringify(rule), 'utf8').digest('hex'),
    origin: 'builtin',
    file: null,
    sql,
    params,
  };
}
