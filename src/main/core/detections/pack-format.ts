// The built-in pack's rule format, and its one compiler to a CompiledRule (rule.ts). Rules are plain data (pack.ts),
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
import type { CompiledRule, RuleLevel } from './rule';

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
  /** The events table's columns (a `country` rule needs the IP-to-country column). */
  columns: ReadonlySet<string>;
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

  selector(s: Selector): string {
    const parts = [`format = ${this.param(s.format)}`];
    if (s.actions) {
      const exact = s.actions.filter((a) => !a.endsWith('*'));
      const prefixes = s.actions.filter((a) => a.endsWith('*')).map((a) => a.slice(0, -1));
      const any = [
        ...(exact.length > 0 ? [`action IN (${exact.map((a) => this.param(a)).join(', ')})`] : []),
        ...prefixes.map((p) => `starts_with(action, ${this.param(p)})`),
      ];
      parts.push(any.length === 1 ? (any[0] as string) : `(${any.join(' OR ')})`);
    }
    for (const c of s.where ?? []) parts.push(this.condition(c));
    return `(${parts.join(' AND ')})`;
  }

  selectors(list: Selector[]): string {
    return `(${list.map((s) => this.selector(s)).join(' OR ')})`;
  }

  /** The key of whichever selector an event matches (sequences). */
  keyOf(list: Selector[], alias = ''): string {
    const cases = list.map((s) => {
      if (!s.key) throw new AppError('INTERNAL', 'A sequence selector needs a key.');
      return `WHEN ${this.selector(s)} THEN ${this.field(s.key)}`;
    });
    return `CASE ${cases.join(' ')} END${alias}`;
  }

  seconds(n: number): string {
    return `to_seconds(${this.param(n)}::BIGINT)`;
  }
}

/**
 * Events of one key (`k`, per tenant) in `source` (columns tenant_id, k, uid, occurred_at, subject), split where two
 * consecutive events are more than `gap` apart: one list of uids per run, oldest first.
 */
function islands(sql: Sql, source: string, gapSeconds: number): string {
  return `
    SELECT tenant_id, any_value(subject) AS subject, list(uid ORDER BY occurred_at, uid) AS uids
    FROM (
      SELECT *, sum(CASE WHEN gap IS NULL OR gap > ${sql.seconds(gapSeconds)} THEN 1 ELSE 0 END)
        OVER (PARTITION BY tenant_id, k ORDER BY occurred_at, uid) AS island
      FROM (
        SELECT *, occurred_at - lag(occurred_at) OVER (PARTITION BY tenant_id, k ORDER BY occurred_at, uid) AS gap
        FROM (${source})
      )
    )
    GROUP BY tenant_id, k, island`;
}

/** A network for first-seen: IPv4 a.b.c.0/24, IPv6 its first two groups as written (a provider's /32). */
const IP_NETWORK = `CASE WHEN ip IS NULL THEN NULL
  WHEN contains(ip, ':') THEN array_to_string(string_split(ip, ':')[1:2], ':') || '::/32'
  ELSE regexp_extract(ip, '^(\\d+\\.\\d+\\.\\d+)\\.', 1) || '.0/24' END`;

function compileSql(rule: PackRule, context: CaseContext): { sql: string; params: Param[] } {
  const sql = new Sql();
  switch (rule.kind) {
    case 'match': {
      const where = sql.selectors(rule.events);
      const source = `SELECT tenant_id, coalesce(actor_id, '') AS k, ${ACTOR_SUBJECT} AS subject, uid, occurred_at
        FROM events WHERE ${where}`;
      return { sql: islands(sql, source, rule.groupSeconds), params: sql.params };
    }
    case 'threshold': {
      const key = rule.by === 'actor' ? 'actor_id' : 'ip';
      const subject = rule.by === 'actor' ? ACTOR_SUBJECT : 'ip';
      const measure = rule.sum ? `coalesce(TRY_CAST(${sql.field(rule.sum)} AS DOUBLE), 0)` : '1';
      const where = sql.selectors(rule.events);
      const window = sql.seconds(rule.windowSeconds);
      const min = sql.param(rule.min);
      // An anchor is an event whose window ahead reaches the threshold; an event inside an anchor's window is hot.
      const source = `
        SELECT tenant_id, k, subject, uid, occurred_at FROM (
          SELECT *, bool_or(ahead >= ${min}) OVER (PARTITION BY tenant_id, k ORDER BY occurred_at
            RANGE BETWEEN ${window} PRECEDING AND CURRENT ROW) AS hot
          FROM (
            SELECT *, sum(v) OVER (PARTITION BY tenant_id, k ORDER BY occurred_at
              RANGE BETWEEN CURRENT ROW AND ${window} FOLLOWING) AS ahead
            FROM (
              SELECT tenant_id, ${key} AS k, ${subject} AS subject, uid, occurred_at, ${measure} AS v
              FROM events WHERE ${where} AND ${key} IS NOT NULL
            )
          )
        ) WHERE hot`;
      return { sql: islands(sql, source, rule.windowSeconds), params: sql.params };
    }
    case 'sequence': {
      const firstKey = sql.keyOf(rule.events);
      const thenKey = sql.keyOf(rule.then);
      const within = sql.seconds(rule.withinSeconds);
      const newIp = sql.seconds(rule.newIpSeconds);
      return {
        sql: `
          WITH first AS (
            SELECT tenant_id, uid, occurred_at AS at, k, coalesce(target_name, k) AS subject
            FROM (SELECT *, ${firstKey} AS k FROM events) WHERE k IS NOT NULL
          ),
          later AS (
            SELECT tenant_id, uid, occurred_at, ip, k
            FROM (SELECT *, ${thenKey} AS k FROM events) WHERE k IS NOT NULL AND ip IS NOT NULL
          ),
          seen AS (SELECT tenant_id, ip, min(occurred_at) AS since FROM events WHERE ip IS NOT NULL GROUP BY ALL)
          SELECT f.tenant_id, any_value(f.subject) AS subject,
            [any_value(f.uid)] || list(l.uid ORDER BY l.occurred_at, l.uid) AS uids
          FROM first f
          JOIN later l ON l.tenant_id = f.tenant_id AND l.k = f.k AND l.occurred_at > f.at
            AND l.occurred_at <= f.at + ${within}
          JOIN seen s ON s.tenant_id = l.tenant_id AND s.ip = l.ip AND s.since > f.at - ${newIp}
          GROUP BY f.tenant_id, f.uid`,
        params: sql.params,
      };
    }
    case 'first-seen': {
      if (rule.value === 'country' && !context.columns.has('country'))
        throw new Unsupported(
          "needs the events' country column (the offline IP-to-country lookup), which this case has not",
        );
      const value = rule.value === 'ip-network' ? IP_NETWORK : rule.value;
      const trigger = sql.selectors(rule.events);
      const baseline = sql.seconds(rule.baselineDays * 86_400);
      const follow = sql.seconds(rule.followSeconds);
      const common = sql.param(rule.commonAt);
      return {
        sql: `
          WITH base AS (
            SELECT tenant_id, actor_id, ${ACTOR_SUBJECT} AS subject, uid, occurred_at, ${value} AS v,
              ${trigger} AS trig
            FROM events WHERE actor_id IS NOT NULL
          ),
          since AS (SELECT tenant_id, actor_id, min(occurred_at) AS at FROM base GROUP BY ALL),
          firsts AS (
            SELECT tenant_id, actor_id, v, min(occurred_at) AS at,
              arg_min(trig, (occurred_at, NOT trig, uid)) AS trig
            FROM base WHERE v IS NOT NULL GROUP BY ALL
          ),
          hits AS (
            SELECT f.* FROM firsts f JOIN since s USING (tenant_id, actor_id)
            WHERE f.trig AND f.at >= s.at + ${baseline}
              AND (SELECT count(*) FROM firsts o WHERE o.tenant_id = f.tenant_id AND o.v = f.v
                AND o.actor_id <> f.actor_id AND o.at < f.at) < ${common}
          )
          SELECT h.tenant_id, any_value(b.subject) AS subject, list(b.uid ORDER BY b.occurred_at, b.uid) AS uids
          FROM hits h JOIN base b ON b.tenant_id = h.tenant_id AND b.actor_id = h.actor_id AND b.v = h.v
            AND b.occurred_at >= h.at AND b.occurred_at <= h.at + ${follow}
          GROUP BY h.tenant_id, h.actor_id, h.v`,
        params: sql.params,
      };
    }
    case 'off-hours': {
      const where = sql.selectors(rule.events);
      const zone = sql.param(context.timeZone);
      const { start, end, days } = context.workingHours;
      const minute = (hhmm: string) => {
        const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
        if (!m) throw new Unsupported(`the case's working hours ${start}–${end} are not HH:MM`);
        return Number(m[1]) * 60 + Number(m[2]);
      };
      // Sunday is 0 or 7 in a case's days (JavaScript's or ISO's): both mean isodow 7.
      const isoDays = [...new Set(days.map((d) => (d === 0 ? 7 : d)))];
      const from = sql.param(minute(start));
      const to = sql.param(minute(end));
      const workday = isoDays.length > 0 ? `isodow(lt) IN (${isoDays.map((d) => sql.param(d)).join(', ')})` : 'false';
      const usual = sql.param(rule.usualDays);
      return {
        sql: `
          WITH odd AS (
            SELECT tenant_id, actor_id, ${ACTOR_SUBJECT} AS subject, uid, occurred_at, lt
            FROM (SELECT *, timezone(${zone}, occurred_at) AS lt FROM events WHERE ${where} AND actor_id IS NOT NULL)
            WHERE NOT (${workday} AND hour(lt) * 60 + minute(lt) >= ${from} AND hour(lt) * 60 + minute(lt) < ${to})
          ),
          habits AS (
            SELECT tenant_id, actor_id, hour(lt) AS h, date_trunc('day', lt) AS d
            FROM (
              SELECT e.tenant_id, e.actor_id, timezone(${zone}, e.occurred_at) AS lt FROM events e
              SEMI JOIN (SELECT DISTINCT tenant_id, actor_id FROM odd) a
                ON e.tenant_id = a.tenant_id AND e.actor_id = a.actor_id
            ) GROUP BY ALL
          )
          SELECT tenant_id, any_value(subject) AS subject, list(uid ORDER BY occurred_at, uid) AS uids
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
