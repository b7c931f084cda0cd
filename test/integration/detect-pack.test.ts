// Each built-in rule on real-format records (test/fixtures/realshape: Okta, CloudTrail, GitHub, Slack, and the
// generic shape), imported through the ordinary importer into a real case: a fixture that fires it and one that must
// not, on two providers each. Records are the samples' own, with the fields a rule looks at changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { detect } from '../../src/main/core/detections/detect-job';
import { BUILTIN_PACK } from '../../src/main/core/detections/pack';
import { compilePackRule } from '../../src/main/core/store/pack-sql';
import { listLatestFindings } from '../../src/main/core/store/findings-repo';
import { queryRows } from '../../src/main/core/store/sql';
import { caseWithRecords, closeAll } from '../helpers/case';
import { genericRecord } from '../helpers/records';
import { FIXTURES } from '../helpers/temp';

afterEach(closeAll);

type Json = Record<string, unknown>;
const REAL = join(FIXTURES, 'realshape');
const clone = <T>(value: T): T => structuredClone(value);
const OKTA = (
  JSON.parse(readFileSync(join(REAL, 'okta', 'test-okta-system-events.json'), 'utf8')) as Json[]
)[0] as Json;
const CLOUDTRAIL = (
  JSON.parse(gunzipSync(readFileSync(join(REAL, 'cloudtrail', 'test-console-login-json.json.gz'))).toString()) as {
    Records: Json[];
  }
).Records[0] as Json;
const GITHUB_STREAM = (
  JSON.parse(readFileSync(join(REAL, 'github', 'test-enterprise-audit-eventhub.json'), 'utf8')) as Json[]
).find((r) => r['action'] === 'audit_log_streaming.update') as Json;
const GITHUB = (
  JSON.parse(readFileSync(join(REAL, 'github', 'test-api-request-events.json'), 'utf8')) as Json[]
)[1] as Json;
const SLACK = (JSON.parse(readFileSync(join(REAL, 'slack', 'test-audit.json'), 'utf8')) as { entries: Json[] })
  .entries[2] as Json;

/** Monday 2025-03-03 plus `day` days, at hh:mm UTC, plus `seconds`. */
const at = (day: number, hh = 9, mm = 0, seconds = 0) =>
  new Date(Date.UTC(2025, 2, 3 + day, hh, mm, seconds)).toISOString();
const OFFICE = '203.0.113.10';
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:72.0) Gecko/20100101 Firefox/72.0';
let serial = 0;

interface Event {
  action: string;
  when: string;
  actor?: string;
  ip?: string;
  ua?: string;
  failed?: boolean;
  target?: { id: string; type: string; name: string } | null;
  extra?: Json;
}

function okta(e: Event): Json {
  const r = clone(OKTA);
  const actor = e.actor ?? 'alice';
  r['uuid'] = `okta-${++serial}`;
  r['published'] = e.when;
  r['eventType'] = e.action;
  r['actor'] = { ...(r['actor'] as Json), id: `00u-${actor}`, alternateId: `${actor}@acme.io`, displayName: actor };
  const client = r['client'] as Json;
  client['ipAddress'] = e.ip ?? OFFICE;
  (client['userAgent'] as Json)['rawUserAgent'] = e.ua ?? UA;
  r['outcome'] = { reason: null, result: e.failed ? 'FAILURE' : 'SUCCESS' };
  r['target'] = e.target ? [{ ...e.target, displayName: e.target.name, alternateId: e.target.name }] : null;
  return { ...r, ...e.extra };
}

function cloudtrail(e: Event): Json {
  const r = clone(CLOUDTRAIL);
  const actor = e.actor ?? 'JohnDoe';
  r['eventID'] = `ct-${++serial}`;
  r['eventTime'] = e.when.replace('.000', '');
  r['eventName'] = e.action;
  r['eventSource'] = e.action === 'ConsoleLogin' ? 'signin.amazonaws.com' : 'iam.amazonaws.com';
  r['userIdentity'] = {
    ...(r['userIdentity'] as Json),
    arn: `arn:aws:iam::111122223333:user/${actor}`,
    userName: actor,
  };
  r['sourceIPAddress'] = e.ip ?? OFFICE;
  r['userAgent'] = e.ua ?? UA;
  r['responseElements'] = e.action === 'ConsoleLogin' ? { ConsoleLogin: e.failed ? 'Failure' : 'Success' } : null;
  r['readOnly'] = /^(Get|List|Describe)/.test(e.action);
  return { ...r, ...e.extra };
}

function github(e: Event, template = GITHUB): Json {
  const r = clone(template);
  r['_document_id'] = `gh-${++serial}`;
  r['@timestamp'] = Date.parse(e.when);
  r['created_at'] = Date.parse(e.when);
  r['action'] = e.action;
  r['actor'] = e.actor ?? 'octocat';
  r['actor_id'] = 1000 + (e.actor ?? 'octocat').length;
  r['actor_ip'] = e.ip ?? OFFICE;
  return { ...r, ...e.extra };
}

function slack(e: Event): Json {
  const r = clone(SLACK);
  r['id'] = `slack-${++serial}`;
  r['date_create'] = Math.floor(Date.parse(e.when) / 1000);
  r['action'] = e.action;
  const actor = e.actor ?? 'mcuser';
  r['actor'] = { type: 'user', user: { id: `U-${actor}`, name: actor, email: `${actor}@acme.io` } };
  return { ...r, ...e.extra };
}

function generic(e: Event): Json {
  const actor = e.actor ?? 'alice';
  return genericRecord(++serial, {
    occurred_at: e.when,
    action: e.action,
    actor: { id: actor, type: actor.startsWith('key_') ? 'api_key' : 'user', name: actor, email: `${actor}@acme.io` },
    target: e.target ?? { type: 'document', id: 'doc_1', name: 'Plan' },
    ip_address: e.ip ?? OFFICE,
    user_agent: e.ua ?? UA,
    outcome: e.failed ? 'failure' : 'success',
    ...e.extra,
  });
}

/** `n` things made by `make(i)`. */
const times = <T = Json>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** Findings of one built-in rule over these records (one format per case, as one imported file). */
async function findingsOf(ruleId: string, records: Json[]): Promise<{ count: number; uids: string[] }[]> {
  const rule = BUILTIN_PACK.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const store = await caseWithRecords(records, { multiTenant: true });
  const [landed] = await queryRows(store.connection, 'SELECT count(*)::INTEGER AS n FROM events');
  expect(landed?.['n']).toBe(records.length);
  const summary = await detect(store, { pack: [rule], signal: new AbortController().signal });
  expect(summary.unsupported).toEqual([]);
  return (await listLatestFindings(store)).findings;
}

/** Eight days of ordinary sign-ins by alice and by three colleagues from the office. */
function history(signIn: (e: Event) => Json, action: string): Json[] {
  return times(8, (d) => d).flatMap((d) =>
    ['alice', 'bob', 'carol', 'dave'].map((actor) => signIn({ action, when: at(d, 9, 5), actor })),
  );
}

const signInAction = { okta: 'user.session.start', cloudtrail: 'ConsoleLogin' } as const;
const providers = { okta, cloudtrail } as const;

describe.each(['okta', 'cloudtrail'] as const)('sign-in rules on %s records', (provider) => {
  const make = providers[provider];
  const action = signInAction[provider];
  const actor = 'alice';
  const failures = (n: number, spacing: number, who: (i: number) => string, ip = '198.51.100.7') =>
    times(n, (i) => make({ action, when: at(10, 9, 0, i * spacing), actor: who(i), ip, failed: true }));

  it('failed-login burst for one account: 8 in 10 minutes fire; 7, or 8 over two hours, do not', async () => {
    const fired = await findingsOf(
      'builtin.failed-login-burst-actor',
      failures(8, 60, () => actor),
    );
    expect(fired).toHaveLength(1);
    expect(fired[0]?.count).toBe(8);
    expect(
      await findingsOf(
        'builtin.failed-login-burst-actor',
        failures(7, 60, () => actor),
      ),
    ).toEqual([]);
    expect(
      await findingsOf(
        'builtin.failed-login-burst-actor',
        failures(8, 900, () => actor),
      ),
    ).toEqual([]);
  });

  it('failed-login burst from one address: 10 accounts in 10 minutes fire; 9 do not', async () => {
    const spray = (n: number) => failures(n, 50, (i) => `user${i}`, '192.0.2.66');
    expect(await findingsOf('builtin.failed-login-burst-ip', spray(10))).toMatchObject([{ count: 10 }]);
    expect(await findingsOf('builtin.failed-login-burst-ip', spray(9))).toEqual([]);
  });

  it('new network: a sign-in from 192.0.2.0/24 after a week from the office fires; the office /24 does not', async () => {
    const base = history(make, action);
    const fromNew = make({ action, when: at(9, 3), actor: 'alice', ip: '192.0.2.66' });
    const fired = await findingsOf('builtin.new-network-sign-in', [...base, fromNew]);
    expect(fired).toHaveLength(1);
    const fromOffice = make({ action, when: at(9, 3), actor: 'alice', ip: '203.0.113.77' });
    expect(await findingsOf('builtin.new-network-sign-in', [...history(make, action), fromOffice])).toEqual([]);
    // Too little history: an account seen for two days has no "usual" yet.
    const young = [
      make({ action, when: at(8), actor: 'eve' }),
      make({ action, when: at(9), actor: 'eve', ip: '192.0.2.66' }),
    ];
    expect(await findingsOf('builtin.new-network-sign-in', [...history(make, action), ...young])).toEqual([]);
  });

  it('new country: a sign-in from Sweden after a week from Britain fires; one more from Britain does not', async () => {
    // Real addresses (the documentation ranges have no country): 81.2.69.143 is GB, 89.160.20.156 SE.
    const fromBritain = times(8, (d) => d).flatMap((d) =>
      ['alice', 'bob', 'carol', 'dave'].map((who) =>
        make({ action, when: at(d, 9, 5), actor: who, ip: '81.2.69.143' }),
      ),
    );
    const fired = await findingsOf('builtin.new-country-sign-in', [
      ...fromBritain,
      make({ action, when: at(9, 3), actor: 'alice', ip: '89.160.20.156' }),
    ]);
    expect(fired).toHaveLength(1);
    expect(
      await findingsOf('builtin.new-country-sign-in', [
        ...fromBritain,
        make({ action, when: at(9, 3), actor: 'alice', ip: '81.2.69.143' }),
      ]),
    ).toEqual([]);
  });

  it('new user agent: a browser nobody used fires; one three colleagues already use does not', async () => {
    const odd = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0.0.0 Safari/537.36';
    const fired = await findingsOf('builtin.new-user-agent-sign-in', [
      ...history(make, action),
      make({ action, when: at(9), actor: 'alice', ua: odd }),
    ]);
    expect(fired).toHaveLength(1);
    // bob, carol and dave have signed in with it all week: on alice's laptop it is not new to the tenant.
    const colleagues = times(8, (d) => d).flatMap((d) =>
      ['bob', 'carol', 'dave'].map((who) => make({ action, when: at(d, 9, 5), actor: who, ua: odd })),
    );
    const alice = times(8, (d) => make({ action, when: at(d, 9, 5), actor: 'alice' }));
    const quiet = [...alice, ...colleagues, make({ action, when: at(9), actor: 'alice', ua: odd })];
    expect(await findingsOf('builtin.new-user-agent-sign-in', quiet)).toEqual([]);
  });
});

describe('account and rights rules', () => {
  const self = { id: '00u-alice', type: 'User', name: 'alice@acme.io' };
  it('MFA removed by the account itself (Okta): fires; the help desk removing it for alice does not', async () => {
    const own = okta({ action: 'user.mfa.factor.deactivate', when: at(1), target: self });
    expect(await findingsOf('builtin.mfa-disabled', [own])).toMatchObject([{ count: 1 }]);
    const helpDesk = okta({ action: 'user.mfa.factor.deactivate', when: at(1), actor: 'helpdesk', target: self });
    expect(await findingsOf('builtin.mfa-disabled', [helpDesk])).toEqual([]);
  });

  it('MFA device deactivated (CloudTrail): DeactivateMFADevice fires; ListMFADevices does not', async () => {
    expect(
      await findingsOf('builtin.mfa-disabled', [cloudtrail({ action: 'DeactivateMFADevice', when: at(1) })]),
    ).toHaveLength(1);
    expect(await findingsOf('builtin.mfa-disabled', [cloudtrail({ action: 'ListMFADevices', when: at(1) })])).toEqual(
      [],
    );
  });

  it('privilege escalation (Okta): admin privilege or an admin group fires; an ordinary group does not', async () => {
    const group = (name: string) =>
      okta({ action: 'group.user_membership.add', when: at(1, 10), target: { id: 'g1', type: 'UserGroup', name } });
    expect(
      await findingsOf('builtin.privilege-escalation', [
        okta({ action: 'user.account.privilege.grant', when: at(1) }),
        group('Okta Administrators'),
      ]),
    ).toMatchObject([{ count: 2 }]);
    expect(await findingsOf('builtin.privilege-escalation', [group('Engineering')])).toEqual([]);
  });

  it('privilege escalation (CloudTrail): AttachUserPolicy fires; ListAttachedUserPolicies does not', async () => {
    expect(
      await findingsOf('builtin.privilege-escalation', [cloudtrail({ action: 'AttachUserPolicy', when: at(1) })]),
    ).toHaveLength(1);
    expect(
      await findingsOf('builtin.privilege-escalation', [
        cloudtrail({ action: 'ListAttachedUserPolicies', when: at(1) }),
      ]),
    ).toEqual([]);
  });
});

describe('keys and data rules', () => {
  it('new key used from a new address (CloudTrail): fires from 192.0.2.66; not from the usual office', async () => {
    const created = cloudtrail({
      action: 'CreateAccessKey',
      when: at(8),
      extra: { responseElements: { accessKey: { accessKeyId: 'AKIANEWKEY0000000001', status: 'Active' } } },
    });
    const use = (ip: string) =>
      cloudtrail({
        action: 'ListBuckets',
        when: at(8, 12),
        actor: 'JohnDoe',
        ip,
        extra: {
          eventSource: 's3.amazonaws.com',
          userIdentity: {
            type: 'IAMUser',
            arn: 'arn:aws:iam::111122223333:user/JohnDoe',
            accountId: '111122223333',
            userName: 'JohnDoe',
            accessKeyId: 'AKIANEWKEY0000000001',
          },
        },
      });
    const base = history(cloudtrail, 'ConsoleLogin');
    expect(await findingsOf('builtin.api-key-new-ip', [...base, created, use('192.0.2.66')])).toMatchObject([
      { count: 2 },
    ]);
    expect(
      await findingsOf('builtin.api-key-new-ip', [...history(cloudtrail, 'ConsoleLogin'), created, use(OFFICE)]),
    ).toEqual([]);
  });

  it('new key used from a new address (generic): fires from 192.0.2.66; a rotated key at its usual address does not', async () => {
    const created = generic({
      action: 'api_key.created',
      when: at(8),
      target: { type: 'api_key', id: 'key_n', name: 'ci' },
    });
    const use = (ip: string) => generic({ action: 'document.accessed', when: at(8, 11), actor: 'key_n', ip });
    const base = history(generic, 'user.signed_in');
    expect(await findingsOf('builtin.api-key-new-ip', [...base, created, use('192.0.2.66')])).toMatchObject([
      { count: 2 },
    ]);
    expect(
      await findingsOf('builtin.api-key-new-ip', [...history(generic, 'user.signed_in'), created, use(OFFICE)]),
    ).toEqual([]);
  });

  it('bulk export (generic, the only shape that counts records): 120 000 in an hour fires; 60 000 twice a day does not', async () => {
    const exp = (hh: number) =>
      generic({ action: 'export.created', when: at(2, hh), extra: { metadata: { records: 60_000 } } });
    expect(
      await findingsOf('builtin.bulk-export', [exp(10), { ...exp(10), id: 'x2', occurred_at: at(2, 10, 30) }]),
    ).toMatchObject([{ count: 2 }]);
    expect(await findingsOf('builtin.bulk-export', [exp(10), exp(14)])).toEqual([]);
  });

  it('mass download (Slack): 200 file downloads in 20 minutes fire; 199 do not', async () => {
    const downloads = (n: number) => times(n, (i) => slack({ action: 'file_downloaded', when: at(3, 10, 0, i * 6) }));
    expect(await findingsOf('builtin.mass-download', downloads(200))).toMatchObject([{ count: 200 }]);
    expect(await findingsOf('builtin.mass-download', downloads(199))).toEqual([]);
  });

  it('mass download (GitHub): 200 repository zips in 20 minutes fire; 199 do not', async () => {
    const zips = (n: number) => times(n, (i) => github({ action: 'repo.download_zip', when: at(3, 10, 0, i * 6) }));
    expect(await findingsOf('builtin.mass-download', zips(200))).toMatchObject([{ count: 200 }]);
    expect(await findingsOf('builtin.mass-download', zips(199))).toEqual([]);
  });
});

describe('hostile values in a rule', () => {
  it('travel as bound parameters: an action name that is SQL matches the one event named so, and breaks nothing', async () => {
    const hostile = "x'); DROP TABLE events; --";
    const rule = {
      id: 'test.hostile',
      kind: 'match' as const,
      title: 'hostile',
      level: 'low' as const,
      description: '',
      tags: [],
      events: [
        { format: 'generic' as const, actions: [hostile], where: [{ field: 'metadata.a"b' as const, in: [hostile] }] },
      ],
      groupSeconds: 60,
    };
    const compiled = compilePackRule(rule, {
      timeZone: 'UTC',
      workingHours: { start: '08:00', end: '18:00', days: [] },
    });
    expect(compiled.sql).not.toContain('DROP');
    expect(compiled.params).toContain(hostile);
    const store = await caseWithRecords(
      [generic({ action: hostile, when: at(1), extra: { metadata: { 'a"b': hostile } } })],
      {
        multiTenant: true,
      },
    );
    const summary = await detect(store, { pack: [rule], signal: new AbortController().signal });
    expect(summary.unsupported).toEqual([]);
    expect(summary.findings).toBe(1);
    const [left] = await queryRows(store.connection, 'SELECT count(*)::INTEGER AS n FROM events');
    expect(left?.['n']).toBe(1);
  });

  it('a case whose working hours are not HH:MM gets the off-hours rule reported as not run, with the reason', async () => {
    const store = await caseWithRecords([generic({ action: 'user.invited', when: at(1, 3) })], {
      multiTenant: true,
      workingHours: { start: '8am', end: '18:00', days: [1, 2, 3, 4, 5] },
    });
    const rule = BUILTIN_PACK.filter((r) => r.id === 'builtin.off-hours-admin');
    const summary = await detect(store, { pack: rule, signal: new AbortController().signal });
    expect(summary.unsupported).toEqual([
      {
        file: null,
        id: 'builtin.off-hours-admin',
        title: 'Administrative action outside working hours',
        reason: "the case's working hours 8am–18:00 are not HH:MM",
      },
    ]);
  });

  it('every built-in rule keeps its action names out of the SQL text', () => {
    const context = {
      timeZone: 'Europe/Berlin',
      workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
    };
    for (const rule of BUILTIN_PACK) {
      const compiled = compilePackRule(rule, context);
      const names = rule.events.flatMap((s) => s.actions ?? []);
      for (const name of names) expect(compiled.sql, `${rule.id} ${name}`).not.toContain(name.replace(/\*$/, ''));
      const highest = Math.max(0, ...[...compiled.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect(highest, rule.id).toBe(compiled.params.length);
    }
  });
});

describe('configuration rules', () => {
  it('off-hours admin (Okta): a privilege grant at 03:00 fires; at 10:00, or by somebody who works nights, not', async () => {
    const grant = (hh: number, actor = 'alice') =>
      okta({ action: 'user.account.privilege.grant', when: at(8, hh), actor });
    const base = history(okta, 'user.session.start');
    expect(await findingsOf('builtin.off-hours-admin', [...base, grant(3)])).toHaveLength(1);
    expect(await findingsOf('builtin.off-hours-admin', [...history(okta, 'user.session.start'), grant(10)])).toEqual(
      [],
    );
    const nights = times(3, (d) => okta({ action: 'user.session.start', when: at(d, 3, 30), actor: 'owl' }));
    expect(await findingsOf('builtin.off-hours-admin', [...nights, grant(3, 'owl')])).toEqual([]);
  });

  it('off-hours admin (CloudTrail): CreateUser at 03:00 fires; GetUser at 03:00 (read-only) does not', async () => {
    const base = history(cloudtrail, 'ConsoleLogin');
    expect(
      await findingsOf('builtin.off-hours-admin', [...base, cloudtrail({ action: 'CreateUser', when: at(8, 3) })]),
    ).toHaveLength(1);
    expect(
      await findingsOf('builtin.off-hours-admin', [
        ...history(cloudtrail, 'ConsoleLogin'),
        cloudtrail({ action: 'GetUser', when: at(8, 3) }),
      ]),
    ).toEqual([]);
  });

  it("audit-log tampering (GitHub): the sample's stream update turned off fires; the sample as it is (on) does not", async () => {
    const update = (enabled: boolean) =>
      github(
        { action: 'audit_log_streaming.update', when: at(4), extra: { audit_log_stream_enabled: enabled } },
        GITHUB_STREAM,
      );
    expect(await findingsOf('builtin.audit-log-tampering', [update(false)])).toHaveLength(1);
    expect(await findingsOf('builtin.audit-log-tampering', [update(true)])).toEqual([]);
  });

  it('audit-log tampering (CloudTrail): StopLogging fires; DescribeTrails does not', async () => {
    const trail = (action: string) =>
      cloudtrail({ action, when: at(4), extra: { eventSource: 'cloudtrail.amazonaws.com' } });
    expect(await findingsOf('builtin.audit-log-tampering', [trail('StopLogging')])).toHaveLength(1);
    expect(await findingsOf('builtin.audit-log-tampering', [trail('DescribeTrails')])).toEqual([]);
  });
});
