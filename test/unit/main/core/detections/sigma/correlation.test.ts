// Sigma correlation rules (event_count, value_count, temporal) compiled to one SQL statement with the base rules of
// their file, run against real DuckDB: sliding windows per group, the events of each window that meets the threshold.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileSigma } from '../../../../../../src/main/core/detections/sigma/compile';
import type { CaseStore } from '../../../../../../src/main/core/store/case-store';
import { caseWithRecords, closeAll } from '../../../../../helpers/case';
import { genericRecord } from '../../../../../helpers/records';
import { refusal, runRule } from '../../../../../helpers/sigma';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1) + minute * 60_000).toISOString();
const event = (id: string, minute: number, actor: string, action: string, ip = '203.0.113.1') =>
  genericRecord(0, { id, occurred_at: at(minute), action, actor: { id: actor, type: 'user' }, ip_address: ip });

const RECORDS = [
  // u1: five failures in four minutes (a burst); u2: five failures an hour apart; u3: two.
  ...[0, 1, 2, 3, 4].map((m) => event(`u1-f${m}`, m, 'u1', 'user.login_failed', `198.51.100.${m}`)),
  ...[0, 60, 120, 180, 240].map((m) => event(`u2-f${m}`, m, 'u2', 'user.login_failed')),
  event('u3-f0', 10, 'u3', 'user.login_failed'),
  event('u3-f1', 11, 'u3', 'user.login_failed'),
  // u4 disables MFA and exports 20 minutes later; u5 exports two days after disabling it.
  event('u4-mfa', 300, 'u4', 'user.mfa_disabled'),
  event('u4-exp', 320, 'u4', 'export.created'),
  event('u5-mfa', 300, 'u5', 'user.mfa_disabled'),
  event('u5-exp', 3200, 'u5', 'export.created'),
];

let store: CaseStore;
beforeEach(async () => {
  store = await caseWithRecords(RECORDS, { tenantId: 'acme' });
});
afterEach(() => closeAll());

const FAILED = `title: Failed login
name: failed_login
id: 11111111-0000-4000-8000-000000000001
logsource:
  product: generic
detection:
  selection:
    action: user.login_failed
  condition: selection
`;

async function findings(yaml: string) {
  const { rules, unsupported } = compileSigma(yaml, 'c.yml');
  expect(unsupported).toEqual([]);
  return { rules, results: await Promise.all(rules.map((r) => runRule(store, r))) };
}

describe('Sigma correlation rules', () => {
  it('event_count: a burst per actor within the timespan, the base rule silent on its own', async () => {
    const yaml = `${FAILED}---
title: Burst of failed logins
id: 22222222-0000-4000-8000-000000000002
level: high
correlation:
  type: event_count
  rules: [failed_login]
  group-by: [actor.id]
  timespan: 10m
  condition:
    gte: 5
`;
    const { rules, results } = await findings(yaml);
    expect(rules.map((r) => r.title)).toEqual(['Burst of failed logins']);
    expect(results[0]).toEqual([
      { tenant_id: 'acme', subject: 'u1', uids: ['u1-f0', 'u1-f1', 'u1-f2', 'u1-f3', 'u1-f4'] },
    ]);
  });

  it('event_count with gt, and `generate: true` keeps the base rule reporting too', async () => {
    const yaml = `${FAILED}---
title: More than one failure
correlation:
  type: event_count
  rules: failed_login
  group-by: actor.id
  timespan: 5m
  generate: true
  condition:
    gt: 1
`;
    const { rules, results } = await findings(yaml);
    expect(rules.map((r) => r.title)).toEqual(['Failed login', 'More than one failure']);
    expect(results[1]?.map((f) => f.subject).sort()).toEqual(['u1', 'u3']);
  });

  it('value_count: distinct values of a field per group', async () => {
    const yaml = `${FAILED}---
title: Failures from many IPs
correlation:
  type: value_count
  rules: [11111111-0000-4000-8000-000000000001]
  group-by: [actor.id]
  timespan: 1h
  condition:
    gte: 3
    field: ip_address
`;
    const { results } = await findings(yaml);
    expect(results[0]?.map((f) => [f.subject, f.uids.length])).toEqual([['u1', 5]]);
  });

  it('temporal: every named rule within the timespan for one actor', async () => {
    const yaml = `title: MFA disabled
name: mfa_off
logsource: {product: generic}
detection:
  sel: {action: user.mfa_disabled}
  condition: sel
---
title: Export
name: export
logsource: {product: generic}
detection:
  sel: {action: export.created}
  condition: sel
---
title: MFA disabled, then an export
correlation:
  type: temporal
  rules: [mfa_off, export]
  group-by: [actor.id]
  timespan: 1h
`;
    const { rules, results } = await findings(yaml);
    expect(rules).toHaveLength(1);
    expect(results[0]).toEqual([{ tenant_id: 'acme', subject: 'u4', uids: ['u4-mfa', 'u4-exp'] }]);
  });

  it.each([
    ['type: temporal_ordered\n  rules: [failed_login]\n  timespan: 1h', /temporal_ordered/],
    ['type: event_count\n  rules: [failed_login]\n  timespan: 1h\n  condition: {lt: 3}', /only gt and gte/],
    ['type: event_count\n  rules: [nope]\n  timespan: 1h\n  condition: {gte: 3}', /rule `nope`, which this file/],
    ['type: event_count\n  rules: [failed_login]\n  timespan: 1 hour\n  condition: {gte: 3}', /timespan `1 hour`/],
    ['type: value_count\n  rules: [failed_login]\n  timespan: 1h\n  condition: {gte: 3}', /condition.field/],
  ])('%s is reported', (body, reason) => {
    const { unsupported } = compileSigma(`${FAILED}---\ntitle: c\ncorrelation:\n  ${body}\n`, 'c.yml');
    expect(unsupported).toHaveLength(1);
    expect(unsupported[0]?.reason).toMatch(reason);
  });

  it('a correlation alone in its file is reported', () => {
    expect(
      refusal('title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1m\n  condition: {gte: 1}\n'),
    ).toMatch(/rule `a`, which this file does not hold/);
  });
});
