// Rule files are written by other people. Hostile values travel as parameters and match literally; shapes the
// engine will not run (a regex RE2 refuses, nesting past the limit, alias bombs) are reported, never thrown or run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileSigma } from '../../../../../../src/main/core/detections/sigma/compile';
import { re2Problem } from '../../../../../../src/main/core/store/sigma/regex';
import type { CaseStore } from '../../../../../../src/main/core/store/case-store';
import { queryRows } from '../../../../../../src/main/core/store/sql';
import { caseWithRecords, closeAll } from '../../../../../helpers/case';
import { genericRecord } from '../../../../../helpers/records';
import { flagged, genericRule, refusal, runRule } from '../../../../../helpers/sigma';

const NASTY = `x'); DROP TABLE events; -- $1 $$ \\'`;
let store: CaseStore;
beforeEach(async () => {
  store = await caseWithRecords(
    [
      genericRecord(1, { id: 'e1', action: NASTY, metadata: { "we'ird $key": 'v' } }),
      genericRecord(2, { id: 'e2', action: 'plain' }),
    ],
    { tenantId: 'acme' },
  );
});
afterEach(() => closeAll());

const count = async () => (await queryRows(store.connection, 'SELECT count(*)::INTEGER AS n FROM events'))[0]?.['n'];

describe('hostile rule files', () => {
  it('SQL quotes and $ in values and field names are matched literally, never spliced into the SQL', async () => {
    const yaml = genericRule(`sel:\n  action: ${JSON.stringify(NASTY)}\ncondition: sel`);
    const { rules } = compileSigma(yaml, 'x.yml');
    expect(rules[0]?.sql).not.toContain('DROP');
    expect(await flagged(store, yaml)).toEqual(['e1']);
    expect(
      await flagged(store, genericRule(`keywords:\n  - ${JSON.stringify("'); DROP")}\ncondition: keywords`)),
    ).toEqual(['e1']);
    expect(await flagged(store, genericRule(`sel:\n  "metadata.we'ird $key": v\ncondition: sel`))).toEqual(['e1']);
    expect(await count()).toBe(2);
  });

  it('a field name a JSON path cannot hold is reported', () => {
    expect(refusal(genericRule(`sel:\n  'metadata.a"b': v\ncondition: sel`))).toMatch(/a key with `"`/);
  });

  it('a huge list of values runs as one IN list', async () => {
    const values = Array.from({ length: 5000 }, (_, i) => `action.${i}`).concat('plain');
    expect(await flagged(store, genericRule(`sel:\n  action: ${JSON.stringify(values)}\ncondition: sel`))).toEqual([
      'e2',
    ]);
  });

  it('10 000 selections under `1 of selection_*` compile and run', async () => {
    const searches = Array.from({ length: 10_000 }, (_, i) => `selection_${i}:\n  action: value_${i}`).join('\n');
    const yaml = genericRule(`${searches}\nselection_last:\n  action: plain\ncondition: 1 of selection_*`);
    expect(await flagged(store, yaml)).toEqual(['e2']);
  });

  it('more values than the limit are reported, not run', () => {
    const values = Array.from({ length: 25_000 }, (_, i) => `v${i}`);
    expect(refusal(genericRule(`sel:\n  action: ${JSON.stringify(values)}\ncondition: sel`))).toMatch(
      /more than 20000/,
    );
  });

  it('a condition nested past the limit is reported', () => {
    const condition = `${'('.repeat(200)}sel${')'.repeat(200)}`;
    expect(refusal(genericRule(`sel:\n  action: x\ncondition: ${condition}`))).toMatch(/nested deeper than 64/);
    const nots = `${'not '.repeat(200)}sel`;
    expect(refusal(genericRule(`sel:\n  action: x\ncondition: ${nots}`))).toMatch(/nested deeper/);
  });

  it('a nested map as a value, deep YAML and an alias bomb are reported', () => {
    expect(refusal(genericRule('sel:\n  action:\n    deeper: {x: {y: 1}}\ncondition: sel'))).toMatch(
      /a value that is a map/,
    );
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    const deep = compileSigma(`title: x\ndetection: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'deep.yml');
    expect(deep.rules).toEqual([]);
    expect(deep.unsupported[0]?.reason).toMatch(/^deep\.yml:2: YAML syntax error/);
    const { rules, unsupported } = compileSigma(bomb, 'bomb.yml');
    expect(rules).toEqual([]);
    expect(unsupported[0]?.reason).toMatch(/^bomb\.yml:1: .*alias/i);
  });

  it('a regex DuckDB rejects is reported with what RE2 lacks; one it accepts runs', async () => {
    expect(refusal(genericRule("sel:\n  action|re: '(a)\\1'\ncondition: sel"))).toMatch(/backreference/);
    expect(refusal(genericRule("sel:\n  action|re: 'a{1001}'\ncondition: sel"))).toMatch(/repeat count above 1000/);
    expect(refusal(genericRule("sel:\n  action|re: 'a++'\ncondition: sel"))).toMatch(/possessive/);
    expect(await flagged(store, genericRule("sel:\n  action|re: '^p(?:la|xx)in$'\ncondition: sel"))).toEqual(['e2']);
  });

  it('the RE2 check agrees with DuckDB on every pattern of this list', async () => {
    const patterns = [
      'abc',
      '^a.*z$',
      '(?i)abc',
      '(?is)a.b',
      '(?i:ab)c',
      '(?P<n>a)',
      '(?<n>a)',
      '(?:a|b)+?',
      'a{2,5}',
      'a{1000}',
      'a{1001}',
      'a{,3}',
      'a{3,2}',
      '(a)\\1',
      '(?=a)',
      '(?!a)',
      '(?<=a)b',
      '(?<!a)b',
      '(?>a)',
      'a*+',
      'a++',
      '**',
      '*a',
      '+a',
      'a|*b',
      '(a',
      'a)',
      '[a-z]',
      '[z-a]',
      '[]a]',
      '[^]a]',
      '[a',
      '[[:alpha:]]',
      '[[:nope:]]',
      '\\d\\w\\s\\b',
      '\\Z',
      '\\z',
      '\\A',
      '\\G',
      '\\h',
      '\\R',
      '\\K',
      '\\Qa.b\\E',
      '\\x41',
      '\\x{263a}',
      '\\pL',
      '\\p{Greek}',
      '\\p{Nope}',
      '\\',
      'a\\',
      '\\.\\*\\[',
      '(?#comment)',
      '(?U)a+',
      '(?x)a b',
      '[\\d-z]',
      'a{2}{3}',
      '\\0',
      '\\8',
      '\\e',
      'x{',
      '{1}',
      '^*',
      '$+',
    ];
    const disagreements: string[] = [];
    for (const pattern of patterns) {
      let duckdb = true;
      try {
        await queryRows(store.connection, 'SELECT regexp_matches($1, $2)', ['abc', pattern]);
      } catch {
        duckdb = false;
      }
      const ours = re2Problem(pattern) === null;
      if (ours !== duckdb) disagreements.push(`${pattern}: DuckDB ${duckdb ? 'accepts' : 'rejects'}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('a rule that compiled runs without error against the case', async () => {
    const { rules } = compileSigma(genericRule('sel:\n  action|contains: "%_\\\\"\ncondition: sel'), null);
    expect(await runRule(store, rules[0]!)).toEqual([]);
  });
});
