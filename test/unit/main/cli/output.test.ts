// Security regression (issue 14 item 6): terminal escapes. Field values reached the terminal raw; printable() shows
// every control character and bidi control as a visible escape, and jsonLine() leaves none raw in JSON either.
import { describe, expect, it } from 'vitest';
import { jsonLine, printable, printableLayout, progressText } from '../../../../src/main/cli/output';

describe('printable', () => {
  it.each([
    ['\x1b]52;c;cm0gLXJmIH4K\x07', '\\x1b]52;c;cm0gLXJmIH4K\\x07'],
    ['\x1b[2J\x1b[H', '\\x1b[2J\\x1b[H'],
    ['\x1b]8;;https://attacker.example/\x07x\x1b]8;;\x07', '\\x1b]8;;https://attacker.example/\\x07x\\x1b]8;;\\x07'],
    ['a\nb\rc\td', 'a\\nb\\rc\\td'],
    ['\x00\x08\x7f', '\\x00\\x08\\x7f'],
    ['\x80\x9b31m\x9f', '\\x80\\x9b31m\\x9f'],
    ['\u202aa\u202bb\u202cc\u202dd\u202ee', '\\u202aa\\u202bb\\u202cc\\u202dd\\u202ee'],
    ['\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['\u2028\u2029', '\\u2028\\u2029'],
  ])('shows %j as %s', (raw, shown) => {
    expect(printable(raw)).toBe(shown);
  });

  it('leaves ordinary text, backslashes and non-Latin scripts as they are, and is idempotent', () => {
    for (const text of ['alice@acme.io', 'C:\\Users\\x', 'naïve — ✓ 日本語 עברית العربية', '\u00a0\u00ff']) {
      expect(printable(text)).toBe(text);
    }
    const once = printable('\x1b[2J\u202e\n');
    expect(printable(once)).toBe(once);
  });
});

describe('printableLayout', () => {
  it("keeps the caller's line breaks and tabs and shows every other control", () => {
    expect(printableLayout('a\tb\nc\x1b[2J\r\u202e')).toBe('a\tb\nc\\x1b[2J\\r\\u202e');
  });
});

describe('jsonLine', () => {
  it('writes DEL, C1 and bidi controls as \\u escapes, the same JSON to a reader', () => {
    const value = { a: '\x7f\x9b31m\u202e\u2066', b: ['\x1b\x07'], c: 1 };

    const line = jsonLine(value);

    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e\u2066]/);
    expect(line).toContain('\\u202e');
    expect(JSON.parse(line)).toEqual(value);
  });
});

describe('progressText', () => {
  const progress = {
    phase: 'downloading',
    done: 3,
    total: 10,
    events: 12_345,
    bytes: 2 * 1024 * 1024,
    fraction: 0.3,
    rate: 1500.4,
    etaSeconds: 90,
  };

  it('says what a job does, how far, how fast and how long to go, leaving out what it does not know', () => {
    expect(progressText(progress, 'api-1')).toBe(
      'api-1: downloading · 3/10 · 30% · 12,345 events · 2.0 MiB · 1,500/s · ETA 1 min 30 s',
    );
    expect(
      progressText({ ...progress, total: null, fraction: null, events: 0, bytes: 0, rate: 0, etaSeconds: null }),
    ).toBe('downloading');
    expect(progressText({ ...progress, lagSeconds: 65, lastIssue: 'HTTP 429, retrying' })).toContain(
      'lag 1 min 5 s · (HTTP 429, retrying)',
    );
  });

  it('shows a phase, label or issue from a server as text, never as terminal escapes', () => {
    const line = progressText({ ...progress, phase: 'page \x1b[2J', lastIssue: '\x1b]52;c;eA==\x07' }, 'src\u202e');
    for (const raw of ['\x1b', '\x07', '\u202e']) expect(line).not.toContain(raw);
    expect(line).toContain('src\\u202e: page \\x1b[2J');
  });
});
