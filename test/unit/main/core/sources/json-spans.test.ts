// The JSON span scanner: exact byte spans of a document's records (strings with escapes, nesting, whitespace,
// multi-byte UTF-8), and the same accept/reject verdict as JSON.parse, which prepareObject relies on.
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan, scanJson, type JsonScan, type Span } from '../../../../../src/main/core/sources/json-spans';

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const textOf = (bytes: Buffer, span: Span) => bytes.toString('utf8', span.start, span.end);

function scan(text: string): JsonScan | null {
  return scanJson(bytesOf(text));
}

function elementTexts(text: string): string[] {
  const bytes = bytesOf(text);
  const result = scanJson(bytes);
  if (result?.kind !== 'array') throw new Error(`not an array: ${text}`);
  return result.elements.map((span) => textOf(bytes, span));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A deterministic generator (mulberry32): the fuzz cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('scanJson spans', () => {
  it('gives each element of a bare array verbatim, whitespace around it excluded', () => {
    expect(elementTexts('[ {"a": 1} ,\n\t{ "b" : [1, 2] }\r\n, 3, "x", true, false, null, -0.5e+3 ]')).toEqual([
      '{"a": 1}',
      '{ "b" : [1, 2] }',
      '3',
      '"x"',
      'true',
      'false',
      'null',
      '-0.5e+3',
    ]);
    expect(elementTexts('[]')).toEqual([]);
    expect(elementTexts(' [ ] ')).toEqual([]);
  });

  it('is not fooled by brackets, braces, commas and escaped quotes inside strings', () => {
    const records = ['{"s":"]},{[\\"\\\\"}', '{"t":"\\\\"}', '{"u":"\\u005d\\u0022,"}', '{"k\\"]":[{"x":"}"}]}'];
    expect(elementTexts(`[${records.join(',')}]`)).toEqual(records);
    for (const record of records) expect(JSON.parse(record)).toBeTypeOf('object');
  });

  it('handles nested arrays and objects of any depth', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(elementTexts(`[${deep}, {"a":{"b":{"c":[[{}],[]]}}}]`)).toEqual([deep, '{"a":{"b":{"c":[[{}],[]]}}}']);
  });

  it('counts bytes, not characters, through multi-byte UTF-8', () => {
    const text = '{"data":[{"n":"café ☃ 😀"},{"n":"日本"}]}';
    const bytes = bytesOf(text);
    const result = scanJson(bytes);
    expect(result?.kind).toBe('object');
    const data = result?.kind === 'object' ? result.members[0] : undefined;
    expect(data?.elements?.map((s) => textOf(bytes, s))).toEqual(['{"n":"café ☃ 😀"}', '{"n":"日本"}']);
    // 'café ☃ 😀' is 9 characters but 14 bytes (é 2, ☃ 3, 😀 4); the record adds 8 bytes of `{"n":"` and `"}`.
    expect(data?.elements?.[0]).toEqual({ start: 9, end: 9 + 22, depth: 1 });
  });

  it('lists the members of a top-level object with their value spans, and the elements of array members', () => {
    const text = '{ "next_cursor" : "c1", "data": [ {"id":1}, {"id":2} ], "meta": {"data": [9]}, "e\\u0078": [] }';
    const bytes = bytesOf(text);
    const result = scanJson(bytes);
    if (result?.kind !== 'object') throw new Error('not an object');
    expect(
      result.members.map((m) => [m.key, textOf(bytes, m.value), m.elements?.map((s) => textOf(bytes, s)) ?? null]),
    ).toEqual([
      ['next_cursor', '"c1"', null],
      ['data', '[ {"id":1}, {"id":2} ]', ['{"id":1}', '{"id":2}']],
      ['meta', '{"data": [9]}', null],
      ['ex', '[]', []],
    ]);
  });

  it('keeps duplicate members in document order', () => {
    const result = scan('{"data":[1],"data":[2,3]}');
    expect(result?.kind === 'object' ? result.members.map((m) => [m.key, m.elements?.length]) : null).toEqual([
      ['data', 1],
      ['data', 2],
    ]);
  });

  it('scans only bytes[start, end)', () => {
    const bytes = bytesOf('xx[1,22]yy');
    const result = scanJson(bytes, 2, 8);
    expect(result?.kind === 'array' ? result.elements : null).toEqual([
      { start: 3, end: 4, depth: 0 },
      { start: 5, end: 7, depth: 0 },
    ]);
    expect(scanJson(bytes, 2, 7)).toBeNull();
  });

  it('says scalar for a document that is a single string, number or literal', () => {
    for (const text of ['"x"', ' 12 ', 'true', 'null']) expect(scan(text)).toEqual({ kind: 'scalar' });
  });
});

describe('scanJson verdict equals JSON.parse', () => {
  const valid = [
    '0',
    '-0',
    '1.5',
    '-1.5e-10',
    '1E+2',
    '1e5',
    '"\\u00e9\\/\\b\\f\\n\\r\\t"',
    '"\\ud800"',
    '"\u2028"',
    '"\u007f"',
    '{}',
    '{"":""}',
    '[[],{}]',
    ' \t\r\n[1] \n',
  ];
  const invalid = [
    '',
    ' ',
    '[',
    ']',
    '[1,]',
    '[,1]',
    '[1 2]',
    '{"a"}',
    '{"a":}',
    '{"a":1,}',
    '{a:1}',
    "{'a':1}",
    '{"a" 1}',
    '[01]',
    '[1.]',
    '[.5]',
    '[+1]',
    '[-]',
    '[1e]',
    '[1e+]',
    '[0x1]',
    '[tru]',
    '[True]',
    '[nul]',
    '[NaN]',
    '[Infinity]',
    '"\\x"',
    '"\\u12G4"',
    '"\\u123"',
    '"abc',
    '"tab\there"',
    '"new\nline"',
    '[1]]',
    '[1] [2]',
    '{"a":1}}',
    '[1]x',
    '\u00a0[1]',
    '[1]\u00a0',
    '\ufeff[1]',
    '[\u00e9]',
    '[1,\u0000]',
    '"\\',
    '{"a":1 "b":2}',
    '[/*c*/1]',
  ];

  it.each(valid)('accepts %j', (text) => {
    expect(parses(text)).toBe(true);
    expect(scan(text)).not.toBeNull();
  });

  it.each(invalid)('rejects %j', (text) => {
    expect(parses(text)).toBe(false);
    expect(scan(text)).toBeNull();
  });

  it('agrees with JSON.parse on thousands of damaged documents', () => {
    const next = random(20250101);
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      'u',
      '0',
      '1',
      '-',
      '.',
      'e',
      '+',
      ' ',
      '\n',
      '\t',
      'a',
      'é',
      'true',
      'null',
      '\\"',
      '\\u00',
      '\x01',
    ];
    const seedDoc = JSON.stringify(
      {
        data: [
          { id: 1, s: 'a"b\\c é', n: [-1.5e3, 0, true, null] },
          { e: {}, f: [] },
        ],
        next: 'x',
      },
      null,
      1,
    );
    let disagreements: string[] = [];
    for (let round = 0; round < 20000; round++) {
      let text = seedDoc;
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (text.length + 1));
        const piece = pieces[Math.floor(next() * pieces.length)] ?? '';
        const kind = next();
        if (kind < 0.4) text = text.slice(0, at) + piece + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1);
        else text = text.slice(0, at) + piece + text.slice(at + 1);
      }
      if (parses(text) !== (scan(text) !== null)) disagreements.push(text);
    }
    disagreements = disagreements.slice(0, 5);
    expect(disagreements).toEqual([]);
  });

  it('finds the same records as JSON.parse in valid documents', () => {
    const next = random(7);
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) return [1, -2.5e-3, 'x"\\\u00e9\ud83d\ude00', true, null, ''][Math.floor(next() * 6)];
      if (r < 0.65) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, k) => [`k${k}"`, value(depth + 1)]));
    };
    for (let round = 0; round < 300; round++) {
      const records = Array.from({ length: Math.floor(next() * 6) }, () => value(0));
      const text = JSON.stringify({ items: records, n: round }, null, round % 3);
      const bytes = bytesOf(text);
      const result = scanJson(bytes);
      if (result?.kind !== 'object') throw new Error('not an object');
      const items = result.members.find((m) => m.key === 'items');
      expect(items?.elements?.map((s) => JSON.parse(textOf(bytes, s)) as unknown)).toEqual(records);
    }
  });
});

describe('nestsDeeperThan', () => {
  const deeper = (text: string, limit: number) => nestsDeeperThan(bytesOf(text), 0, Buffer.byteLength(text), limit);

  it('counts the containers open at the deepest point, the record itself as 1', () => {
    expect(deeper('{}', 0)).toBe(true);
    expect(deeper('{}', 1)).toBe(false);
    expect(deeper('{"a":[{"b":[]}],"c":{}}', 4)).toBe(false);
    expect(deeper('{"a":[{"b":[]}],"c":{}}', 3)).toBe(true);
    expect(deeper('[[],[],[[]]]', 3)).toBe(false);
  });

  it('skips brackets inside strings, escaped quotes and backslashes included', () => {
    expect(deeper(JSON.stringify({ a: '[[[{{{', b: '\\"[[[', c: '\\\\', d: ['x'] }), 2)).toBe(false);
    expect(deeper(JSON.stringify({ a: '\\', b: [[1]] }), 2)).toBe(true);
  });

  it('agrees with the depth scanJson gives each record of a document', () => {
    const records = ['{}', '[]', '1', '"[{["', '{"a":[{"b":[]}],"c":{}}', '[[],[[["x"]]]]', '{"s":"}}}","t":[1]}'];
    for (const text of [`[${records.join(',')}]`, `{"Records":[${records.join(',')}],"x":[[[[[]]]]]}`]) {
      const bytes = bytesOf(text);
      const result = scanJson(bytes);
      const elements =
        result?.kind === 'array' ? result.elements : result?.kind === 'object' ? result.members[0]?.elements : null;
      expect(elements?.map((e) => e.depth)).toEqual([1, 1, 0, 0, 4, 4, 2]);
      for (const { start, end, depth } of elements ?? []) {
        expect(nestsDeeperThan(bytes, start, end, depth)).toBe(false);
        expect(nestsDeeperThan(bytes, start, end, depth - 1)).toBe(depth > 0);
      }
    }
  });

  it('scans 100 000 levels without recursion', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(deeper(text, 128)).toBe(true);
    expect(deeper(text, 100_000)).toBe(false);
  });
});
