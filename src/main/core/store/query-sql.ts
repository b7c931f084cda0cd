// Compiles a query's syntax tree (src/shared/domain/query-ast.ts) to a SQL condition over `events` with bound
// parameters only: every value the user typed travels as a parameter, never as SQL text.
//
// Matching rules (documented in the README): field values match case-insensitively, exactly unless they hold a `*`
// wildcard; `actor:alice` also matches the local part of an email (alice@acme.io); bare words and `raw:` match
// anywhere in the text; `ip:` is exact, a wildcard, or a CIDR block; `after:` is inclusive and `before:` exclusive,
// a date meaning its midnight, in the display time zone unless the value names a zone. `country:`, `first_seen:` and
// `session:` read the tables derived from the events (derived.ts; sessions.ts for the gap sessions); `uid:` is exact
// and case-sensitive. A dotted field (`metadata.session_id:…`) reads its JSON column by a JSON pointer built from the
// keys and bound as a parameter.
import { BlockList, isIP } from 'node:net';
import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../errors';
import { gapSessionCondition, parseSessionId } from './session-sql';
import type { QueryField, QueryNode, QueryValue } from '@shared/domain/query-ast';
import { utcMs, wallTimeToEpochMicros } from '@shared/domain/zoned-time';

export interface CompileContext {
  /** IANA zone for after:/before: values without a zone. */
  timeZone: string;
  /** Every distinct IP in the case, for CIDR blocks (only fetched when a query has one). */
  distinctIps: () => Promise<string[]>;
  /** The tenant and uids a finding flags (`finding:<id>`), looked up when a query names one. */
  findingEvents: (id: string) => Promise<{ tenantId: string; uids: string[] }>;
  /** The case's gap between two events of one session without a provider session id (`session:`). */
  sessionGapMinutes: number;
}

export interface CompiledCondition {
  sql: string;
  params: DuckDBValue[];
}

/** Columns a bare word searches (DESIGN.md §7). `raw` is left out on purpose: it is slow; `raw:` asks for it. */
const TEXT_COLUMNS = [
  'action',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_id',
  'target_name',
  'ip',
  'user_agent',
];

const FIELD_COLUMNS: Record<
  Exclude<
    QueryField,
    | 'after'
    | 'before'
    | 'ip'
    | 'raw'
    | 'finding'
    | 'country'
    | 'first_seen'
    | 'session'
    | 'starred'
    | 'tag'
    | 'annotated'
    | 'uid'
  >,
  string[]
> = {
  user_agent: ['user_agent'],
  action: ['action'],
  actor: ['actor_id', 'actor_name', 'actor_email'],
  target: ['target_id', 'target_name'],
  outcome: ['outcome'],
  category: ['category'],
  tenant: ['tenant_id'],
  source: ['source_id'],
};

/** The SQL of each dotted field's column: a closed map, so no name from a tree reaches the SQL text unchecked. */
const JSON_COLUMN_SQL: Partial<Record<string, string>> = { metadata: 'metadata', changes: 'changes', raw: 'raw' };

/** A LIKE pattern for a value: its `*` wildcards become `%`, everything else is literal. */
export function likePattern(value: QueryValue, contains = false): string {
  let pattern = '';
  for (let i = 0; i < value.text.length; i++) {
    const ch = value.text[i] as string;
    if (ch === '*' && !value.literalStars.includes(i)) pattern += '%';
    else pattern += /[%_\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return contains ? `%${pattern}%` : pattern;
}

/**
 * An RFC 6901 JSON pointer for DuckDB's json_extract_string: `~` and `/` escaped, every other character (`$`, `[`,
 * `*`, quotes, CR/LF) plain, so no key can change the path's meaning. A number is a key or an array index.
 */
export function jsonPointer(keys: readonly string[]): string {
  return keys.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * `column ILIKE $n`, with an ESCAPE clause only when the pattern holds an escaped character: DuckDB's plain ILIKE
 * takes a fast path that ILIKE … ESCAPE does not (measured: about half the time).
 */
function ilike(columns: string[], placeholder: string, pattern: string): string {
  const escape = pattern.includes('\\') ? ` ESCAPE '\\'` : '';
  return columns.map((c) => `${c} ILIKE ${placeholder}${escape}`).join(' OR ');
}

export async function compileQuery(node: QueryNode | null, context: CompileContext): Promise<CompiledCondition> {
  const params: DuckDBValue[] = [];
  const param = (value: DuckDBValue) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ips = context.distinctIps;
  let cachedIps: string[] | undefined;
  const allIps = async () => (cachedIps ??= await ips());

  // Every leaf is wrapped in coalesce(…, false): a NULL column means "does not match", so that `-actor:x` keeps
  // events that have no actor at all instead of dropping them through three-valued logic.
  const compile = async (n: QueryNode): Promise<string> => {
    switch (n.kind) {
      case 'and':
        return `(${(await compileAll(n.children)).join(' AND ')})`;
      case 'or':
        return `(${(await compileAll(n.children)).join(' OR ')})`;
      case 'not':
        return `(NOT ${await compile(n.child)})`;
      case 'text': {
        const pattern = likePattern(n.value, true);
        return `coalesce(${ilike(TEXT_COLUMNS, param(pattern), pattern)}, false)`;
      }
      case 'field':
        return compileField(n.field, n.value);
      case 'path': {
        const column = JSON_COLUMN_SQL[n.column];
        if (column === undefined) throw new AppError('USAGE', `Unknown JSON column ${String(n.column)}.`);
        const pattern = likePattern(n.value);
        const value = `json_extract_string(${column}, ${param(jsonPointer(n.keys))})`;
        return `coalesce(${ilike([value], param(pattern), pattern)}, false)`;
      }
    }
  };

  // In order, so the same query always gives the same SQL text and parameter numbering.
  const compileAll = async (nodes: QueryNode[]): Promise<string[]> => {
    const parts: string[] = [];
    for (const child of nodes) parts.push(await compile(child));
    return parts;
  };

  const compileField = async (field: QueryField, value: QueryValue): Promise<string> => {
    switch (field) {
      case 'after':
      case 'before': {
        const micros = param(instantMicros(value.text, context.timeZone));
        return `occurred_at ${field === 'after' ? '>=' : '<'} make_timestamptz(${micros}::BIGINT)`;
      }
      case 'raw': {
        const pattern = likePattern(value, true);
        return `coalesce(${ilike(['raw::VARCHAR'], param(pattern), pattern)}, false)`;
      }
      case 'ip':
        return compileIp(value);
      case 'finding': {
        // The finding's events by their ids, as bound lists: the finding is looked up once, here.
        const { tenantId, uids } = await context.findingEvents(value.text);
        return `coalesce(tenant_id = ${param(tenantId)} AND uid IN (SELECT unnest(${param(listValue(uids))}::VARCHAR[])), false)`;
      }
      case 'country': {
        const pattern = likePattern(value);
        return `coalesce(ip IN (SELECT ip FROM ip_countries WHERE ${ilike(['country'], param(pattern), pattern)}), false)`;
      }
      case 'first_seen':
        return `coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM first_seen WHERE kind = ${param(value.text.toLowerCase())}), false)`;
      case 'session': {
        const gap = parseSessionId(value.text);
        if (gap) return gapSessionCondition(gap, context.sessionGapMinutes, param);
        return `coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM event_sessions WHERE session_id = ${param(value.text)}), false)`;
      }
      case 'uid':
        // Exact and case-sensitive: ids such as GitHub's base64 document ids differ by case alone.
        return `coalesce(uid = ${param(value.text)}, false)`;
      // The evidence board (evidence-repo.ts): a few human-made rows, looked up by key.
      case 'starred':
      case 'annotated': {
        const where = field === 'starred' ? ' WHERE starred' : '';
        const test = `(tenant_id, uid) IN (SELECT tenant_id, uid FROM annotations${where})`;
        return value.text.toLowerCase() === 'true' ? `coalesce(${test}, false)` : `coalesce(NOT ${test}, true)`;
      }
      case 'tag': {
        const pattern = likePattern({ ...value, text: value.text.toLowerCase() });
        return `coalesce((tenant_id, uid) IN (SELECT tenant_id, uid FROM annotations, unnest(tags) AS t(tag) WHERE ${ilike(['tag'], param(pattern), pattern)}), false)`;
      }
      case 'actor': {
        const pattern = likePattern(value);
        const terms = [ilike(FIELD_COLUMNS.actor, param(pattern), pattern)];
        // alice matches alice@acme.io: people type the name they know (a prefix pattern, far cheaper than split_part).
        if (!value.text.includes('@')) terms.push(ilike(['actor_email'], param(`${pattern}@%`), pattern));
        return `coalesce(${terms.join(' OR ')}, false)`;
      }
      default: {
        const pattern = likePattern(value);
        return `coalesce(${ilike(FIELD_COLUMNS[field], param(pattern), pattern)}, false)`;
      }
    }
  };

  const compileIp = async (value: QueryValue): Promise<string> => {
    const slash = value.text.indexOf('/');
    if (slash === -1) {
      if (!value.text.includes('*')) return `coalesce(ip = ${param(value.text)}, false)`;
      const pattern = likePattern(value);
      return `coalesce(${ilike(['ip'], param(pattern), pattern)}, false)`;
    }
    const address = value.text.slice(0, slash);
    const prefix = Number(value.text.slice(slash + 1));
    const family = isIP(address);
    if (family === 0 || !Number.isInteger(prefix)) throw new AppError('USAGE', `Invalid CIDR block ${value.text}.`);
    // DuckDB has no built-in IP type offline (the inet extension would need the network): match the block against
    // the case's distinct addresses with Node's own parser, then select those exactly.
    const block = new BlockList();
    block.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    const inside = (await allIps()).filter((ip) => {
      const ipFamily = isIP(ip);
      return ipFamily !== 0 && block.check(ip.replace(/%.*$/, ''), ipFamily === 4 ? 'ipv4' : 'ipv6');
    });
    return inside.length === 0
      ? 'false'
      : `coalesce(ip IN (SELECT unnest(${param(listValue(inside))}::VARCHAR[])), false)`;
  };

  return { sql: node ? await compile(node) : 'true', params };
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Epoch microseconds of an after:/before: value; without a zone it is read in `timeZone`. */
export function instantMicros(text: string, timeZone: string): bigint {
  const m = DATE_TIME.exec(text);
  if (!m) throw new AppError('USAGE', `Invalid date or time ${text}.`);
  const wall = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micros: Number((m[7] ?? '').padEnd(6, '0').slice(0, 6)),
  };
  const zone = m[8];
  if (!zone) return wallTimeToEpochMicros(wall, timeZone);
  const utc =
    BigInt(utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second)) * 1000n + BigInt(wall.micros);
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1n : 1n;
  const offsetMinutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return utc - sign * offsetMinutes * 60_000_000n;
}
