// The text scanner that canonicalizes records for the chain check must agree, byte for byte, with the reference
// (canonicalJson of JSON.parse, the `canonicalize` package) on every input, or decline (null) and leave it to the
// slow path: random JSON texts written in every way JSON allows (escapes, number spellings, spaces, key orders).
import { describe, expect, it } from 'vitest';
import { canonicalTextWithout, canonicalWithout } from '../../../../../src/main/core/formats/canonical-text';
import { canonicalJson } from '../../../../../src/main/core/formats/record-hash';

const CHAIN = new Set(['chain']);

function reference(text: string, leave: string): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  const rest = { ...value };
  delete rest[leave];
  return canonicalJson(rest);
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['id', 'a', 'B', 'b', 'é', '€', '\u{1F600}', '10', '9', '', 'chain', 'a\nb', '__proto__', 'Z', 'aa'];
const STRINGS = ['', 'plain', 'with "quote"', 'back\\slash', 'tab\there', 'é€\u{1F600}', '\u2028', '\u0000', '/'];
const NUMBERS = ['0', '-0', '1', '-1', '1.0', '1.50', '1e2', '1E+2', '1e-7', '0.1', '123456789012345678901', '2e308'];

function spell(rnd: () => number, text: string): string {
  // The same string as JSON text, with some characters escaped in one of the ways JSON allows.
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const r = rnd();
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else if (ch === '/' && r < 0.5) out += '\\/';
    else if (r < 0.2 && code < 0x10000)
      out += '\\u' + code.toString(16).padStart(4, '0')[r < 0.1 ? 'toUpperCase' : 'toLowerCase']();
    else out += ch;
  }
  return out + '"';
}

function space(rnd: () => number): string {
  const r = rnd();
  return r < 0.8 ? '' : r < 0.9 ? ' ' : '\n  ';
}

function value(rnd: () => number, depth: number): string {
  const r = rnd();
  if (depth < 3 && r < 0.25) return object(rnd, depth + 1, false);
  if (depth < 3 && r < 0.35) {
    const n = Math.floor(rnd() * 4);
    return '[' + Array.from({ length: n }, () => space(rnd) + value(rnd, depth + 1) + space(rnd)).join(',') + ']';
  }
  if (r < 0.6) return spell(rnd, STRINGS[Math.floor(rnd() * STRINGS.length)] as string);
  if (r < 0.85) return NUMBERS[Math.floor(rnd() * NUMBERS.length)] as string;
  return ['true', 'false', 'null'][Math.floor(rnd() * 3)] as string;
}

function object(rnd: () => number, depth: number, top: boolean): string {
  const n = Math.floor(rnd() * (top ? 8 : 4));
  const members = Array.from({ length: n }, () => {
    const key = KEYS[Math.floor(rnd() * KEYS.length)] as string;
    return space(rnd) + spell(rnd, key) + space(rnd) + ':' + space(rnd) + value(rnd, depth);
  });
  return '{' + members.join(',') + space(rnd) + '}';
}

describe('canonicalTextWithout', () => {
  it('agrees with the reference on random JSON texts, or declines', () => {
    const rnd = random(15);
    let fast = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = space(rnd) + object(rnd, 0, true) + space(rnd);
      let expected: string | Error;
      try {
        expected = reference(text, 'chain');
      } catch (error) {
        expected = error as Error;
      }
      const got = canonicalTextWithout(text, CHAIN);
      if (got !== null) {
        fast++;
        expect(got, text).toBe(expected);
      }
      if (expected instanceof Error) expect(() => canonicalWithout(text, CHAIN), text).toThrow();
      else expect(canonicalWithout(text, CHAIN), text).toBe(expected);
    }
    // Many take the fast path (the others hold a duplicate key, a line break or 2e308, which it declines).
    expect(fast).toBeGreaterThan(700);
  });

  it('takes the fast path for an ordinary record, and leaves out only the top-level member', () => {
    const text = JSON.stringify({
      id: 'e1',
      occurred_at: '2025-01-01T00:00:00.000Z',
      actor: { name: 'Zoë', id: 'u1', chain: 'kept: not top-level' },
      metadata: { z: 1.5, a: [1, 'two', null, { y: true, b: false }] },
      chain: { seq: 1, prev: '0'.repeat(64), hash: 'f'.repeat(64) },
    });
    expect(canonicalTextWithout(text, CHAIN)).toBe(reference(text, 'chain'));
    expect(canonicalTextWithout(text, CHAIN)).toBe(
      '{"actor":{"chain":"kept: not top-level","id":"u1","name":"Zoë"},"id":"e1",' +
        '"metadata":{"a":[1,"two",null,{"b":false,"y":true}],"z":1.5},"occurred_at":"2025-01-01T00:00:00.000Z"}',
    );
  });

  it('leaves out every member named, and only at the top level', () => {
    const text = '{"b":{"sig":1},"sig":"x","n":2,"seq":3}';
    expect(canonicalTextWithout(text, new Set(['sig', 'seq']))).toBe('{"b":{"sig":1},"n":2}');
    expect(canonicalWithout('{"b":{"sig":1},"sig":"x", "n":2,"n":3}', new Set(['sig', 'seq']))).toBe(
      '{"b":{"sig":1},"n":3}',
    );
  });

  it('declines what it must not decide: duplicate keys, raw control characters, lone surrogates, not an object', () => {
    for (const text of ['{"a":1,"a":2}', '{"a":"x\ty"}', '{"a":"\\ud800"}', '[1]', '{"a":1} x', '{"a":1e400}']) {
      expect(canonicalTextWithout(text, CHAIN), text).toBeNull();
    }
    // The slow path then answers as JSON.parse and canonicalize do: the last duplicate wins; the rest throw.
    expect(canonicalWithout('{"a":1,"a":2}', CHAIN)).toBe('{"a":2}');
    expect(() => canonicalWithout('{"a":"\\ud800"}', CHAIN)).toThrow();
    expect(() => canonicalWithout('[1]', CHAIN)).toThrow();
  });
});
