// A Sigma rule's detection to one parameterized SELECT over `events` (CompiledRule.sql): the rule's formats first
// (a cheap column filter), each field the rule names parsed out of `raw` once per event (one json_extract_string
// with a list of paths; a path through a list gets its own), then the condition over those values, grouped per
// tenant and actor. Every value, path and format travels in params; only our own SQL is text here.
import type { FormatId } from '../../formats/formats';
import { SigmaUnsupported, type Condition, type FieldTest, type Search, type SigmaScalar } from './ast';
import { cidrRange } from './cidr';
import { DetectionProblem, type Detection } from './detection';
import { columnFor, resolveField, type ResolvedPath } from './logsource';
import { re2Problem } from './regex';

/** Beyond these a rule is refused rather than handed to DuckDB as a statement it may take minutes to plan. */
const MAX_PARAMS = 20_000;
const MAX_TERMS = 20_000;

export type Param = string | number | boolean;

const STRING_MODIFIERS = new Set(['contains', 'startswith', 'endswith']);
const NUMBER_MODIFIERS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };
const REFUSED: Record<string, string> = {
  base64: 'base64-encoded values',
  base64offset: 'base64-encoded values',
  utf16le: 'UTF-16 encoded values',
  utf16be: 'UTF-16 encoded values',
  utf16: 'UTF-16 encoded values',
  wide: 'UTF-16 encoded values',
  windash: 'Windows command-line dash variants',
  expand: 'placeholders expanded from a pipeline',
};

/** One `*` / `?` / literal piece of a Sigma string value. */
type Piece = { wild: '*' | '?' } | { text: string };

/** Sigma's wildcards: `*` and `?`, with `\*`, `\?` and `\\` escaping; any other backslash is itself. */
export function sigmaPieces(value: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      text += next;
      i++;
    } else if (c === '*' || c === '?') {
      if (text) pieces.push({ text });
      text = '';
      pieces.push({ wild: c });
    } else text += c;
  }
  if (text) pieces.push({ text });
  return pieces;
}

const likeEscape = (text: string) => text.replace(/[%_\\]/g, (c) => `\\${c}`);

interface FieldRef {
  /** SQL for the value: a column, `sigma_f[3]` (VARCHAR) or `sigma_l2` (VARCHAR[]: the path goes through a list). */
  sql: string;
  list: boolean;
}

export class RuleSql {
  private readonly scalarPaths = new Map<string, number>();
  private readonly listPaths = new Map<string, number>();
  private terms = 0;

  /** `params` may be shared: a correlation puts several rules' matches in one statement. */
  constructor(
    private readonly formats: FormatId[],
    private readonly detection: Detection,
    readonly params: Param[] = [],
  ) {}

  param(value: Param): string {
    if (this.params.length >= MAX_PARAMS) {
      throw new SigmaUnsupported(`the rule needs more than ${MAX_PARAMS} values; split it`);
    }
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** The SELECT: findings per tenant and actor, each with the uids of its events, oldest first. */
  select(): string {
    return `SELECT tenant_id, actor_id AS subject, list(uid ORDER BY occurred_at, uid) AS uids,
  min(occurred_at) AS first_at, max(occurred_at) AS last_at
FROM (${this.matches([])})
GROUP BY tenant_id, actor_id`;
  }

  /**
   * The events the rule matches: uid, tenant_id, actor_id, occurred_at and, for a correlation, the values of its
   * group-by fields as sigma_g1, sigma_g2, … (a field read through a list cannot group, so it is refused).
   */
  matches(groupBy: string[]): string {
    const where = this.condition(this.detection.condition);
    const groups = groupBy.map((name, i) => {
      const ref = this.field(name, false);
      if (ref.list) throw new SigmaUnsupported(`group-by field \`${name}\` holds a list`);
      return `${ref.sql} AS sigma_g${i + 1}`;
    });
    // `*`: DuckDB reads only the columns the query uses, so a rule that never names a raw-only field never reads raw.
    const columns = ['*'];
    if (this.scalarPaths.size > 0) {
      const paths = [...this.scalarPaths.keys()].map((p) => this.param(p));
      columns.push(`json_extract_string(raw, [${paths.join(', ')}]) AS sigma_f`);
    }
    for (const [path, n] of this.listPaths)
      columns.push(`json_extract_string(raw, ${this.param(path)}) AS sigma_l${n}`);
    const formats = this.formats.map((f) => this.param(f)).join(', ');
    return `SELECT uid, tenant_id, actor_id, occurred_at${groups.map((g) => `, ${g}`).join('')}
FROM (SELECT ${columns.join(', ')} FROM events WHERE format IN (${formats})) AS m
WHERE ${where}`;
  }

  private condition(node: Condition): string {
    switch (node.kind) {
      case 'and':
        return `(${node.items.map((i) => this.condition(i)).join(' AND ')})`;
      case 'or': {
        const refs = node.items.filter((i): i is { kind: 'ref'; name: string } => i.kind === 'ref');
        const rest = node.items.filter((i) => i.kind !== 'ref').map((i) => this.condition(i));
        return `(${[...this.anyOf(refs.map((r) => r.name)), ...rest].join(' OR ')})`;
      }
      case 'not':
        return `(NOT ${this.condition(node.item)})`;
      case 'ref':
        return this.search(node.name, this.lookup(node.name));
      case 'of': {
        const names = this.matching(node.pattern);
        if (!node.all) return `(${this.anyOf(names).join(' OR ')})`;
        return `(${names.map((n) => this.search(n, this.lookup(n))).join(' AND ')})`;
      }
    }
  }

  private lookup(name: string): Search {
    const search = this.detection.searches.get(name);
    if (search === undefined) {
      throw new DetectionProblem(`the condition names \`${name}\`, which \`detection\` does not define`, [
        'detection',
        'condition',
      ]);
    }
    return search;
  }

  /**
   * The OR of these searches, one SQL term each, except that searches of one plain field test (`sel_n: {action:
   * x}`, how big rule files enumerate) are merged per field into one value list: one IN instead of thousands of ORs.
   */
  private anyOf(names: string[]): string[] {
    const merged = new Map<string, { name: string; test: FieldTest }>();
    const terms: string[] = [];
    for (const name of names) {
      const search = this.lookup(name);
      const only = search.alternatives.length === 1 ? search.alternatives[0] : undefined;
      const test = only?.length === 1 ? only[0] : undefined;
      if (test === undefined || test.field === null || test.modifiers.length > 0) {
        terms.push(this.search(name, search));
        continue;
      }
      const entry = merged.get(test.field);
      if (entry === undefined) merged.set(test.field, { name, test: { ...test, values: [...test.values] } });
      else entry.test.values.push(...test.values);
    }
    for (const { name, test } of merged.values()) terms.unshift(this.fieldTest(name, test));
    return terms;
  }

  private matching(pattern: string): string[] {
    const names = [...this.detection.searches.keys()];
    if (pattern.toLowerCase() === 'them') {
      const all = names.filter((n) => !n.startsWith('_'));
      if (all.length === 0) throw new DetectionProblem('`them` matches no search identifier', ['detection']);
      return all;
    }
    const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replaceAll('*', '.*')}$`);
    const found = names.filter((n) => re.test(n));
    if (found.length === 0) {
      throw new DetectionProblem(`\`${pattern}\` in the condition matches no search identifier`, [
        'detection',
        'condition',
      ]);
    }
    return found;
  }

  private search(name: string, search: Search): string {
    const alternatives = search.alternatives.map((tests) => {
      const parts = tests.map((t) => this.fieldTest(name, t));
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
    });
    return alternatives.length === 1 ? (alternatives[0] as string) : `(${alternatives.join(' OR ')})`;
  }

  private field(name: string, cidr: boolean): FieldRef {
    const path = resolveField(name, this.formats);
    const column = columnFor(path, this.formats, cidr);
    if (column !== null) return { sql: column, list: false };
    const json = jsonPath(path, name);
    if (path.segments.some((s) => s.list)) {
      const n = this.listPaths.get(json) ?? this.listPaths.size + 1;
      this.listPaths.set(json, n);
      return { sql: `sigma_l${n}`, list: true };
    }
    const n = this.scalarPaths.get(json) ?? this.scalarPaths.size + 1;
    this.scalarPaths.set(json, n);
    return { sql: `sigma_f[${n}]`, list: false };
  }

  private fieldTest(search: string, test: FieldTest): string {
    const where = `detection \`${search}\`, field \`${[test.field ?? '', ...test.modifiers].join('|')}\``;
    const path = ['detection', search];
    const fail = (why: string): never => {
      throw new DetectionProblem(`${where}: ${why}`, path);
    };
    this.terms += test.values.length;
    if (this.terms > MAX_TERMS) fail(`the rule has more than ${MAX_TERMS} values; split it`);

    let all = false;
    let cased = false;
    let kind = 'plain' as
      'plain' | 'contains' | 'startswith' | 'endswith' | 're' | 'cidr' | 'exists' | 'number' | 'fieldref';
    let compare = '';
    const flags: string[] = [];
    for (const modifier of test.modifiers) {
      const m = modifier.toLowerCase();
      const setKind = (k: typeof kind) => {
        if (kind !== 'plain') fail(`modifiers \`${kind}\` and \`${m}\` together`);
        kind = k;
      };
      if (m === 'all') all = true;
      else if (m === 'cased') cased = true;
      else if (STRING_MODIFIERS.has(m)) setKind(m as 'contains');
      else if (m === 're' || m === 'cidr' || m === 'exists' || m === 'fieldref') setKind(m);
      else if (m in NUMBER_MODIFIERS) {
        setKind('number');
        compare = NUMBER_MODIFIERS[m] as string;
      } else if ((m === 'i' || m === 'm' || m === 's') && kind === 're') flags.push(m);
      else if (m in REFUSED) fail(`modifier \`${m}\` (${REFUSED[m]}) is not supported`);
      else fail(`unknown modifier \`${m}\``);
    }
    if (flags.length > 0 && kind !== 're') fail('modifiers i, m, s only follow `re`');

    let subject: FieldRef;
    if (test.field === null) {
      if (kind !== 'plain' && kind !== 're') fail(`modifier \`${kind}\` on keywords`);
      subject = { sql: 'raw::VARCHAR', list: false };
    } else subject = this.field(test.field, kind === 'cidr');
    const keyword = test.field === null;

    // One predicate per value over `x`, a VARCHAR: the field's value or one element of a list.
    const predicate = (value: SigmaScalar, x: string): string => {
      if (kind === 'exists') {
        if (typeof value !== 'boolean') fail('`exists` takes true or false');
        return value ? `${x} IS NOT NULL` : `${x} IS NULL`;
      }
      if (value === null) {
        if (kind !== 'plain') fail(`a null value with \`${kind}\``);
        return `${x} IS NULL`;
      }
      if (kind === 'fieldref') {
        // Equal to another field of the same event, exactly (pySigma's reading).
        if (typeof value !== 'string') fail('`fieldref` takes a field name');
        const other = this.field(value as string, false);
        if (other.list || x === 'e') fail('`fieldref` with a field that holds a list');
        return `coalesce(${x} = ${other.sql}, false)`;
      }
      if (kind === 'number') {
        if (typeof value !== 'number') fail(`\`${compare}\` comparisons take numbers`);
        return `coalesce(TRY_CAST(${x} AS DOUBLE) ${compare} ${this.param(value)}, false)`;
      }
      if (kind === 're') {
        const pattern = String(value);
        const problem = re2Problem(pattern);
        if (problem) fail(`regular expression \`${pattern.slice(0, 100)}\` has ${problem}`);
        const prefix = flags.length > 0 ? `(?${flags.join('')})` : '';
        return `coalesce(regexp_matches(${x}, ${this.param(prefix + pattern)}), false)`;
      }
      if (kind === 'cidr') {
        const range = cidrRange(String(value));
        const num = range.family === 4 ? `ip4_num(${x})` : `ip6_hex(${x})`;
        return `coalesce(${num} BETWEEN ${this.param(range.lo)} AND ${this.param(range.hi)}, false)`;
      }
      if (typeof value === 'number' && kind === 'plain') {
        return `coalesce(TRY_CAST(${x} AS DOUBLE) = ${this.param(value)}, false)`;
      }
      if (typeof value === 'boolean' && kind === 'plain')
        return `coalesce(lower(${x}) = ${this.param(String(value))}, false)`;
      return this.stringMatch(String(value), kind, cased, keyword, x);
    };

    const combine = (x: string): string => {
      const parts = test.values.map((v) => predicate(v, x));
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(all ? ' AND ' : ' OR ')})`;
    };
    // A long list of exact values: one IN instead of an OR per value.
    const inList = (x: string): string | null => {
      if (all || kind !== 'plain' || keyword || test.values.length < 3) return null;
      if (!test.values.every((v) => typeof v === 'string' && !/[*?]/.test(v) && !v.includes('\\'))) return null;
      const list = test.values.map((v) => this.param(cased ? (v as string) : (v as string).toLowerCase()));
      return `coalesce(${cased ? x : `lower(${x})`} IN (${list.join(', ')}), false)`;
    };

    if (!subject.list) return inList(subject.sql) ?? combine(subject.sql);
    // A path through a list matches when one element does (each value on its own for `all`).
    const any = (body: string) => `coalesce(list_bool_or(list_transform(${subject.sql}, lambda e: ${body})), false)`;
    const anyElement = (v: SigmaScalar): string => {
      if (v === null) return `NOT ${any('e IS NOT NULL')}`;
      if (kind === 'exists') return v === true ? any('e IS NOT NULL') : `NOT ${any('e IS NOT NULL')}`;
      return any(predicate(v, 'e'));
    };
    if (all || kind === 'exists' || test.values.some((v) => v === null)) {
      const parts = test.values.map(anyElement);
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(all ? ' AND ' : ' OR ')})`;
    }
    return any(inList('e') ?? combine('e'));
  }

  /**
   * Case-insensitive unless `cased`, as Sigma specifies; keywords match anywhere in the record's JSON text. Exact
   * values compare lower(x); patterns use ILIKE, whose fast path skips lower() (no ESCAPE clause unless needed).
   */
  private stringMatch(value: string, kind: string, cased: boolean, keyword: boolean, x: string): string {
    let pieces = sigmaPieces(value);
    if (keyword) {
      // In the JSON text a `"` or `\` of the value is escaped: look for it as it is written there. RE2 finds a
      // case-insensitive literal in long text far faster than ILIKE does (measured: 1-2 s against 28 s on 1M events).
      const re = pieces
        .map((p) =>
          'text' in p
            ? JSON.stringify(p.text)
                .slice(1, -1)
                .replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&')
            : p.wild === '*'
              ? '.*'
              : '.',
        )
        .join('');
      return `coalesce(regexp_matches(${x}, ${this.param(`${cased ? '(?s)' : '(?is)'}${re}`)}), false)`;
    }
    const star: Piece = { wild: '*' };
    if (keyword || kind === 'contains') pieces = [star, ...pieces, star];
    else if (kind === 'startswith') pieces = [...pieces, star];
    else if (kind === 'endswith') pieces = [star, ...pieces];
    const literal = pieces.every((p) => 'text' in p);
    if (literal) {
      const text = pieces.map((p) => ('text' in p ? p.text : '')).join('');
      return cased
        ? `coalesce(${x} = ${this.param(text)}, false)`
        : `coalesce(lower(${x}) = ${this.param(text.toLowerCase())}, false)`;
    }
    const like = pieces
      .map((p) => ('text' in p ? likeEscape(p.text) : p.wild === '*' ? '%' : '_'))
      .join('')
      .replace(/%%+/g, '%');
    const escape = like.includes('\\') ? ` ESCAPE '\\'` : '';
    return `coalesce(${x} ${cased ? 'LIKE' : 'ILIKE'} ${this.param(like)}${escape}, false)`;
  }
}

/** DuckDB's JSON path for a resolved field; a key with `"` cannot be written in one, so such a field is refused. */
function jsonPath(path: ResolvedPath, field: string): string {
  let out = '$';
  for (const { key, list } of path.segments) {
    if (key.includes('"')) throw new SigmaUnsupported(`field \`${field}\`: a key with \`"\` in it`);
    out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `."${key}"`;
    if (list) out += '[*]';
  }
  return out;
}
