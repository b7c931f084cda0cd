// The Sigma engine's entry point: one rule file's text (possibly several YAML documents) to the rules the runner
// executes and the rules it cannot, each with its reason. Nothing a file says is thrown away silently and nothing
// it says reaches SQL text (see to-sql.ts). No I/O, no DuckDB: the runner runs the SQL.
import { createHash } from 'node:crypto';
import { isMap as isYamlMap, isScalar, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import {
  RULE_LEVELS,
  type CompiledRule,
  type RuleInfo,
  type RuleLevel,
  type UnsupportedRule,
} from '../../store/detection-rule';
import { correlationSql, type BaseRule } from '../../store/sigma/correlation';
import { SigmaUnsupported } from '../../store/sigma/ast';
import { DetectionProblem, parseDetection } from '../../store/sigma/detection';
import { formatsFor, type LogSource } from '../../store/sigma/logsource';
import { RuleSql } from '../../store/sigma/to-sql';

/** A file with more documents than this is refused past it (each document is a rule). */
const MAX_DOCUMENTS = 10_000;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function compileSigma(
  source: string,
  file: string | null,
): { rules: CompiledRule[]; unsupported: UnsupportedRule[] } {
  const rules: CompiledRule[] = [];
  const unsupported: UnsupportedRule[] = [];
  const lines = new LineCounter();
  const where = (offset: number) => {
    const { line } = lines.linePos(offset);
    return `${file ?? '(rule text)'}:${line}`;
  };
  const documents = parseAllDocuments(source, { lineCounter: lines, uniqueKeys: false });
  const list = Array.isArray(documents) ? documents : [];
  const parsed: { doc: Document.Parsed; value: unknown; version: string }[] = [];
  for (const [index, doc] of list.entries()) {
    if (index >= MAX_DOCUMENTS) {
      unsupported.push({
        file,
        id: null,
        title: null,
        reason: `${where(doc.range[0])}: more than ${MAX_DOCUMENTS} documents in one file`,
      });
      break;
    }
    const error = doc.errors[0];
    if (error !== undefined) {
      const line = error.linePos?.[0].line ?? lines.linePos(error.pos[0]).line;
      const reason = `${file ?? '(rule text)'}:${line}: YAML syntax error: ${error.message.split('\n')[0]}`;
      unsupported.push({ file, id: null, title: null, reason });
      continue;
    }
    // yaml's own uniqueKeys check is quadratic (13 s on a 10 000-selection file): this one is linear.
    const duplicate = duplicateKey(doc);
    if (duplicate !== null) {
      unsupported.push({
        file,
        id: null,
        title: null,
        reason: `${where(duplicate.offset)}: the key \`${duplicate.key}\` is repeated in one map`,
      });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      unsupported.push({ file, id: null, title: null, reason: `${where(doc.range[0])}: ${(e as Error).message}` });
      continue;
    }
    // An empty document (a trailing `---`) is no rule.
    if (value === null || value === undefined) continue;
    parsed.push({
      doc,
      value,
      version: createHash('sha256').update(source.slice(doc.range[0], doc.range[2])).digest('hex'),
    });
  }

  // Correlations name the rules they count by `name` or `id`; those rules report on their own only when a
  // correlation using them says `generate: true` (the correlation specification's default is false).
  const bases = new Map<string, BaseRule>();
  const silenced = new Set<unknown>();
  for (const { value } of parsed) {
    if (!isMap(value) || value['correlation'] === undefined) continue;
    const correlation = value['correlation'];
    const names = isMap(correlation) ? correlation['rules'] : undefined;
    if (isMap(correlation) && correlation['generate'] === true) continue;
    for (const name of typeof names === 'string' ? [names] : Array.isArray(names) ? names : []) silenced.add(name);
  }
  const fail = (doc: Document.Parsed, value: unknown, e: unknown) => {
    if (!(e instanceof SigmaUnsupported)) throw e;
    const id = isMap(value) ? text(value['id']) : null;
    const title = isMap(value) ? text(value['title']) : null;
    const at = e instanceof DetectionProblem ? lineOf(doc, e.path) : null;
    unsupported.push({ file, id, title, reason: `${where(at ?? doc.range[0])}: ${e.message}` });
  };
  for (const { doc, value, version } of parsed) {
    if (isMap(value) && value['correlation'] !== undefined) continue;
    try {
      const { rule, base } = compileRule(value, file, version);
      const keys = [text((value as Record<string, unknown>)['name']), text((value as Record<string, unknown>)['id'])];
      for (const key of keys) if (key !== null) bases.set(key, base);
      if (!keys.some((k) => k !== null && silenced.has(k))) rules.push(rule);
    } catch (e) {
      fail(doc, value, e);
    }
  }
  for (const { doc, value, version } of parsed) {
    if (!isMap(value) || value['correlation'] === undefined) continue;
    try {
      const { sql, params } = correlationSql(value['correlation'], bases);
      rules.push({ ...ruleInfo(value, file, version), sql, params });
    } catch (e) {
      fail(doc, value, e);
    }
  }
  return { rules, unsupported };
}

function duplicateKey(doc: Document): { key: string; offset: number } | null {
  let found: { key: string; offset: number } | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          found = { key: String(pair.key.value), offset: pair.key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(pair.key.value);
      }
      return undefined;
    },
  });
  return found;
}

/** Offset of the deepest node of `path` the document has, for a reason's line number. */
function lineOf(doc: Document, path: (string | number)[]): number | null {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      // The key's line is where the reader looks: a map value starts on the line after its key.
      const parent = n > 1 ? doc.getIn(path.slice(0, n - 1), true) : doc.contents;
      if (isYamlMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
        const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
        if (keyRange) return keyRange[0];
      }
      return node.range[0];
    }
  }
  return null;
}

function ruleInfo(rule: Record<string, unknown>, file: string | null, version: string): RuleInfo {
  const title = text(rule['title']);
  if (title === null || title.trim() === '') throw new SigmaUnsupported('the rule has no `title`');
  const levelText = rule['level'] === undefined ? 'medium' : text(rule['level'])?.toLowerCase();
  if (!RULE_LEVELS.includes(levelText as RuleLevel)) {
    throw new SigmaUnsupported(`level \`${String(rule['level'])}\` is not one of ${RULE_LEVELS.join(', ')}`);
  }
  const tags = Array.isArray(rule['tags']) ? rule['tags'].filter((t): t is string => typeof t === 'string') : [];
  return {
    // A rule without an id is still named, by its content.
    id: text(rule['id']) ?? `sigma:${version.slice(0, 16)}`,
    title,
    level: levelText as RuleLevel,
    description: text(rule['description']) ?? '',
    tags,
    version,
    origin: 'sigma',
    file,
  };
}

function compileRule(rule: unknown, file: string | null, version: string): { rule: CompiledRule; base: BaseRule } {
  if (!isMap(rule)) throw new SigmaUnsupported('the document is not a map');
  if (rule['action'] !== undefined) {
    throw new SigmaUnsupported(`rule collections (\`action: ${String(rule['action'])}\`) are not supported`);
  }
  const info = ruleInfo(rule, file, version);
  const logsource = rule['logsource'];
  if (logsource !== undefined && !isMap(logsource)) throw new SigmaUnsupported('`logsource` is not a map');
  const formats = formatsFor(
    logsource &&
      ({
        product: text(logsource['product']) ?? undefined,
        service: text(logsource['service']) ?? undefined,
        category: text(logsource['category']) ?? undefined,
      } satisfies LogSource),
  );
  const detection = parseDetection(rule['detection']);
  const sql = new RuleSql(formats, detection);
  return { rule: { ...info, sql: sql.select(), params: sql.params }, base: { formats, detection } };
}
