// Sigma's `condition` expression: `and`, `or`, `not`, parentheses, `1 of X` / `all of X` (`them`, `selection_*`).
// Precedence as the specification gives it: not, then and, then or. Aggregations (`| count() …`) and `near` are
// refused with a reason. Depth is bounded so a hostile rule cannot exhaust the stack.
import { SigmaUnsupported, type Condition } from './ast';

const MAX_DEPTH = 64;

type Token =
  { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'one' | 'all' | 'of' } | { kind: 'ident'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|([A-Za-z0-9_*.-]+)|(\S))/y;
  let match: RegExpExecArray | null;
  while (re.lastIndex < text.length && (match = re.exec(text)) !== null) {
    if (match[1]) tokens.push({ kind: 'lparen' });
    else if (match[2]) tokens.push({ kind: 'rparen' });
    else if (match[3]) {
      const word = match[3];
      const lower = word.toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not' || lower === 'of' || lower === 'all') {
        tokens.push({ kind: lower });
      } else if (lower === '1' || lower === 'any') tokens.push({ kind: 'one' });
      else if (lower === 'near') throw new SigmaUnsupported('the condition uses `near`, which is not supported');
      else if (/^\d+$/.test(word))
        throw new SigmaUnsupported(`\`${word} of\` is not supported (only \`1 of\` and \`all of\`)`);
      else tokens.push({ kind: 'ident', text: word });
    } else if (match[4] === '|') {
      throw new SigmaUnsupported(
        'aggregations in the condition (`| count() …`) are not supported: write a Sigma correlation rule instead',
      );
    } else if (match[4] !== undefined) {
      throw new SigmaUnsupported(`unexpected character \`${match[4]}\` in the condition`);
    }
  }
  return tokens;
}

export function parseCondition(text: string): Condition {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    throw new SigmaUnsupported(`condition \`${text.slice(0, 200)}\`: ${what}`);
  };

  const parseOr = (depth: number): Condition => {
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    const items = [parseAnd(depth)];
    while (peek()?.kind === 'or') {
      pos++;
      items.push(parseAnd(depth));
    }
    return items.length === 1 ? (items[0] as Condition) : { kind: 'or', items };
  };
  const parseAnd = (depth: number): Condition => {
    const items = [parseNot(depth)];
    while (peek()?.kind === 'and') {
      pos++;
      items.push(parseNot(depth));
    }
    return items.length === 1 ? (items[0] as Condition) : { kind: 'and', items };
  };
  const parseNot = (depth: number): Condition => {
    if (peek()?.kind === 'not') {
      pos++;
      if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
      return { kind: 'not', item: parseNot(depth + 1) };
    }
    return parseAtom(depth);
  };
  const parseAtom = (depth: number): Condition => {
    const token = peek();
    if (token === undefined) return fail('ends too early');
    pos++;
    if (token.kind === 'lparen') {
      const inner = parseOr(depth + 1);
      if (peek()?.kind !== 'rparen') fail('a `(` is not closed');
      pos++;
      return inner;
    }
    if (token.kind === 'one' || token.kind === 'all') {
      if (peek()?.kind !== 'of') fail(`\`${token.kind === 'one' ? '1' : 'all'}\` must be followed by \`of\``);
      pos++;
      const target = peek();
      if (target?.kind !== 'ident') return fail('`of` must be followed by `them` or an identifier pattern');
      pos++;
      return { kind: 'of', all: token.kind === 'all', pattern: target.text };
    }
    if (token.kind === 'ident') {
      if (token.text.includes('*')) fail(`\`${token.text}\`: a wildcard needs \`1 of\` or \`all of\``);
      return { kind: 'ref', name: token.text };
    }
    return fail(`unexpected \`${token.kind === 'rparen' ? ')' : token.kind}\``);
  };

  if (tokens.length === 0) fail('is empty');
  const result = parseOr(0);
  if (pos < tokens.length) fail('has text left over after a complete expression');
  return result;
}
