// A Sigma rule's `detection` map (already YAML-parsed) to search identifiers and a condition: the shapes the
// specification allows — a map (AND of fields), a list of maps (OR), a list of strings (keywords), `field|mods`
// keys — and a reason, naming the identifier and field, for anything else. Pure data; no I/O, no DuckDB.
import { SigmaUnsupported, type Condition, type FieldTest, type Search, type SigmaScalar } from './ast';
import { parseCondition } from './condition';

export interface Detection {
  searches: Map<string, Search>;
  condition: Condition;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is SigmaScalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Where a problem is: compileSigma adds the line of this path in the YAML document. */
export class DetectionProblem extends SigmaUnsupported {
  constructor(
    message: string,
    readonly path: (string | number)[],
  ) {
    super(message);
  }
}

function values(raw: unknown, where: string, path: (string | number)[]): SigmaScalar[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw new DetectionProblem(`${where}: an empty list of values`, path);
  return list.map((v) => {
    if (!isScalar(v))
      throw new DetectionProblem(`${where}: a value that is a ${Array.isArray(v) ? 'list' : 'map'}`, path);
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new DetectionProblem(`${where}: a value that is not a finite number`, path);
    return v;
  });
}

function fieldTests(map: Record<string, unknown>, name: string, path: (string | number)[]): FieldTest[] {
  const tests: FieldTest[] = [];
  for (const [key, raw] of Object.entries(map)) {
    const [field = '', ...modifiers] = key.split('|');
    const where = `detection \`${name}\`, field \`${key}\``;
    tests.push({ field: field === '' ? null : field, modifiers, values: values(raw, where, [...path, key]) });
  }
  if (tests.length === 0) throw new DetectionProblem(`detection \`${name}\`: an empty map`, path);
  return tests;
}

function search(name: string, raw: unknown): Search {
  const path = ['detection', name];
  if (isMap(raw)) return { alternatives: [fieldTests(raw, name, path)] };
  if (Array.isArray(raw)) {
    if (raw.length === 0) throw new DetectionProblem(`detection \`${name}\`: an empty list`, path);
    if (raw.every(isMap)) return { alternatives: raw.map((m, i) => fieldTests(m, name, [...path, i])) };
    if (raw.every(isScalar))
      return { alternatives: [[{ field: null, modifiers: [], values: values(raw, name, path) }]] };
    throw new DetectionProblem(`detection \`${name}\`: a list that mixes maps and values`, path);
  }
  if (typeof raw === 'string') return { alternatives: [[{ field: null, modifiers: [], values: [raw] }]] };
  throw new DetectionProblem(`detection \`${name}\`: neither a map, a list nor a keyword`, path);
}

export function parseDetection(raw: unknown): Detection {
  if (!isMap(raw)) throw new DetectionProblem('`detection` is not a map', ['detection']);
  const searches = new Map<string, Search>();
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'condition') continue;
    // `timeframe` belongs to the old aggregation syntax, refused with the condition that uses it.
    if (name === 'timeframe') continue;
    searches.set(name, search(name, value));
  }
  const condition = raw['condition'];
  let text: string;
  if (typeof condition === 'string') text = condition;
  // The old syntax allowed a list of conditions, any of which fires the rule.
  else if (Array.isArray(condition) && condition.length > 0 && condition.every((c) => typeof c === 'string'))
    text = condition.map((c) => `(${c})`).join(' or ');
  else throw new DetectionProblem('`detection.condition` is missing or not a string', ['detection']);
  try {
    return { searches, condition: parseCondition(text) };
  } catch (error) {
    if (error instanceof SigmaUnsupported) throw new DetectionProblem(error.message, ['detection', 'condition']);
    throw error;
  }
}
