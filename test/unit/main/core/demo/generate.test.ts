// The demo generator (DEMO.md): deterministic, exactly N events, a valid hash chain, working hours in each
// person's zone across the DST changes, and a background in which nothing looks like the scripted incident.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../../src/main/core/errors';
import { generateDemoEvents } from '../../../../../src/main/core/demo/generate';
import {
  INCIDENT_CONTRACTOR,
  INCIDENT_EVENT_COUNT,
  INCIDENT_EVENT_IDS,
  INCIDENT_IP,
  INCIDENT_KEY,
  INCIDENT_BROWSER_UA,
  INCIDENT_SCRIPT_UA,
  INCIDENT_WEBHOOK_URL,
} from '../../../../../src/main/core/demo/incident';
import type { ChainedDemoRecord } from '../../../../../src/main/core/demo/records';
import { demoDirectory, OFFICES, WINDOW_END_MS, WINDOW_START_MS } from '../../../../../src/main/core/demo/tenant';
import { epochMsToWallTime as localParts } from '@shared/domain/zoned-time';

const GENESIS = '0'.repeat(64);

function generate(events: number, seed = 1, tenant = 'demo'): ChainedDemoRecord[] {
  return [...generateDemoEvents({ events, seed, tenant })];
}

function withoutChain(record: ChainedDemoRecord): Omit<ChainedDemoRecord, 'chain'> {
  const { chain: _chain, ...rest } = record;
  return rest;
}

/** One larger dataset shared by the read-only checks below (~1 s to make). */
const BIG = generate(30_000, 7, 'acme');
const background = BIG.filter((r) => !INCIDENT_EVENT_IDS.has(r.id));

describe('demo generator: determinism', () => {
  it('gives byte-identical records and chain head for the same events, seed and tenant', () => {
    const a = generate(3_000, 42);
    const b = generate(3_000, 42);
    expect(a.map((r) => JSON.stringify(r))).toEqual(b.map((r) => JSON.stringify(r)));
    expect(a.at(-1)?.chain.hash).toBe(b.at(-1)?.chain.hash);
  });

  it('changes the background with the seed but not one byte of the incident events (their chain aside)', () => {
    const a = generate(3_000, 1);
    const b = generate(3_000, 2);
    const backgroundIds = (rs: ChainedDemoRecord[]) => rs.filter((r) => !INCIDENT_EVENT_IDS.has(r.id)).map((r) => r.id);
    expect(backgroundIds(a)).not.toEqual(backgroundIds(b));
    const incident = (rs: ChainedDemoRecord[]) =>
      rs.filter((r) => INCIDENT_EVENT_IDS.has(r.id)).map((r) => JSON.stringify(withoutChain(r)));
    expect(incident(a)).toHaveLength(INCIDENT_EVENT_COUNT);
    expect(incident(a)).toEqual(incident(b));
  });

  it('keeps the incident events whatever the event count', () => {
    const incident = (rs: ChainedDemoRecord[]) =>
      rs.filter((r) => INCIDENT_EVENT_IDS.has(r.id)).map((r) => JSON.stringify(withoutChain(r)));
    expect(incident(generate(INCIDENT_EVENT_COUNT + 10))).toEqual(incident(generate(5_000)));
  });

  it('writes the chosen tenant into every record', () => {
    expect(new Set(generate(1_000, 1, 'acme-eu').map((r) => r.tenant_id))).toEqual(new Set(['acme-eu']));
  });
});

describe('demo generator: size and order', () => {
  it.each([INCIDENT_EVENT_COUNT, INCIDENT_EVENT_COUNT + 1, 1_000, 4_321])('makes exactly %i events', (n) => {
    const records = generate(n, 3);
    expect(records).toHaveLength(n);
    expect(new Set(records.map((r) => r.id)).size).toBe(n);
  });

  it('refuses fewer events than the incident has, with a usage error that says why', () => {
    let caught: unknown;
    try {
      generate(INCIDENT_EVENT_COUNT - 1);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'USAGE')).toBe(true);
    expect((caught as Error).message).toContain(`at least ${INCIDENT_EVENT_COUNT} events`);
  });

  it('orders events by time, inside the 90-day window ending 2025-11-15T00:00:00Z', () => {
    let previous = -Infinity;
    for (const r of BIG) {
      const ms = Date.parse(r.occurred_at);
      expect(ms).toBeGreaterThanOrEqual(previous);
      previous = ms;
    }
    expect(Date.parse(BIG[0]?.occurred_at ?? '')).toBeGreaterThanOrEqual(WINDOW_START_MS);
    expect(Date.parse(BIG.at(-1)?.occurred_at ?? '')).toBeLessThan(WINDOW_END_MS);
    expect(new Date(WINDOW_START_MS).toISOString()).toBe('2025-08-17T00:00:00.000Z');
  });

  it('has the shape of FORMATS.md "Generic"', () => {
    for (const r of BIG.slice(0, 2_000)) {
      expect(Object.keys(r).slice(0, 9)).toEqual([
        'id',
        'occurred_at',
        'tenant_id',
        'action',
        'actor',
        'target',
        'ip_address',
        'user_agent',
        'outcome',
      ]);
      expect(r.id).toMatch(/^evt_[0-9a-f]{24}$/);
      expect(['success', 'failure']).toContain(r.outcome);
      expect(['user', 'service', 'api_key', 'system']).toContain(r.actor.type);
    }
  });
});

describe('demo generator: hash chain', () => {
  it('is valid when recomputed independently (seq from 1, prev of seq 1 = 64 zeros, sha256(prev ‖ RFC 8785 JSON))', () => {
    let prev = GENESIS;
    BIG.forEach((record, i) => {
      const { chain, ...rest } = record;
      expect(chain.seq).toBe(i + 1);
      expect(chain.prev).toBe(prev);
      const canonical = canonicalize(rest);
      expect(canonical).toBeDefined();
      const hash = createHash('sha256')
        .update(prev + (canonical ?? ''), 'utf8')
        .digest('hex');
      expect(chain.hash).toBe(hash);
      prev = hash;
    });
  });

  it('puts `chain` last, so a line reads like the seeds', () => {
    expect(Object.keys(BIG[0] ?? {}).at(-1)).toBe('chain');
  });
});

describe('demo generator: working hours', () => {
  const dir = demoDirectory();
  const byId = new Map(dir.people.map((p) => [p.id, p]));

  function signInsOf(office: 'berlin' | 'new-york', from: string, to: string) {
    return background.filter((r) => {
      const p = byId.get(r.actor.id);
      return (
        r.action === 'user.signed_in' &&
        p?.office === office &&
        !p.lateWorker &&
        r.occurred_at >= from &&
        r.occurred_at < to
      );
    });
  }

  function inWorkingHours(rs: ChainedDemoRecord[], zone: string): number {
    const hits = rs.filter((r) => {
      const local = localParts(Date.parse(r.occurred_at), zone);
      return local.weekday >= 1 && local.weekday <= 5 ? local.hour >= 8 && local.hour < 18 : true;
    });
    return hits.length / rs.length;
  }

  it.each([
    ['berlin', 'Europe/Berlin', '2025-08-17', '2025-10-26'],
    ['berlin', 'Europe/Berlin', '2025-10-27', '2025-11-15'],
    ['new-york', 'America/New_York', '2025-08-17', '2025-11-02'],
    ['new-york', 'America/New_York', '2025-11-03', '2025-11-15'],
  ] as const)('%s: most weekday sign-ins fall 08:00–18:00 in %s (%s → %s)', (office, zone, from, to) => {
    const rs = signInsOf(office, from, to);
    expect(rs.length).toBeGreaterThan(100);
    expect(inWorkingHours(rs, zone)).toBeGreaterThan(0.85);
    // A fixed UTC offset would shift a whole regime by an hour: nobody here starts before 07:00 local.
    for (const r of rs) expect(localParts(Date.parse(r.occurred_at), zone).hour).toBeGreaterThanOrEqual(7);
  });

  it('is quieter at weekends', () => {
    const weekend = background.filter((r) => [0, 6].includes(new Date(r.occurred_at).getUTCDay())).length;
    // 26 of 90 days are weekend days; they carry far less than 26/90 of the events.
    expect(weekend / background.length).toBeLessThan(0.12);
  });

  it('has a few late workers, in the evening, from home', () => {
    const late = background.filter((r) => {
      const p = byId.get(r.actor.id);
      return p?.lateWorker && localParts(Date.parse(r.occurred_at), p.zone).hour >= 20;
    });
    expect(late.length).toBeGreaterThan(0);
    for (const r of late)
      expect([byId.get(r.actor.id)?.homeIp, byId.get(r.actor.id)?.mobileIp]).toContain(r.ip_address);
  });
});

describe('demo generator: a realistic tenant', () => {
  it('is mostly sign-ins, document access and edits; exports, invites, role and settings changes are rare', () => {
    const count = (action: string) => background.filter((r) => r.action === action).length;
    const common = count('user.signed_in') + count('document.accessed') + count('document.updated');
    expect(common / background.length).toBeGreaterThan(0.9);
    for (const action of ['user.invited', 'user.role_changed', 'workspace.settings_changed', 'billing.plan_changed']) {
      expect(count(action)).toBeGreaterThan(0);
      expect(count(action)).toBeLessThan(10);
    }
    expect(count('export.created') / background.length).toBeLessThan(0.02);
  });

  it('signs people in with sso, password or an API key, and records counts on exports', () => {
    const methods = new Set(background.filter((r) => r.action === 'user.signed_in').map((r) => r.metadata?.['method']));
    expect(methods).toEqual(new Set(['sso', 'password', 'api_key']));
    for (const r of background.filter((x) => x.action === 'export.created'))
      expect(typeof r.metadata?.['records']).toBe('number');
    for (const r of background.filter((x) => x.action === 'document.updated'))
      expect(r.changes).toHaveProperty('before');
  });

  it('gives each person one user agent per device (two at most, a third only after a new laptop)', () => {
    const dir = demoDirectory();
    const uas = new Map<string, Set<string>>();
    for (const r of background) {
      if (r.actor.type !== 'user' || r.user_agent === null) continue;
      const set = uas.get(r.actor.id) ?? new Set<string>();
      set.add(r.user_agent);
      uas.set(r.actor.id, set);
    }
    for (const p of dir.people) {
      const seen = uas.get(p.id) ?? new Set();
      const allowed = new Set(
        [p.laptopUa, p.phoneUa, p.newLaptop?.ua].filter((x): x is string => typeof x === 'string'),
      );
      for (const ua of seen) expect(allowed.has(ua), `${p.email}: ${ua}`).toBe(true);
    }
  });

  it('uses only the offices, the VPN, homes and the automation addresses', () => {
    const dir = demoDirectory();
    const known = new Set<string>([
      ...OFFICES.berlin.egress,
      ...OFFICES['new-york'].egress,
      OFFICES.berlin.vpn,
      OFFICES['new-york'].vpn,
      ...dir.people.flatMap((p) => [p.homeIp, p.mobileIp]),
      ...Object.values(dir.serviceIps),
    ]);
    for (const r of background) if (r.ip_address !== null) expect(known.has(r.ip_address), r.ip_address).toBe(true);
  });

  it('has 6 admins, 2 security analysts, 3 service accounts and about 10 API keys, all at @acme.io', () => {
    const dir = demoDirectory();
    expect(dir.people.filter((p) => p.role === 'Admin')).toHaveLength(6);
    expect(dir.people.filter((p) => p.role === 'Security Analyst')).toHaveLength(2);
    expect(
      Object.values(dir.services)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['svc-backup', 'svc-ci', 'svc-sync']);
    expect(Object.keys(dir.keys).length).toBeGreaterThanOrEqual(9);
    expect(dir.people.length).toBeGreaterThanOrEqual(110);
    for (const p of dir.people) expect(p.email).toMatch(/^[a-z]+\.[a-z]+@acme\.io$/);
    expect(new Set(dir.people.map((p) => p.email)).size).toBe(dir.people.length);
  });
});

describe('demo generator: nothing in the background looks like the incident', () => {
  const inIncidentRange = (ip: string | null) => ip !== null && ip.startsWith('192.0.2.');

  it('never uses 192.0.2.0/24, the incident key, its user agents, the contractor or the outside webhook', () => {
    const offending = background.filter((r) => {
      const text = JSON.stringify(r);
      return (
        inIncidentRange(r.ip_address) ||
        r.actor.id === INCIDENT_KEY.id ||
        r.target.id === INCIDENT_KEY.id ||
        r.target.id === INCIDENT_CONTRACTOR.id ||
        r.user_agent === INCIDENT_BROWSER_UA ||
        r.user_agent === INCIDENT_SCRIPT_UA ||
        text.includes(INCIDENT_WEBHOOK_URL) ||
        text.includes(INCIDENT_CONTRACTOR.email) ||
        text.includes('192.0.2.')
      );
    });
    expect(offending).toEqual([]);
  });

  it('exports by API key only with the long-standing backup key, never a key created in the window', () => {
    const created = new Set(background.filter((r) => r.action === 'api_key.created').map((r) => r.target.id));
    const keyExports = background.filter((r) => r.action === 'export.created' && r.actor.type === 'api_key');
    expect(keyExports.length).toBeGreaterThan(0);
    for (const r of keyExports) {
      expect(r.actor.id).toBe(demoDirectory().keys.backup.id);
      expect(created.has(r.actor.id)).toBe(false);
    }
  });

  it("invites nobody as Admin, and only in the inviter's working hours from their office", () => {
    const dir = demoDirectory();
    const byId = new Map(dir.people.map((p) => [p.id, p]));
    const invites = background.filter((r) => r.action === 'user.invited');
    expect(invites.length).toBeGreaterThan(0);
    for (const r of invites) {
      expect(r.metadata?.['role']).not.toBe('Admin');
      const inviter = byId.get(r.actor.id);
      expect(inviter).toBeDefined();
      const local = localParts(Date.parse(r.occurred_at), inviter?.zone ?? 'UTC');
      expect(local.hour).toBeGreaterThanOrEqual(8);
      expect(local.hour).toBeLessThan(18);
      expect(r.ip_address?.startsWith('203.0.113.')).toBe(true);
    }
  });

  it('never disables audit-log streaming or MFA of oneself, and has no burst of failed sign-ins', () => {
    for (const r of background) {
      if (r.action === 'audit_log.streaming_changed') expect(r.changes?.after['enabled']).toBe(true);
      if (r.action === 'user.mfa_disabled') expect(r.actor.id).not.toBe(r.target.id);
    }
    const failures = new Map<string, number[]>();
    for (const r of background.filter((x) => x.action === 'user.login_failed')) {
      const list = failures.get(r.actor.id) ?? [];
      list.push(Date.parse(r.occurred_at));
      failures.set(r.actor.id, list);
    }
    for (const times of failures.values()) {
      for (let i = 0; i < times.length; i++) {
        const within = times.filter((t) => t >= (times[i] ?? 0) && t < (times[i] ?? 0) + 10 * 60_000).length;
        expect(within).toBeLessThanOrEqual(3);
      }
    }
  });

  it('leaves the victim and the responder to the script on 2025-10-16', () => {
    const dir = demoDirectory();
    const ids = new Set([dir.byEmail.get('maria.garcia@acme.io')?.id, dir.byEmail.get('jonas.weber@acme.io')?.id]);
    const sameDay = background.filter(
      (r) => r.occurred_at.startsWith('2025-10-16') && (ids.has(r.actor.id) || ids.has(r.target.id)),
    );
    expect(sameDay).toEqual([]);
  });

  it('has no admin work within a day of the incident', () => {
    const adminActions = new Set([
      'user.invited',
      'user.removed',
      'user.role_changed',
      'api_key.created',
      'api_key.revoked',
      'integration.installed',
      'integration.removed',
      'workspace.settings_changed',
      'sso.config_updated',
      'domain.verification_changed',
      'billing.plan_changed',
      'webhook.destination_changed',
      'audit_log.streaming_changed',
      'ip_allowlist.changed',
      'user.mfa_disabled',
      'account.locked',
      'session.revoked',
    ]);
    const near = background.filter(
      (r) => adminActions.has(r.action) && r.occurred_at >= '2025-10-15' && r.occurred_at < '2025-10-18',
    );
    expect(near).toEqual([]);
  });
});

describe('demo generator: the incident inside the stream', () => {
  it('places every incident event, in script order, once', () => {
    const seen = BIG.filter((r) => INCIDENT_EVENT_IDS.has(r.id));
    expect(seen).toHaveLength(INCIDENT_EVENT_COUNT);
    expect(seen.every((r) => r.tenant_id === 'acme')).toBe(true);
  });

  it('comes from 192.0.2.66 only during the attack', () => {
    const fromAttacker = BIG.filter((r) => r.ip_address === INCIDENT_IP);
    expect(fromAttacker.every((r) => INCIDENT_EVENT_IDS.has(r.id))).toBe(true);
    expect(fromAttacker).toHaveLength(14 + 1 + 1 + 2 + 312 + 3 + 2 + 1);
  });
});
