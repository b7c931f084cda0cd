// The answer key (incident.ts, INCIDENT.md) against DEMO.md's table: steps in order, fixed ids and times, and a
// human-readable page that lists exactly the events the code makes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INCIDENT_CONTRACTOR,
  INCIDENT_EVENT_COUNT,
  INCIDENT_IP,
  INCIDENT_KEY,
  INCIDENT_STEPS,
  incidentEventId,
  incidentRecords,
} from '../../../../../src/main/core/demo/incident';
import { incidentMarkdown } from '../../../../../src/main/core/demo/incident-page';
import { demoDirectory, OFFICES } from '../../../../../src/main/core/demo/tenant';
import { epochMsToWallTime as localParts } from '@shared/domain/zoned-time';

const records = incidentRecords('acme');
const byId = new Map(records.map((r) => [r.id, r]));
const stepRecords = (step: number) =>
  (INCIDENT_STEPS.find((s) => s.step === step)?.eventIds ?? []).map((id) => byId.get(id));
const maria = demoDirectory().byEmail.get('maria.garcia@acme.io');

describe('the incident answer key', () => {
  it('has steps 1–8 whose events are in time order, step after step, and cover every incident event once', () => {
    expect(INCIDENT_STEPS.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const ids = INCIDENT_STEPS.flatMap((s) => s.eventIds);
    expect(ids).toEqual(records.map((r) => r.id));
    expect(new Set(ids).size).toBe(INCIDENT_EVENT_COUNT);
    const times = records.map((r) => Date.parse(r.occurred_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('pins the documented ids and times (they must never change)', () => {
    expect(incidentEventId(1)).toBe(records[0]?.id);
    expect(records[0]).toMatchObject({
      id: incidentEventId(1),
      occurred_at: '2025-10-16T02:07:12.412Z',
      action: 'user.login_failed',
    });
    expect(stepRecords(2)[0]).toMatchObject({ occurred_at: '2025-10-16T02:13:27.412Z', action: 'user.signed_in' });
    expect(stepRecords(7)[0]).toMatchObject({ occurred_at: '2025-10-16T02:55:36.959Z', action: 'user.signed_out' });
    const pinned: [number, string, string][] = [
      [1, 'evt_8b657c64f95ca6c63b29890e', '2025-10-16T02:07:12.412Z'],
      [15, 'evt_2ccf22bb290dc155b483e295', '2025-10-16T02:13:27.412Z'],
      [16, 'evt_2f1d00a1c9503af530d182c9', '2025-10-16T02:14:51.090Z'],
      [17, 'evt_39acb500b56b62d5659a829e', '2025-10-16T02:17:08.733Z'],
      [18, 'evt_947cecae56b307a1e5146f08', '2025-10-16T02:19:42.318Z'],
      [336, 'evt_f51abaa292106a9a14c5b58d', '2025-10-16T02:55:36.959Z'],
      [342, 'evt_0bee7f1d129e36e182e1ce7d', '2025-10-16T07:41:55.730Z'],
    ];
    for (const [n, id, at] of pinned) expect(records[n - 1]).toMatchObject({ id, occurred_at: at });
  });

  it('step 1: ~14 failed password sign-ins as maria from 192.0.2.66 within 6 minutes around 02:13', () => {
    const rs = stepRecords(1);
    expect(rs).toHaveLength(14);
    for (const r of rs)
      expect(r).toMatchObject({
        action: 'user.login_failed',
        outcome: 'failure',
        ip_address: INCIDENT_IP,
        actor: { email: 'maria.garcia@acme.io' },
      });
    const span = Date.parse(rs.at(-1)?.occurred_at ?? '') - Date.parse(rs[0]?.occurred_at ?? '');
    expect(span).toBeLessThanOrEqual(6 * 60_000);
    expect(rs.at(-1)?.occurred_at.slice(11, 16)).toBe('02:13');
  });

  it('steps 2–4: password sign-in with a new browser, MFA off, a key and an Admin invite', () => {
    const [signIn] = stepRecords(2);
    expect(signIn).toMatchObject({
      action: 'user.signed_in',
      ip_address: INCIDENT_IP,
      metadata: { method: 'password' },
    });
    expect(signIn?.user_agent).not.toBe(maria?.laptopUa);
    expect(stepRecords(3)[0]).toMatchObject({
      action: 'user.mfa_disabled',
      actor: { id: maria?.id },
      target: { id: maria?.id },
    });
    const [key, invite] = stepRecords(4);
    expect(key).toMatchObject({ action: 'api_key.created', target: { id: INCIDENT_KEY.id, name: 'ci-deploy-2' } });
    expect(invite).toMatchObject({
      action: 'user.invited',
      metadata: { email: INCIDENT_CONTRACTOR.email, role: 'Admin' },
    });
  });

  it('step 5: a few hundred documents by the new key from 192.0.2.66 in 20 minutes, then 3 exports of ~48 000', () => {
    const rs = stepRecords(5);
    const reads = rs.filter((r) => r?.action === 'document.accessed');
    const exports = rs.filter((r) => r?.action === 'export.created');
    expect(reads.length).toBeGreaterThanOrEqual(200);
    expect(reads.length).toBeLessThan(500);
    expect(Date.parse(reads.at(-1)?.occurred_at ?? '') - Date.parse(reads[0]?.occurred_at ?? '')).toBeLessThanOrEqual(
      20 * 60_000,
    );
    expect(exports).toHaveLength(3);
    for (const r of [...reads, ...exports])
      expect(r).toMatchObject({ actor: { id: INCIDENT_KEY.id, type: 'api_key' }, ip_address: INCIDENT_IP });
    for (const r of exports) expect(Math.abs(Number(r?.metadata?.['records']) - 48_000)).toBeLessThan(1_000);
  });

  it('steps 6–7: streaming disabled, webhook pointed outside, sign-out', () => {
    const [stream, webhook] = stepRecords(6);
    expect(stream).toMatchObject({ action: 'audit_log.streaming_changed', changes: { after: { enabled: false } } });
    expect(webhook?.action).toBe('webhook.destination_changed');
    expect(new URL(String(webhook?.changes?.after['url'])).hostname.endsWith('acme.io')).toBe(false);
    expect(stepRecords(7)[0]).toMatchObject({ action: 'user.signed_out', ip_address: INCIDENT_IP });
  });

  it('step 8: maria back at 09:12 Berlin time from the office; the analyst removes the contractor and resets her password', () => {
    const rs = stepRecords(8);
    expect(rs.map((r) => r?.action)).toEqual([
      'user.signed_in',
      'user.mfa_enabled',
      'api_key.revoked',
      'user.signed_in',
      'user.removed',
      'user.password_reset',
    ]);
    const local = localParts(Date.parse(rs[0]?.occurred_at ?? ''), 'Europe/Berlin');
    expect([local.hour, local.minute]).toEqual([9, 12]);
    expect(OFFICES.berlin.egress).toContain(rs[0]?.ip_address);
    expect(rs[0]?.user_agent).toBe(maria?.laptopUa);
    const analyst = demoDirectory().people.find((p) => p.id === rs[4]?.actor.id);
    expect(analyst?.role).toBe('Security Analyst');
    expect(rs[4]?.target.id).toBe(INCIDENT_CONTRACTOR.id);
    expect(rs[5]?.target.id).toBe(maria?.id);
  });
});

describe('INCIDENT.md', () => {
  const page = readFileSync(join(import.meta.dirname, '../../../../../src/main/core/demo/INCIDENT.md'), 'utf8');

  it('lists every incident event with its id, time and action, in order', () => {
    const rows = [...page.matchAll(/^\| (\d+) \| (\S+)[^|]* \| `(evt_[0-9a-f]{24})` \| `([a-z_.]+)` \|/gm)];
    expect(rows.map((m) => [Number(m[1]), m[2], m[3], m[4]])).toEqual(
      records.map((r, i) => [i + 1, r.occurred_at, r.id, r.action]),
    );
  });

  it('is exactly what incident-page.ts renders from the code (see its header to regenerate)', () => {
    expect(page).toBe(incidentMarkdown());
  });

  it('names each step as the code does', () => {
    for (const step of INCIDENT_STEPS) expect(page).toContain(`### Step ${step.step}: ${step.title}`);
  });
});
