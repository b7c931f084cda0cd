import { describe, expect, it } from 'vitest';
import {
  MAX_PATH_KEYS,
  QUERY_FIELDS,
  type JsonColumn,
  type QueryErrorInfo,
  type QueryField,
  type QueryNode,
  type QueryValue,
} from '@shared/domain/query-ast';
import { MAX_QUERY_DEPTH, parseQuery, QueryParseError } from '@shared/domain/query-parser';
import { quoteValue } from '@shared/domain/query-edit';

// Expected trees are written by hand. Most tests compare shapes (the tree without spans); the span tests at the end
// compare whole nodes.
type Shape =
  | { kind: 'and' | 'or'; children: Shape[] }
  | { kind: 'not'; child: Shape }
  | { kind: 'field'; field: QueryField; value: QueryValue }
  | { kind: 'text'; value: QueryValue }
  | { kind: 'path'; column: JsonColumn; keys: string[]; value: QueryValue };

const val = (text: string, quoted = false, literalStars: number[] = []): QueryValue => ({ text, quoted, literalStars });
const text = (t: string, quoted = false, literalStars: number[] = []): Shape => ({
  kind: 'text',
  value: val(t, quoted, literalStars),
});
const field = (f: QueryField, t: string, quoted = false, literalStars: number[] = []): Shape => ({
  kind: 'field',
  field: f,
  value: val(t, quoted, literalStars),
});
const and = (...children: Shape[]): Shape => ({ kind: 'and', children });
const or = (...children: Shape[]): Shape => ({ kind: 'or', children });
const not = (child: Shape): Shape => ({ kind: 'not', child });

function shape(node: QueryNode): Shape {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map(shape) };
    case 'not':
      return { kind: 'not', child: shape(node.child) };
    case 'field':
      return { kind: 'field', field: node.field, value: node.value };
    case 'text':
      return { kind: 'text', value: node.value };
    case 'path':
      return { kind: 'path', column: node.column, keys: node.keys, value: node.value };
  }
}

function parsed(input: string): Shape {
  const node = parseQuery(input);
  if (node === null) throw new Error(`expected a tree for ${JSON.stringify(input)}`);
  return shape(node);
}

function errorOf(input: string): QueryErrorInfo {
  try {
    parseQuery(input);
  } catch (error) {
    if (error instanceof QueryParseError) return error.info;
    throw error;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(input)}`);
}

const DATE_HINT = ' — use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|±HH:MM]';

describe('empty queries', () => {
  it.each(['', ' ', '   ', '\t\n '])('%j is no filter at all', (input) => {
    expect(parseQuery(input)).toBeNull();
  });
});

describe('fields', () => {
  it.each<[string, QueryField, string]>([
    ['action:user.login', 'action', 'user.login'],
    ['actor:alice@acme.io', 'actor', 'alice@acme.io'],
    ['target:repo-1', 'target', 'repo-1'],
    ['ip:203.0.113.7', 'ip', '203.0.113.7'],
    ['outcome:failure', 'outcome', 'failure'],
    ['category:auth', 'category', 'auth'],
    ['tenant:acme', 'tenant', 'acme'],
    ['source:okta-prod', 'source', 'okta-prod'],
    ['after:2025-01-01', 'after', '2025-01-01'],
    ['before:2025-02-01T00:00', 'before', '2025-02-01T00:00'],
    ['raw:token', 'raw', 'token'],
    ['country:DE', 'country', 'DE'],
    ['first_seen:ip', 'first_seen', 'ip'],
    ['session:102nZHzd6OHSfGG51vsoc22gw', 'session', '102nZHzd6OHSfGG51vsoc22gw'],
  ])('%s', (input, f, t) => {
    expect(parsed(input)).toEqual(field(f, t));
  });

  it('covers every field of the language', () => {
    const samples = [
      'action:a',
      'actor:a',
      'target:a',
      'ip:::1',
      'outcome:success',
      'category:data',
      'tenant:a',
      'source:a',
      'after:2025-01-01',
      'before:2025-01-01',
      'raw:a',
      'finding:12',
      'country:us',
      'first_seen:ua',
      'session:s-1',
      'user_agent:curl*',
      'starred:true',
      'tag:suspicious',
      'annotated:false',
      'uid:e03',
    ];
    const fields = samples.map((s) => (parseQuery(s) as { field: string }).field);
    expect(fields).toEqual([...QUERY_FIELDS]);
  });

  it.each([
    ['starred:yes', 'invalid value `yes` for `starred:` at column 9 — use true or false'],
    ['annotated:1', 'invalid value `1` for `annotated:` at column 11 — use true or false'],
    [
      'tag:"two words"',
      'invalid tag `two words` for `tag:` at column 5 — a tag is one word of letters, digits and _ . : / @ + -',
    ],
  ])('the evidence board fields take only what they can match: %s', (input, message) => {
    expect(() => parseQuery(input)).toThrow(message);
  });

  it.each<[string, QueryField, string]>([
    ['ACTOR:Alice', 'actor', 'Alice'],
    ['Action:User.Login', 'action', 'User.Login'],
    ['oUtCoMe:SUCCESS', 'outcome', 'SUCCESS'],
    ['IP:10.0.0.1', 'ip', '10.0.0.1'],
    ['AFTER:2025-01-01', 'after', '2025-01-01'],
  ])('field names are case-insensitive and normalized: %s', (input, f, t) => {
    expect(parsed(input)).toEqual(field(f, t));
  });

  it('takes a whole number for finding: and points at anything else', () => {
    expect(parsed('finding:42')).toEqual(field('finding', '42'));
    expect(() => parseQuery('finding:4*')).toThrow(/invalid finding id `4\*` for `finding:` at column 9/);
    expect(() => parseQuery('finding:1;DROP')).toThrow(QueryParseError);
  });

  it('splits at the first colon only', () => {
    expect(parsed('action:a:b:c')).toEqual(field('action', 'a:b:c'));
    expect(parsed('after:2025-01-01T10:00:00Z')).toEqual(field('after', '2025-01-01T10:00:00Z'));
  });

  it('takes quoted values with spaces and escapes', () => {
    expect(parsed('actor:"Ana Ruiz"')).toEqual(field('actor', 'Ana Ruiz', true));
    expect(parsed('action:"say \\"hi\\" \\\\ bye"')).toEqual(field('action', 'say "hi" \\ bye', true));
    expect(parsed('raw:"a:b (c) OR d -e"')).toEqual(field('raw', 'a:b (c) OR d -e', true));
  });

  it('keeps a backslash before any other character inside quotes', () => {
    expect(parsed('raw:"C:\\Users\\x"')).toEqual(field('raw', 'C:\\Users\\x', true));
  });

  it('treats a quote inside an unquoted value as a character', () => {
    expect(parsed('actor:o"brien')).toEqual(field('actor', 'o"brien'));
  });

  it('ends a quoted value at its closing quote', () => {
    expect(parsed('actor:"Ana"x')).toEqual(and(field('actor', 'Ana', true), text('x')));
  });
});

describe('text', () => {
  it('a bare word', () => {
    expect(parsed('alice')).toEqual(text('alice'));
  });

  it('a quoted phrase, which may hold colons, parentheses and OR', () => {
    expect(parsed('"failed login"')).toEqual(text('failed login', true));
    expect(parsed('"foo:bar (baz) OR -x"')).toEqual(text('foo:bar (baz) OR -x', true));
    expect(parsed('"a \\"b\\" \\\\"')).toEqual(text('a "b" \\', true));
  });

  it('a dash inside a word is a character', () => {
    expect(parsed('user.signed-in 2025-01-01 a-')).toEqual(and(text('user.signed-in'), text('2025-01-01'), text('a-')));
  });

  it('a word starting with two dashes is a word', () => {
    expect(parsed('--')).toEqual(text('--'));
    expect(parsed('--verbose')).toEqual(text('--verbose'));
  });

  it('OR is an operator only in capitals and on its own', () => {
    expect(parsed('a or b')).toEqual(and(text('a'), text('or'), text('b')));
    expect(parsed('a Or b')).toEqual(and(text('a'), text('Or'), text('b')));
    expect(parsed('a "OR" b')).toEqual(and(text('a'), text('OR', true), text('b')));
    expect(parsed('ORACLE')).toEqual(text('ORACLE'));
    expect(parsed('action:OR')).toEqual(field('action', 'OR'));
  });

  it('AND is not an operator: it is searched for like any word', () => {
    expect(parsed('a AND b')).toEqual(and(text('a'), text('AND'), text('b')));
  });

  it('a bare IPv6 address is text, not an unknown field', () => {
    expect(parsed('2001:db8::1')).toEqual(text('2001:db8::1'));
    expect(parsed('fe80::1')).toEqual(text('fe80::1'));
    expect(parsed('::1')).toEqual(text('::1'));
  });

  it('a word starting with a colon is text', () => {
    expect(parsed(':x')).toEqual(text(':x'));
  });

  it('unicode words and phrases', () => {
    expect(parsed('café actor:"José Müller" 日本語 🚀')).toEqual(
      and(text('café'), field('actor', 'José Müller', true), text('日本語'), text('🚀')),
    );
  });

  it('any whitespace separates terms', () => {
    expect(parsed(' a\tb\nc\u00a0d ')).toEqual(and(text('a'), text('b'), text('c'), text('d')));
  });
});

describe('wildcards', () => {
  it('a star anywhere is a wildcard', () => {
    expect(parsed('actor:ali*')).toEqual(field('actor', 'ali*'));
    expect(parsed('*admin*')).toEqual(text('*admin*'));
    expect(parsed('actor:"Ana *"')).toEqual(field('actor', 'Ana *', true));
  });

  it('an escaped star is literal and its index is recorded', () => {
    expect(parsed('action:user.\\*')).toEqual(field('action', 'user.*', false, [5]));
    expect(parsed('action:\\*x\\*')).toEqual(field('action', '*x*', false, [0, 2]));
    expect(parsed('\\*')).toEqual(text('*', false, [0]));
    expect(parsed('"a\\*b*"')).toEqual(text('a*b*', true, [1]));
  });

  it('indexes literal stars in the decoded text, after earlier escapes', () => {
    expect(parsed('raw:"\\"\\*"')).toEqual(field('raw', '"*', true, [1]));
  });

  it.each(['ip:10.0.*', 'ip:*', 'ip:10.*.1.*', 'ip:2001:db8:*', 'ip:fe80::*'])('ip pattern %s', (input) => {
    expect(parsed(input)).toEqual(field('ip', input.slice(3)));
  });

  it.each(['outcome:fail*', 'outcome:*', 'outcome:*ure', 'category:sec*', 'category:*', 'category:"c*g"'])(
    '%s',
    (input) => {
      const node = parseQuery(input);
      expect(node?.kind).toBe('field');
    },
  );
});

describe('negation', () => {
  it('negates a field', () => {
    expect(parsed('-outcome:success')).toEqual(not(field('outcome', 'success')));
  });

  it('negates a group', () => {
    expect(parsed('-(a OR b)')).toEqual(not(or(text('a'), text('b'))));
  });

  it('negates a phrase and a bare word', () => {
    expect(parsed('-"x y" -z')).toEqual(and(not(text('x y', true)), not(text('z'))));
  });

  it('negates inside an AND', () => {
    expect(parsed('a -b c')).toEqual(and(text('a'), not(text('b')), text('c')));
  });

  it('negates a negated group', () => {
    expect(parsed('-(-a)')).toEqual(not(not(text('a'))));
  });

  it('after a closing parenthesis or quote', () => {
    expect(parsed('(a)-b')).toEqual(and(text('a'), not(text('b'))));
    expect(parsed('"a"-b')).toEqual(and(text('a', true), not(text('b'))));
  });

  it('a negated group of one is the negated term', () => {
    expect(parsed('-((a))')).toEqual(not(text('a')));
  });
});

describe('AND, OR and parentheses', () => {
  it.each<[string, Shape]>([
    ['a b', and(text('a'), text('b'))],
    ['a b OR c', or(and(text('a'), text('b')), text('c'))],
    ['a OR b c', or(text('a'), and(text('b'), text('c')))],
    ['a OR b OR c', or(text('a'), text('b'), text('c'))],
    ['a b OR c d OR e', or(and(text('a'), text('b')), and(text('c'), text('d')), text('e'))],
    ['a (b OR c)', and(text('a'), or(text('b'), text('c')))],
    ['(a OR b) (c OR d)', and(or(text('a'), text('b')), or(text('c'), text('d')))],
    ['(a (b OR (c -d)))', and(text('a'), or(text('b'), and(text('c'), not(text('d')))))],
    ['-a OR -b', or(not(text('a')), not(text('b')))],
    ['a OR(b)', or(text('a'), text('b'))],
    [
      'action:user.login actor:alice -outcome:success ip:203.0.113.0/24 after:2025-01-01 "free text"',
      and(
        field('action', 'user.login'),
        field('actor', 'alice'),
        not(field('outcome', 'success')),
        field('ip', '203.0.113.0/24'),
        field('after', '2025-01-01'),
        text('free text', true),
      ),
    ],
    [
      '(actor:alice OR actor:bob) -category:auth',
      and(or(field('actor', 'alice'), field('actor', 'bob')), not(field('category', 'auth'))),
    ],
  ])('%s', (input, expected) => {
    expect(parsed(input)).toEqual(expected);
  });
});

describe('flattening', () => {
  it.each<[string, Shape]>([
    ['(a b) c', and(text('a'), text('b'), text('c'))],
    ['a (b (c d))', and(text('a'), text('b'), text('c'), text('d'))],
    ['a(b)c', and(text('a'), text('b'), text('c'))],
    ['a OR (b OR (c OR d))', or(text('a'), text('b'), text('c'), text('d'))],
    ['((a OR b)) OR c', or(text('a'), text('b'), text('c'))],
    ['(a OR b) c', and(or(text('a'), text('b')), text('c'))],
    ['(a b) OR c', or(and(text('a'), text('b')), text('c'))],
    ['-(a b) c', and(not(and(text('a'), text('b'))), text('c'))],
    ['(a)', text('a')],
    ['((actor:x))', field('actor', 'x')],
  ])('%s', (input, expected) => {
    expect(parsed(input)).toEqual(expected);
  });

  it('never nests an and in an and or an or in an or', () => {
    const check = (node: QueryNode): void => {
      if (node.kind === 'and' || node.kind === 'or') {
        expect(node.children.length).toBeGreaterThan(1);
        for (const child of node.children) {
          expect(child.kind).not.toBe(node.kind);
          check(child);
        }
      } else if (node.kind === 'not') {
        check(node.child);
      }
    };
    for (const input of ['((a b) (c (d e))) OR ((f OR g) OR (h))', '(((a)) ((b)) (c OR (d OR (e f (g h)))))']) {
      check(parseQuery(input) as QueryNode);
    }
  });
});

describe('spans', () => {
  it('fields and a negation', () => {
    expect(parseQuery('actor:alice -outcome:success')).toEqual({
      kind: 'and',
      span: { start: 0, end: 28 },
      children: [
        { kind: 'field', field: 'actor', value: val('alice'), span: { start: 0, end: 11 } },
        {
          kind: 'not',
          span: { start: 12, end: 28 },
          child: { kind: 'field', field: 'outcome', value: val('success'), span: { start: 13, end: 28 } },
        },
      ],
    });
  });

  it('OR over AND', () => {
    expect(parseQuery('a b OR c')).toEqual({
      kind: 'or',
      span: { start: 0, end: 8 },
      children: [
        {
          kind: 'and',
          span: { start: 0, end: 3 },
          children: [
            { kind: 'text', value: val('a'), span: { start: 0, end: 1 } },
            { kind: 'text', value: val('b'), span: { start: 2, end: 3 } },
          ],
        },
        { kind: 'text', value: val('c'), span: { start: 7, end: 8 } },
      ],
    });
  });

  it('a parenthesized node spans its parentheses', () => {
    expect(parseQuery('-(a OR b) "x y"')).toEqual({
      kind: 'and',
      span: { start: 0, end: 15 },
      children: [
        {
          kind: 'not',
          span: { start: 0, end: 9 },
          child: {
            kind: 'or',
            span: { start: 1, end: 9 },
            children: [
              { kind: 'text', value: val('a'), span: { start: 2, end: 3 } },
              { kind: 'text', value: val('b'), span: { start: 7, end: 8 } },
            ],
          },
        },
        { kind: 'text', value: val('x y', true), span: { start: 10, end: 15 } },
      ],
    });
    expect(parseQuery(' ((a)) ')).toEqual({ kind: 'text', value: val('a'), span: { start: 1, end: 6 } });
  });

  it('quoted values, IPv6 with colons and a date with a space', () => {
    expect(parseQuery('ip:2001:db8::/32 after:"2025-01-01 10:00"')).toEqual({
      kind: 'and',
      span: { start: 0, end: 41 },
      children: [
        { kind: 'field', field: 'ip', value: val('2001:db8::/32'), span: { start: 0, end: 16 } },
        { kind: 'field', field: 'after', value: val('2025-01-01 10:00', true), span: { start: 17, end: 41 } },
      ],
    });
  });

  it('counts UTF-16 code units, as JavaScript strings do', () => {
    expect(parseQuery('🚀 café')).toEqual({
      kind: 'and',
      span: { start: 0, end: 7 },
      children: [
        { kind: 'text', value: val('🚀'), span: { start: 0, end: 2 } },
        { kind: 'text', value: val('café'), span: { start: 3, end: 7 } },
      ],
    });
  });

  it("every node's span is source text that parses to the same node", () => {
    const inputs = [
      'action:user.login actor:"Ana Ruiz" -outcome:success ip:203.0.113.0/24 after:2025-01-01 "free text"',
      ' (a OR -(b c)) OR ((d)) e ',
      '-(actor:x OR actor:"y z") category:sec* raw:"\\"q\\""',
    ];
    const visit = (input: string, node: QueryNode): void => {
      expect(parsed(input.slice(node.span.start, node.span.end))).toEqual(shape(node));
      if (node.kind === 'and' || node.kind === 'or') node.children.forEach((c) => visit(input, c));
      if (node.kind === 'not') visit(input, node.child);
    };
    for (const input of inputs) visit(input, parseQuery(input) as QueryNode);
  });
});

describe('after: and before:', () => {
  it.each([
    '2025-01-01',
    '2024-02-29',
    '2000-02-29',
    '2025-12-31',
    '2025-01-01T10:00',
    '2025-01-01T23:59:59',
    '2025-01-01T00:00:00Z',
    '2025-01-01T10:00Z',
    '2025-01-01T10:00:00.5Z',
    '2025-01-01T10:00:00.123456789+05:30',
    '2025-01-01T10:00-08:00',
    '2025-06-30T10:00:00.000001-00:00',
  ])('accepts %s', (value) => {
    expect(parsed(`after:${value}`)).toEqual(field('after', value));
    expect(parsed(`before:${value}`)).toEqual(field('before', value));
  });

  it('accepts a space between date and time inside quotes', () => {
    expect(parsed('after:"2025-01-01 10:00:00Z"')).toEqual(field('after', '2025-01-01 10:00:00Z', true));
    expect(parsed('before:"2025-01-01T10:00"')).toEqual(field('before', '2025-01-01T10:00', true));
  });

  it.each([
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-01-32',
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-01-01T24:00',
    '2025-01-01T10:60',
    '2025-01-01T10:00:60',
    '2025-1-1',
    '25-01-01',
    '2025-01-01T10',
    '2025-01-01T',
    '2025-01-01Z',
    '2025-01-01T10:00.5',
    '2025-01-01T10:00:00.',
    '2025-01-01T10:00:00.1234567890',
    '2025-01-01T10:00+5:00',
    '2025-01-01T10:00+0500',
    '2025-01-01T10:00+24:00',
    '2025-01-01T10:00+02:60',
    '2025-01-01t10:00',
    '2025-01-01T10:00z',
    'yesterday',
    '2025/01/01',
  ])('rejects %s', (value) => {
    const info = errorOf(`after:${value}`);
    expect(info.message).toBe(`invalid date \`${value}\` for \`after:\` at column 7${DATE_HINT}`);
    expect(info.column).toBe(7);
    expect(info.span).toEqual({ start: 6, end: 6 + value.length });
  });

  it('names the field and the column of the value', () => {
    expect(errorOf('x -before:"2025-02-30"')).toEqual({
      message: `invalid date \`2025-02-30\` for \`before:\` at column 11${DATE_HINT}`,
      column: 11,
      span: { start: 10, end: 22 },
    });
  });

  it('rejects a space outside quotes (the time becomes a word of its own)', () => {
    expect(errorOf('after:2025-01-01 10:00').message).toBe('unknown field `10` at column 18');
  });
});

describe('ip:', () => {
  it.each([
    '10.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '10.0.0.0/8',
    '0.0.0.0/0',
    '192.168.1.7/32',
    '2001:db8::1',
    '::1',
    '::',
    'fe80::1:2',
    '2001:DB8::/32',
    '::/0',
    '2001:db8::/128',
    '::ffff:192.0.2.1',
    '::ffff:192.0.2.0/120',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '1::8',
  ])('accepts %s', (value) => {
    expect(parsed(`ip:${value}`)).toEqual(field('ip', value));
  });

  it('accepts a quoted address', () => {
    expect(parsed('ip:"10.0.0.1"')).toEqual(field('ip', '10.0.0.1', true));
  });

  it.each([
    '300.1.1.1',
    '10.0.0',
    '10.0.0.1.5',
    '010.0.0.1',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/1234',
    '2001:db8::/129',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '1::2::3',
    ':::1',
    '12345::1',
    'g::1',
    '1.2.3.4::',
    '10.0.*/8',
    '300.*',
    '10..*',
    'abc',
    'localhost',
    '10.0.0.1%eth0',
    '10.0.0.\\*',
  ])('rejects %s', (value) => {
    const info = errorOf(`ip:${value}`);
    const shown = value.replace('\\*', '*');
    expect(info.message).toBe(`invalid IP, CIDR or pattern \`${shown}\` for \`ip:\` at column 4`);
    expect(info.column).toBe(4);
  });
});

describe('outcome: and category:', () => {
  it.each(['success', 'failure', 'unknown', 'SUCCESS', 'Fail*', '"success"'])('outcome:%s', (value) => {
    expect(parseQuery(`outcome:${value}`)?.kind).toBe('field');
  });

  it.each(['auth', 'access', 'data', 'config', 'security', 'other', 'Security', 'a*'])('category:%s', (value) => {
    expect(parsed(`category:${value}`)).toEqual(field('category', value));
  });

  it.each<[string, string]>([
    ['outcome:sucess', 'unknown outcome `sucess` at column 9 — did you mean `success`?'],
    ['outcome:SUCESS', 'unknown outcome `SUCESS` at column 9 — did you mean `success`?'],
    ['outcome:fialure', 'unknown outcome `fialure` at column 9 — did you mean `failure`?'],
    // Three edits away: the spec's limit of two keeps hints to real near misses.
    ['outcome:failed', 'unknown outcome `failed` at column 9'],
    ['outcome:xyz', 'unknown outcome `xyz` at column 9'],
    ['outcome:win*', 'unknown outcome `win*` at column 9'],
    ['outcome:succ\\*', 'unknown outcome `succ*` at column 9'],
    ['category:acces', 'unknown category `acces` at column 10 — did you mean `access`?'],
    ['category:secrity', 'unknown category `secrity` at column 10 — did you mean `security`?'],
    ['category:cnofig', 'unknown category `cnofig` at column 10 — did you mean `config`?'],
    ['category:logs', 'unknown category `logs` at column 10'],
  ])('%s', (input, message) => {
    expect(errorOf(input).message).toBe(message);
  });
});

describe('country:, first_seen: and session:', () => {
  it.each(['country:US', 'country:de', 'country:*', 'country:D*'])('%s is a country or a pattern', (input) => {
    expect(parsed(input)).toMatchObject({ kind: 'field', field: 'country' });
  });

  it.each(['country:USA', 'country:1', 'country:"New Zealand"', 'country:\\*'])('%s is refused', (input) => {
    expect(errorOf(input).message).toMatch(/^invalid country .* for `country:` at column 9 — use a two-letter code/);
  });

  it.each(['first_seen:ip', 'first_seen:country', 'first_seen:UA'])('%s', (input) => {
    expect(parsed(input)).toMatchObject({ kind: 'field', field: 'first_seen' });
  });

  it('names the three first_seen: values, with a near miss', () => {
    expect(errorOf('first_seen:ips').message).toBe(
      'unknown `first_seen:` value `ips` at column 12 — use ip, country or ua (did you mean `ip`?)',
    );
    expect(errorOf('first_seen:*').message).toMatch(/^unknown `first_seen:` value `\*`/);
  });

  it('takes a gap session id whole, colons and @ included, and refuses a wildcard', () => {
    expect(parsed('session:gap:1760580432412000:maria@acme.io')).toEqual(
      field('session', 'gap:1760580432412000:maria@acme.io'),
    );
    expect(parsed('session:"a b"')).toEqual(field('session', 'a b', true));
    expect(errorOf('session:abc*')).toMatchObject({
      column: 12,
      message: expect.stringMatching(/^wildcards are not allowed in `session:`/),
    });
  });
});

describe('uid:', () => {
  it('reads back any id quoteValue writes, quotes, backslashes, stars and spaces included', () => {
    for (const id of ['e03', 'aB+/=', 'a "b" c', 'back\\slash', 'star*id', '-lead', '(x)', 'ünï code']) {
      expect(parsed(`uid:${quoteValue(id)}`)).toMatchObject({ kind: 'field', field: 'uid', value: { text: id } });
    }
  });

  it('refuses a wildcard, at its column', () => {
    expect(errorOf('uid:abc*')).toMatchObject({
      column: 8,
      message: expect.stringMatching(/^wildcards are not allowed in `uid:`/),
    });
  });
});

describe('errors', () => {
  it('are QueryParseErrors whose message is the info message', () => {
    let caught: unknown;
    try {
      parseQuery('actr:alice');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryParseError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as QueryParseError;
    expect(error.name).toBe('QueryParseError');
    expect(error.message).toBe(error.info.message);
    expect(error.info).toEqual({
      message: 'unknown field `actr` at column 1 — did you mean `actor`?',
      column: 1,
      span: { start: 0, end: 4 },
    });
  });

  it.each<[string, string, number]>([
    // unknown field
    ['actr:alice', 'unknown field `actr` at column 1 — did you mean `actor`?', 1],
    ['Actr:alice', 'unknown field `Actr` at column 1 — did you mean `actor`?', 1],
    ['x sorce:okta', 'unknown field `sorce` at column 3 — did you mean `source`?', 3],
    ['tenet:acme', 'unknown field `tenet` at column 1 — did you mean `tenant`?', 1],
    ['alice foo:bar', 'unknown field `foo` at column 7', 7],
    ['foo:"a b"', 'unknown field `foo` at column 1', 1],
    ['http://example.com', 'unknown field `http` at column 1', 1],
    ['ipp:10.0.0.1', 'unknown field `ipp` at column 1 — did you mean `ip`?', 1],
    // Two edits turn `10` into `ip`, but a hint that replaces every character is noise.
    ['12:30', 'unknown field `12` at column 1', 1],
    // empty value
    ['actor:', 'empty value for `actor:` at column 1', 1],
    ['alice actor:', 'empty value for `actor:` at column 7', 7],
    ['actor: alice', 'empty value for `actor:` at column 1', 1],
    ['actor:""', 'empty value for `actor:` at column 1', 1],
    ['(actor:)', 'empty value for `actor:` at column 2', 2],
    ['IP:', 'empty value for `ip:` at column 1', 1],
    // quotes and escapes
    ['"abc', 'unterminated quote at column 1', 1],
    ['actor:"Ana', 'unterminated quote at column 7', 7],
    ['a "b \\"', 'unterminated quote at column 3', 3],
    ['"abc\\', 'unterminated quote at column 1', 1],
    ['""', 'empty phrase `""` at column 1', 1],
    ['x\\y', 'invalid escape `\\y` at column 2 — outside quotes only `\\*` is an escape; quote the value', 2],
    ['a\\\\b', 'invalid escape `\\\\` at column 2 — outside quotes only `\\*` is an escape; quote the value', 2],
    ['actor:a\\', 'invalid escape `\\` at column 8 — outside quotes only `\\*` is an escape; quote the value', 8],
    // parentheses
    ['(a', 'unmatched `(` at column 1', 1],
    ['(', 'unmatched `(` at column 1', 1],
    ['a (b (c)', 'unmatched `(` at column 3', 3],
    ['a)', 'unexpected `)` at column 2', 2],
    [')', 'unexpected `)` at column 1', 1],
    ['(a))', 'unexpected `)` at column 4', 4],
    ['a OR b)', 'unexpected `)` at column 7', 7],
    ['()', 'empty group `()` at column 1', 1],
    ['a ( )', 'empty group `()` at column 3', 3],
    // OR
    ['OR a', '`OR` needs a term on both sides at column 1', 1],
    ['a OR', '`OR` needs a term on both sides at column 3', 3],
    ['a OR OR b', '`OR` needs a term on both sides at column 3', 3],
    ['(a OR) b', '`OR` needs a term on both sides at column 4', 4],
    ['OR', '`OR` needs a term on both sides at column 1', 1],
    // -
    ['-', '`-` must be followed by a term at column 1', 1],
    ['a -', '`-` must be followed by a term at column 3', 3],
    ['- a', '`-` must be followed by a term at column 1', 1],
    ['(a -)', '`-` must be followed by a term at column 4', 4],
    ['-OR b', '`-` must be followed by a term at column 1', 1],
    // field values
    ['after:2025-13-01', `invalid date \`2025-13-01\` for \`after:\` at column 7${DATE_HINT}`, 7],
    ['ip:300.1.1.1', 'invalid IP, CIDR or pattern `300.1.1.1` for `ip:` at column 4', 4],
    ['-ip:10.0.0.0/33', 'invalid IP, CIDR or pattern `10.0.0.0/33` for `ip:` at column 5', 5],
    ['outcome:sucess', 'unknown outcome `sucess` at column 9 — did you mean `success`?', 9],
    ['after:2025-*', 'wildcards are not allowed in `after:` at column 12', 12],
    ['after:*', 'wildcards are not allowed in `after:` at column 7', 7],
    ['before:"2025*"', 'wildcards are not allowed in `before:` at column 13', 13],
    // columns count UTF-16 code units
    ['🚀 foo:x', 'unknown field `foo` at column 4', 4],
  ])('%s', (input, message, column) => {
    const info = errorOf(input);
    expect(info.message).toBe(message);
    expect(info.column).toBe(column);
    expect(info.span.start).toBe(column - 1);
  });

  it('spans the part at fault', () => {
    expect(errorOf('a actor:').span).toEqual({ start: 2, end: 8 });
    expect(errorOf('a "bc').span).toEqual({ start: 2, end: 5 });
    expect(errorOf('a ( )').span).toEqual({ start: 2, end: 5 });
    expect(errorOf('a OR').span).toEqual({ start: 2, end: 4 });
    expect(errorOf('outcome:sucess x').span).toEqual({ start: 8, end: 14 });
    expect(errorOf('after:2025-*').span).toEqual({ start: 11, end: 12 });
  });
});

describe('injection-looking input is plain values (the parser never builds SQL)', () => {
  it("'; DROP TABLE events; --", () => {
    expect(parsed("'; DROP TABLE events; --")).toEqual(
      and(text("';"), text('DROP'), text('TABLE'), text('events;'), text('--')),
    );
  });

  it(`action:"x' OR '1'='1"`, () => {
    expect(parsed(`action:"x' OR '1'='1"`)).toEqual(field('action', "x' OR '1'='1", true));
  });

  it("' OR '1'='1 unquoted: OR is the operator, the rest is text", () => {
    expect(parsed("' OR '1'='1")).toEqual(or(text("'"), text("'1'='1")));
  });

  it('quotes, semicolons, comment markers and LIKE metacharacters stay in the value', () => {
    expect(parsed(`actor:alice';--`)).toEqual(field('actor', "alice';--"));
    expect(parsed('raw:"\\"); DROP TABLE x; --"')).toEqual(field('raw', '"); DROP TABLE x; --', true));
    expect(parsed('tenant:% target:_ source:$1')).toEqual(
      and(field('tenant', '%'), field('target', '_'), field('source', '$1')),
    );
    expect(parsed('"/* */ UNION SELECT 1"')).toEqual(text('/* */ UNION SELECT 1', true));
  });
});

// Security regression (issue 14 item 9): `-(` repeated 2 000 times overflowed the stack ("Maximum call stack size
// exceeded"), which the web bridge returned as a 500. Nesting is capped with a positioned error like any other.
describe('nesting depth', () => {
  /** `-(` n times around `action:x`: n groups, each negated. */
  const negatedGroups = (n: number) => '-('.repeat(n) + 'action:x' + ')'.repeat(n);

  it(`parses ${MAX_QUERY_DEPTH} nested groups, plain or negated`, () => {
    expect(MAX_QUERY_DEPTH).toBe(64);
    let plain = parsed('('.repeat(MAX_QUERY_DEPTH) + 'a' + ')'.repeat(MAX_QUERY_DEPTH));
    expect(plain).toEqual(text('a'));
    let negated = parsed(negatedGroups(MAX_QUERY_DEPTH));
    let depth = 0;
    for (; negated.kind === 'not'; depth++) negated = negated.child;
    expect(depth).toBe(MAX_QUERY_DEPTH);
    expect(negated).toEqual(field('action', 'x'));
    plain = parsed(`a (b ${'('.repeat(MAX_QUERY_DEPTH - 1)}c${')'.repeat(MAX_QUERY_DEPTH - 1)}) d`);
    expect(plain).toEqual(and(text('a'), text('b'), text('c'), text('d')));
  });

  it('points at the first `(` one level too deep', () => {
    const input = '('.repeat(MAX_QUERY_DEPTH + 1) + 'a' + ')'.repeat(MAX_QUERY_DEPTH + 1);
    expect(errorOf(input)).toEqual({
      message: `too deeply nested \`(\` at column ${MAX_QUERY_DEPTH + 1} — at most ${MAX_QUERY_DEPTH} levels`,
      column: MAX_QUERY_DEPTH + 1,
      span: { start: MAX_QUERY_DEPTH, end: MAX_QUERY_DEPTH + 1 },
    });
    // `-(` pairs: the 65th `(` is at offset 2 * 64 + 1.
    expect(errorOf(negatedGroups(MAX_QUERY_DEPTH + 1)).column).toBe(2 * MAX_QUERY_DEPTH + 2);
  });

  it('answers 2 000 levels of `-(` with the positioned error, not a stack overflow', () => {
    expect(errorOf(negatedGroups(2_000)).message).toBe(
      `too deeply nested \`(\` at column ${2 * MAX_QUERY_DEPTH + 2} — at most ${MAX_QUERY_DEPTH} levels`,
    );
    // Unbalanced, as a fuzzer would send it: still the depth error, before the missing `)` matters.
    expect(errorOf('('.repeat(100_000)).message).toMatch(/^too deeply nested `\(` at column 65/);
  });
});

describe('dotted fields into metadata, changes and raw', () => {
  const path = (column: JsonColumn, keys: string[], t: string, quoted = false, literalStars: number[] = []): Shape => ({
    kind: 'path',
    column,
    keys,
    value: val(t, quoted, literalStars),
  });

  it.each<[string, Shape]>([
    ['metadata.session_id:ses_41c', path('metadata', ['session_id'], 'ses_41c')],
    ['raw.userIdentity.arn:arn:aws:iam::1:user/a', path('raw', ['userIdentity', 'arn'], 'arn:aws:iam::1:user/a')],
    ['changes.role.new:admin', path('changes', ['role', 'new'], 'admin')],
    ['RAW.target.0.alternateId:"a b"', path('raw', ['target', '0', 'alternateId'], 'a b', true)],
    ['metadata.ua:*curl*', path('metadata', ['ua'], '*curl*')],
    ['metadata.x:a\\*b', path('metadata', ['x'], 'a*b', false, [1])],
  ])('%s', (input, expected) => {
    expect(parsed(input)).toEqual(expected);
  });

  it('negates and combines like any field term', () => {
    expect(parsed('-metadata.session_id:s1 OR raw.a:b')).toEqual(
      or(not(path('metadata', ['session_id'], 's1')), path('raw', ['a'], 'b')),
    );
  });

  it('takes quoted keys holding dots, colons, spaces, quotes, stars, brackets, `$` and CR/LF', () => {
    expect(parsed('raw."a.b:c d".x:1')).toEqual(path('raw', ['a.b:c d', 'x'], '1'));
    expect(parsed('raw."q\\"k"."back\\\\slash":1')).toEqual(path('raw', ['q"k', 'back\\slash'], '1'));
    expect(parsed('raw."*"."[0]"."$.x":1')).toEqual(path('raw', ['*', '[0]', '$.x'], '1'));
    expect(parsed('raw."cr\r\nlf":1')).toEqual(path('raw', ['cr\r\nlf'], '1'));
  });

  it('keeps `$` and `~` and `/` in a bare key as characters (the store escapes them in the pointer)', () => {
    expect(parsed('raw.$.a~b/c:1')).toEqual(path('raw', ['$', 'a~b/c'], '1'));
  });

  it('leaves a dotted word without a colon as text', () => {
    expect(parsed('raw.githubusercontent.com')).toEqual(text('raw.githubusercontent.com'));
    expect(parsed('metadata.session_id')).toEqual(text('metadata.session_id'));
  });

  it.each<[string, string, number]>([
    ['raw.a*b:1', 'wildcards are not allowed in a key at column 6 — quote the key for a literal `*`', 6],
    ['raw.*:1', 'wildcards are not allowed in a key at column 5 — quote the key for a literal `*`', 5],
    [
      'raw.target[0].id:1',
      'unexpected `[` in a key at column 11 — write an array element as `.0`, or quote the key',
      11,
    ],
    ['raw.a..b:1', 'empty key in `raw.…` at column 7', 7],
    ['raw.a.:1', 'empty key in `raw.…` at column 7', 7],
    ['raw."":1', 'empty key in `raw.…` at column 5', 5],
    ['metadata.a:', 'empty value for `metadata.a:` at column 1', 1],
    ['raw.a\\b:1', 'unexpected `\\` in a key at column 6 — quote the key', 6],
    ['raw."a b:1', 'unterminated quote at column 5', 5],
    ['raw."a b" x:1', 'missing `:value` after `raw."a b"` at column 1', 1],
  ])('refuses %s inline', (input, message, column) => {
    const info = errorOf(input);
    expect(info.message).toBe(message);
    expect(info.column).toBe(column);
  });

  it(`takes ${MAX_PATH_KEYS} keys and points at the next one; 10 000 keys fail fast at the same place`, () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`).join('.');
    expect(parsed(`raw.${keys(MAX_PATH_KEYS)}:1`)).toEqual(
      path(
        'raw',
        Array.from({ length: MAX_PATH_KEYS }, (_, i) => `k${i}`),
        '1',
      ),
    );
    const long = `raw.${keys(10_000)}:1`;
    const column = `raw.${keys(MAX_PATH_KEYS)}.`.length + 1;
    expect(errorOf(long)).toMatchObject({
      message: `too many keys in \`raw.…\` at column ${column} — at most ${MAX_PATH_KEYS}`,
      column,
    });
    expect(errorOf(`raw.${'"x".'.repeat(10_000)}a:1`).message).toMatch(/^too many keys/);
  });

  it('spans the whole clause, so the drawer can flip or cut it', () => {
    expect(parseQuery('a -metadata."x y":z b')).toMatchObject({
      kind: 'and',
      children: [
        { span: { start: 0, end: 1 } },
        { kind: 'not', span: { start: 2, end: 19 } },
        { span: { start: 20, end: 21 } },
      ],
    });
  });
});
