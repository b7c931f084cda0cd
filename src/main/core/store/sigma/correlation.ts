// Sigma correlation rules (event_count, value_count, temporal) over the rules of the same file, as one SELECT:
// the base rules' matched events, a sliding window per group (`group-by`) of `timespan` ending at each event, and
// every event inside a window that meets the condition. Only thresholds from below (gt, gte) make sense for a
// sliding window over events that exist; lt, lte, eq and temporal_ordered are refused with that reason.
import { SigmaUnsupported } from './ast';
import type { Detection } from './detection';
import type { FormatId } from '../../formats/formats';
import { RuleSql, type Param } from './to-sql';

export interface BaseRule {
  formats: FormatId[];
  detection: Detection;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

function seconds(timespan: unknown): number {
  const m = typeof timespan === 'string' ? /^(\d{1,9})([smhd])$/.exec(timespan.trim()) : null;
  if (!m) throw new SigmaUnsupported(`timespan \`${String(timespan)}\` is not a number followed by s, m, h or d`);
  const value = Number(m[1]) * (UNITS[m[2] as string] as number);
  if (value <= 0) throw new SigmaUnsupported('the timespan must be positive');
  return value;
}

/** `correlation:` of one rule, its base rules found by `name` or `id` in `bases`. */
export function correlationSql(
  correlation: unknown,
  bases: Map<string, BaseRule>,
): { sql: string; params: Param[]; uses: string[] } {
  if (!isMap(correlation)) throw new SigmaUnsupported('`correlation` is not a map');
  const type = correlation['type'];
  if (type === 'temporal_ordered') throw new SigmaUnsupported('correlation type `temporal_ordered` is not supported');
  if (type !== 'event_count' && type !== 'value_count' && type !== 'temporal') {
    throw new SigmaUnsupported(`correlation type \`${String(type)}\` is not one of event_count, value_count, temporal`);
  }
  const names = correlation['rules'];
  const list = typeof names === 'string' ? [names] : names;
  if (!Array.isArray(list) || list.length === 0 || !list.every((n) => typeof n === 'string')) {
    throw new SigmaUnsupported('`correlation.rules` must name at least one rule');
  }
  const rules = list.map((name) => {
    const base = bases.get(name);
    if (base === undefined)
      throw new SigmaUnsupported(`correlation names rule \`${name}\`, which this file does not hold`);
    return base;
  });
  const groupRaw = correlation['group-by'] ?? [];
  const groupBy = typeof groupRaw === 'string' ? [groupRaw] : groupRaw;
  if (!Array.isArray(groupBy) || !groupBy.every((g) => typeof g === 'string')) {
    throw new SigmaUnsupported('`group-by` must be a list of field names');
  }
  const span = seconds(correlation['timespan']);
  const condition = correlation['condition'];

  let threshold: number;
  let strict = false;
  let countField: string | null = null;
  if (type === 'temporal') {
    if (condition !== undefined) throw new SigmaUnsupported('a temporal correlation takes no condition');
    threshold = list.length;
  } else {
    if (!isMap(condition)) throw new SigmaUnsupported('the correlation has no `condition` map');
    for (const op of Object.keys(condition)) {
      if (op === 'lt' || op === 'lte' || op === 'eq' || op === 'neq') {
        throw new SigmaUnsupported(`correlation condition \`${op}\`: only gt and gte fit a sliding window`);
      }
      if (op !== 'gt' && op !== 'gte' && op !== 'field')
        throw new SigmaUnsupported(`unknown correlation condition \`${op}\``);
    }
    const gt = condition['gt'];
    const gte = condition['gte'];
    const value = gte ?? gt;
    if (typeof value !== 'number' || !Number.isInteger(value) || (gt !== undefined && gte !== undefined)) {
      throw new SigmaUnsupported('the correlation condition needs one whole-number `gt` or `gte`');
    }
    threshold = value;
    strict = gte === undefined;
    if (type === 'value_count') {
      if (typeof condition['field'] !== 'string') throw new SigmaUnsupported('value_count needs `condition.field`');
      countField = condition['field'];
    }
  }

  const params: Param[] = [];
  const param = (v: Param) => {
    params.push(v);
    return `$${params.length}`;
  };
  const fields = countField === null ? groupBy : [...groupBy, countField];
  const parts = rules.map(
    (base, i) =>
      `SELECT *, ${i} AS sigma_rule FROM (${new RuleSql(base.formats, base.detection, params).matches(fields)})`,
  );
  const keys = ['tenant_id', ...groupBy.map((_, i) => `sigma_g${i + 1}`)];
  const counted =
    type === 'event_count'
      ? 'count(*)'
      : type === 'temporal'
        ? 'count(DISTINCT sigma_rule)'
        : `count(DISTINCT sigma_g${fields.length})`;
  const window = `to_seconds(${param(span)}::DOUBLE)`;
  const same = keys.map((k) => `e.${k} IS NOT DISTINCT FROM q.${k}`).join(' AND ');
  const subject =
    groupBy.length === 0 ? 'NULL' : `concat_ws(', ', ${groupBy.map((_, i) => `e.sigma_g${i + 1}`).join(', ')})`;
  const sql = `WITH sigma_m AS (${parts.join('\nUNION ALL\n')}),
sigma_w AS (
  SELECT *, ${counted} OVER (PARTITION BY ${keys.join(', ')} ORDER BY occurred_at
    RANGE BETWEEN ${window} PRECEDING AND CURRENT ROW) AS sigma_n
  FROM sigma_m),
sigma_q AS (SELECT * FROM sigma_w WHERE sigma_n ${strict ? '>' : '>='} ${param(threshold)})
SELECT tenant_id, subject, list(uid ORDER BY occurred_at, uid) AS uids, min(occurred_at) AS first_at,
  max(occurred_at) AS last_at
FROM (SELECT DISTINCT e.tenant_id, ${subject} AS subject, e.uid, e.occurred_at
  FROM sigma_m e JOIN sigma_q q ON ${same} AND e.occurred_at BETWEEN q.occurred_at - ${window} AND q.occurred_at)
GROUP BY tenant_id, subject`;
  return { sql, params, uses: list as string[] };
}
