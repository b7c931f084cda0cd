// The Sigma engine against real DuckDB: every selection shape, modifier and condition form of the specification's
// detection part, on generic-format records whose raw JSON the rules read.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileSigma } from '../../../../../../src/main/core/detections/sigma/compile';
import type { CaseStore } from '../../../../../../src/main/core/store/case-store';
import { caseWithRecords, closeAll } from '../../../../../helpers/case';
import { genericRecord } from '../../../../../helpers/records';
import { flagged, genericRule, refusal, runRule } from '../../../../../helpers/sigma';
import { runRuleQuery } from '../../../../../../src/main/core/store/findings-repo';
import { queryRows } from '../../../../../../src/main/core/store/sql';

const RECORDS = [
  genericRecord(1, {
    id: 'e1',
    action: 'user.signed_in',
    ip_address: '203.0.113.5',
    user_agent: 'Mozilla/5.0 (X11)',
    metadata: { records: 5000, note: 'Quarterly Export', tags: ['red', 'blue'], mfa: true, gone: null, empty: '' },
  }),
  genericRecord(2, {
    id: 'e2',
    action: 'export.created',
    ip_address: '2001:db8::42',
    user_agent: 'curl/8.0',
    metadata: { records: 10, note: 'a*b?c', path: 'C:\\Windows\\System32', mfa: false },
  }),
  genericRecord(3, {
    id: 'e3',
    action: 'User.Signed_In',
    ip_address: '198.51.100.7',
    metadata: { records: '700', note: `O'Brien paid $1 "cash"`, mfa: 'yes' },
  }),
  genericRecord(4, { id: 'e4', action: 'api_key.created', ip_address: null, user_agent: 'Go-http-client/1.1' }),
  genericRecord(5, {
    id: 'e5',
    action: 'role.granted',
    ip_address: '10.20.30.40',
    metadata: { note: 'axxc', owner: 'usr_5' },
  }),
];

let store: CaseStore;
beforeEach(async () => {
  store = await caseWithRecords(RECORDS, { tenantId: 'acme' });
});
afterEach(() => closeAll());

const rule = (detection: string) => flagged(store, genericRule(detection));

describe('the rule file', () => {
  it('compiles every document of a multi-document file, with its metadata and the SHA-256 of its own text', () => {
    const first = genericRule('sel:\n  action: user.signed_in\ncondition: sel');
    const second = `title: Second\nlogsource: {product: generic}\ndescription: two\ntags: [attack.t1078, attack.initial_access]\ndetection:\n  sel: {action: x}\n  condition: sel\n`;
    const { rules, unsupported } = compileSigma(`${first}---\n${second}`, 'pack/two.yml');
    expect(unsupported).toEqual([]);
    expect(rules.map((r) => [r.id, r.title, r.level, r.origin, r.file])).toEqual([
      ['5d5c7a1e-0000-4000-8000-000000000001', 'test rule', 'high', 'sigma', 'pack/two.yml'],
      [expect.stringMatching(/^sigma:[0-9a-f]{16}$/), 'Second', 'medium', 'sigma', 'pack/two.yml'],
    ]);
    expect(rules[1]?.tags).toEqual(['attack.t1078', 'attack.initial_access']);
    expect(rules[1]?.description).toBe('two');
    expect(rules[0]?.version).toBe(createHash('sha256').update(first).digest('hex'));
  });

  it('reports a YAML syntax error with the file and the line, and still compiles the file’s good documents', () => {
    const good = genericRule('sel:\n  action: x\ncondition: sel');
    const { rules, unsupported } = compileSigma(`${good}---\ntitle: broken\ndetection:\n  sel: [a, b\n`, 'bad.yml');
    expect(rules).toHaveLength(1);
    expect(unsupported).toHaveLength(1);
    expect(unsupported[0]?.reason).toMatch(/^bad\.yml:1[0-9]: YAML syntax error/);
  });

  it('reports a key repeated in one map with its line (YAML would keep only the last)', () => {
    const reason = refusal(genericRule('sel:\n  action: a\n  action: b\ncondition: sel'));
    expect(reason).toBe('rule.yml:9: the key `action` is repeated in one map');
  });

  it('names the file and line of the detection a refused rule trips on', () => {
    const reason = refusal(
      genericRule('sel:\n  action: x\nother:\n  note|base64offset|contains: abc\ncondition: sel or other'),
    );
    expect(reason).toMatch(
      /^rule\.yml:9: detection `other`, field `note\|base64offset\|contains`: modifier `base64offset`/,
    );
  });

  it('groups what a rule flags per tenant and actor, the uids oldest first', async () => {
    const { rules } = compileSigma(genericRule('sel:\n  action|startswith: user.\ncondition: sel'), null);
    const findings = await runRule(store, rules[0]!);
    // genericRecord gives actor usr_(n % 7): e1 and e3 have actors usr_1 and usr_3.
    expect(findings.sort((a, b) => String(a.subject).localeCompare(String(b.subject)))).toEqual([
      { tenant_id: 'acme', subject: 'usr_1', uids: ['e1'] },
      { tenant_id: 'acme', subject: 'usr_3', uids: ['e3'] },
    ]);
  });

  it("gives each finding its first and last event's time, as the case holds them", async () => {
    const { rules } = compileSigma(genericRule('sel:\n  action|startswith: ""\ncondition: sel'), null);
    const rows = await runRuleQuery(store, rules[0]!, new AbortController().signal);
    const times = new Map(
      (
        await queryRows(
          store.connection,
          `SELECT uid, strftime(occurred_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS at FROM events`,
        )
      ).map((r) => [r['uid'], String(r['at'])]),
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const at = row.uids.map((uid) => times.get(uid) ?? 'missing').sort();
      expect([row.firstAt, row.lastAt]).toEqual([at[0], at[at.length - 1]]);
    }
  });
});

describe('selections', () => {
  it('a map is an AND of its fields', async () => {
    expect(await rule('sel:\n  action: user.signed_in\n  ip_address: 203.0.113.5\ncondition: sel')).toEqual(['e1']);
    expect(await rule('sel:\n  action: user.signed_in\n  ip_address: 10.0.0.1\ncondition: sel')).toEqual([]);
  });

  it('a list of maps is an OR of them', async () => {
    expect(await rule('sel:\n  - action: export.created\n  - ip_address: 10.20.30.40\ncondition: sel')).toEqual([
      'e2',
      'e5',
    ]);
  });

  it('a list of values is an OR, and `|all` an AND', async () => {
    expect(await rule('sel:\n  action: [export.created, role.granted, nope, nope2]\ncondition: sel')).toEqual([
      'e2',
      'e5',
    ]);
    expect(await rule('sel:\n  metadata.note|contains|all: [quarterly, export]\ncondition: sel')).toEqual(['e1']);
    expect(await rule('sel:\n  metadata.note|contains|all: [quarterly, cash]\ncondition: sel')).toEqual([]);
  });

  it('null matches an absent or null field, and an empty string only itself', async () => {
    expect(await rule('sel:\n  metadata.gone: null\n  action: user.signed_in\ncondition: sel')).toEqual(['e1', 'e3']);
    expect(await rule('sel:\n  metadata.empty: ""\ncondition: sel')).toEqual(['e1']);
  });

  it('keywords match anywhere in the raw record, case-insensitively, `"` and `\\` as the JSON text writes them', async () => {
    expect(await rule('keywords:\n  - QUARTERLY\n  - go-http\ncondition: keywords')).toEqual(['e1', 'e4']);
    expect(await rule('keywords:\n  - \'paid $1 "cash"\'\ncondition: keywords')).toEqual(['e3']);
    expect(await rule("keywords:\n  - 'C:\\Windows\\System32'\ncondition: keywords")).toEqual(['e2']);
    expect(await rule("keywords:\n  '|all': [quarterly, '203.0.113.*']\ncondition: keywords")).toEqual(['e1']);
  });
});

describe('modifiers', () => {
  it('plain values match whole and case-insensitively; `cased` makes them case-sensitive', async () => {
    expect(await rule('sel:\n  action: USER.SIGNED_IN\ncondition: sel')).toEqual(['e1', 'e3']);
    expect(await rule('sel:\n  action|cased: User.Signed_In\ncondition: sel')).toEqual(['e3']);
    expect(await rule('sel:\n  action: user.signed\ncondition: sel')).toEqual([]);
  });

  it('contains, startswith, endswith', async () => {
    expect(await rule('sel:\n  user_agent|contains: HTTP\ncondition: sel')).toEqual(['e4']);
    expect(await rule('sel:\n  user_agent|startswith: mozilla/5.0 (x\ncondition: sel')).toEqual(['e1']);
    expect(await rule('sel:\n  user_agent|endswith: /1.1\ncondition: sel')).toEqual(['e4']);
  });

  it('wildcards * and ? with \\ escapes; LIKE’s own % and _ are literal', async () => {
    expect(await rule('sel:\n  action: "*.sign?d_in"\ncondition: sel')).toEqual(['e1', 'e3']);
    expect(await rule('sel:\n  metadata.note: a?c\ncondition: sel')).toEqual([]);
    expect(await rule('sel:\n  metadata.note: a*c\ncondition: sel')).toEqual(['e2', 'e5']);
    expect(await rule('sel:\n  metadata.note: a\\*b\\?c\ncondition: sel')).toEqual(['e2']);
    expect(await rule('sel:\n  action: api%key.created\ncondition: sel')).toEqual([]);
    expect(await rule('sel:\n  action: api_key.created\ncondition: sel')).toEqual(['e4']);
    // A backslash before anything but *, ? and \\ is itself (Windows paths); `\\*` is a backslash, then a wildcard.
    expect(await rule('sel:\n  metadata.path: C:\\Windows\\Sys*\ncondition: sel')).toEqual(['e2']);
    expect(await rule('sel:\n  metadata.path: C:\\Windows\\*\ncondition: sel')).toEqual([]);
    expect(await rule('sel:\n  metadata.path: C:\\Windows\\\\*\ncondition: sel')).toEqual(['e2']);
  });

  it('re is RE2, case-sensitive unless |i; patterns RE2 refuses are reported', async () => {
    expect(await rule("sel:\n  action|re: '^[a-z]+\\.sign'\ncondition: sel")).toEqual(['e1']);
    expect(await rule("sel:\n  action|re|i: '^[a-z]+\\.sign'\ncondition: sel")).toEqual(['e1', 'e3']);
    expect(refusal(genericRule("sel:\n  action|re: '(?<=user)\\.signed'\ncondition: sel"))).toMatch(/lookaround/);
  });

  it('cidr matches IPv4 and IPv6 blocks, and refuses what is not a block', async () => {
    expect(await rule('sel:\n  ip_address|cidr: 203.0.113.0/24\ncondition: sel')).toEqual(['e1']);
    expect(await rule('sel:\n  ip_address|cidr: [10.0.0.0/8, 198.51.100.0/29]\ncondition: sel')).toEqual(['e3', 'e5']);
    expect(await rule('sel:\n  ip_address|cidr: 2001:db8::/32\ncondition: sel')).toEqual(['e2']);
    expect(await rule('sel:\n  ip_address|cidr: 2001:db9::/32\ncondition: sel')).toEqual([]);
    expect(refusal(genericRule('sel:\n  ip_address|cidr: 10.0.0.0/33\ncondition: sel'))).toMatch(/not a CIDR block/);
  });

  it('exists: true when the field is present and not null', async () => {
    expect(await rule('sel:\n  metadata.mfa|exists: true\ncondition: sel')).toEqual(['e1', 'e2', 'e3']);
    expect(await rule('sel:\n  metadata.records|exists: false\ncondition: sel')).toEqual(['e4', 'e5']);
  });

  it('numbers match a number or its text; gt, gte, lt, lte compare numbers; booleans match JSON booleans', async () => {
    expect(await rule('sel:\n  metadata.records: 700\ncondition: sel')).toEqual(['e3']);
    expect(await rule('sel:\n  metadata.records|gte: 700\ncondition: sel')).toEqual(['e1', 'e3']);
    expect(await rule('sel:\n  metadata.records|lt: 700\ncondition: sel')).toEqual(['e2']);
    expect(await rule('sel:\n  metadata.mfa: true\ncondition: sel')).toEqual(['e1']);
    expect(await rule('sel:\n  metadata.mfa: false\ncondition: sel')).toEqual(['e2']);
  });

  it('fieldref: equal to another field of the same event', async () => {
    // e5 (actor usr_5, as genericRecord gives) names usr_5 as the owner in its metadata.
    expect(await rule('sel:\n  actor.id|fieldref: metadata.owner\ncondition: sel')).toEqual(['e5']);
    expect(await rule('sel:\n  actor.id|fieldref: target.id\ncondition: sel')).toEqual([]);
  });

  it.each([
    ['base64offset', /modifier `base64offset` \(base64-encoded values\) is not supported/],
    ['windash', /modifier `windash`/],
    ['expand', /modifier `expand`/],
    ['fieldref|contains', /modifiers `fieldref` and `contains` together/],
    ['utf16le', /modifier `utf16le`/],
    ['frobnicate', /unknown modifier `frobnicate`/],
  ])('modifier %s is reported, not skipped', (modifier, reason) => {
    expect(refusal(genericRule(`sel:\n  action|${modifier}|contains: x\ncondition: sel`))).toMatch(reason);
  });
});

describe('conditions', () => {
  const searches = `a:\n  action: user.signed_in\nb:\n  ip_address: 198.51.100.7\nc:\n  action: export.created\n_hidden:\n  action: role.granted\n`;
  it.each([
    ['a and b', ['e3']],
    ['a and not b', ['e1']],
    ['a or c', ['e1', 'e2', 'e3']],
    ['not a and not c', ['e4', 'e5']],
    ['c or a and b', ['e2', 'e3']],
    ['(c or a) and not b', ['e1', 'e2']],
    ['not (a or c)', ['e4', 'e5']],
    ['1 of them', ['e1', 'e2', 'e3']],
    ['all of them', []],
    ['1 of _*', ['e5']],
    ['all of a*', ['e1', 'e3']],
    ['1 of a* or 1 of c', ['e1', 'e2', 'e3']],
    ['all of them or _hidden', ['e5']],
    ['NOT a AND b', []],
  ])('%s', async (condition, expected) => {
    expect(await rule(`${searches}condition: ${condition}`)).toEqual(expected);
  });

  it('the old syntax’s list of conditions is an OR of them', async () => {
    expect(await rule(`${searches}condition:\n  - c\n  - a and b`)).toEqual(['e2', 'e3']);
  });

  it.each([
    ['sel | count() by actor > 5', /aggregations in the condition/],
    ['sel near other', /near/],
    ['2 of sel*', /`2 of` is not supported/],
    ['sel and nothing', /names `nothing`, which `detection` does not define/],
    ['1 of nothing*', /matches no search identifier/],
    ['sel and (sel', /not closed/],
    ['sel sel', /left over/],
  ])('%s is reported', (condition, reason) => {
    expect(refusal(genericRule(`sel:\n  action: x\ncondition: ${condition}`))).toMatch(reason);
  });
});

describe('what a rule cannot run on is reported with its reason', () => {
  it.each([
    ['logsource:\n  product: m365\n', /product `m365` has no format/],
    ['logsource:\n  product: aws\n  service: guardduty\n', /service `guardduty` of product `aws`/],
    ['logsource:\n  category: process_creation\n  product: windows\n', /category `process_creation`/],
    ['', /no `logsource`/],
  ])('%s', (logsource, reason) => {
    const text = `title: t\n${logsource}detection:\n  sel:\n    action: x\n  condition: sel\n`;
    expect(refusal(text)).toMatch(reason);
  });

  it('a correlation rule, a rule collection, a rule without title or with a bad level', () => {
    expect(refusal('title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n')).toMatch(/correlation/);
    expect(refusal('action: global\ntitle: g\n')).toMatch(/rule collections/);
    expect(refusal('logsource: {product: generic}\ndetection: {sel: {action: x}, condition: sel}\n')).toMatch(
      /no `title`/,
    );
    expect(refusal(genericRule('sel: {action: x}\ncondition: sel').replace('level: high', 'level: urgent'))).toMatch(
      /level `urgent`/,
    );
  });

  it('names the rule it refuses', () => {
    const { unsupported } = compileSigma(genericRule('sel:\n  action|windash: x\ncondition: sel'), 'w.yml');
    expect(unsupported).toEqual([
      {
        file: 'w.yml',
        id: '5d5c7a1e-0000-4000-8000-000000000001',
        title: 'test rule',
        reason: expect.stringContaining('windash'),
      },
    ]);
  });
});
