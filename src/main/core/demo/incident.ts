// The scripted incident of DEMO.md and its answer key: a phished admin (maria.garcia@acme.io) on the night of
// 2025-10-16, two thirds into the window. Ids and times are fixed — they depend on neither the seed nor the event
// count — so detections can be tested against INCIDENT_STEPS. Only the tenant id inside the records varies.
import { createHash } from 'node:crypto';
import { Rng } from './rng';
import type { DemoActor, DemoRecord, DemoTarget, JsonObject } from './records';
import { demoDirectory, demoPerson, OFFICES, type Person } from './tenant';

export const INCIDENT_IP = '192.0.2.66';
/** A browser nobody at Acme uses (Chrome 124 on Windows; the staff run 139–141). */
export const INCIDENT_BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const INCIDENT_SCRIPT_UA = 'python-requests/2.32.3';
export const INCIDENT_KEY = { id: 'key_5e0c7a91d24f68b3', name: 'ci-deploy-2' } as const;
export const INCIDENT_CONTRACTOR = { id: 'usr_e7c2094b51fa', email: 'ext.contractor@gmail.com' } as const;
export const INCIDENT_VICTIM_EMAIL = 'maria.garcia@acme.io';
export const INCIDENT_RESPONDER_EMAIL = 'jonas.weber@acme.io';
/** Where the attacker pointed the audit webhook: outside the company (a reserved example domain). */
export const INCIDENT_WEBHOOK_URL = 'https://hooks.example.net/c/8f2e41d0';
/** The webhook's address before the attack (set in September by a legitimate change). */
export const AUDIT_WEBHOOK = {
  id: 'whk_3b91d7c04e2a',
  name: 'Audit events',
  url: 'https://hooks.acme.io/audit/v2',
} as const;
export const AUDIT_STREAM_DESTINATION = 'splunk-hec.acme.io';
/** The night the incident happens: day index 60 of 90, local date 2025-10-16 in Berlin. */
export const INCIDENT_DATE = '2025-10-16';
const COLLECTION_ACCESSES = 312;

export interface IncidentStep {
  step: number;
  title: string;
  description: string;
  eventIds: string[];
}

interface ScriptedEvent {
  step: number;
  at: string;
  action: string;
  actor: DemoActor;
  target: DemoTarget;
  ip: string;
  ua: string;
  outcome: 'success' | 'failure';
  changes?: { before: JsonObject; after: JsonObject };
  metadata?: JsonObject;
}

const STEP_TEXT: Record<number, [string, string]> = {
  1: [
    'Password spraying',
    `14 failed password sign-ins as ${INCIDENT_VICTIM_EMAIL} from ${INCIDENT_IP} in six minutes`,
  ],
  2: ['The attacker gets in', `A password sign-in as maria from ${INCIDENT_IP} with a browser never seen at Acme`],
  3: ['MFA removed', 'maria\'s MFA is disabled, by "maria"'],
  4: ['Persistence', `API key "${INCIDENT_KEY.name}" created; ${INCIDENT_CONTRACTOR.email} invited as Admin`],
  5: [
    'Collection',
    `The new key, from ${INCIDENT_IP}: ${COLLECTION_ACCESSES} documents opened in 20 minutes, then 3 exports of ~48 000 customer records`,
  ],
  6: ['Covering tracks', 'Audit-log streaming disabled; the audit webhook pointed at an outside URL'],
  7: ['Exit', 'The attacker signs out'],
  8: [
    'Response, next morning',
    "maria signs in from the Berlin office at 09:12, re-enables MFA and revokes the key; Jonas Weber (security) removes the contractor and resets maria's password",
  ],
};

function userActor(p: Person): DemoActor {
  return { id: p.id, type: 'user', name: p.name, email: p.email };
}

function userTarget(p: Person): DemoTarget {
  return { type: 'user', id: p.id, name: p.name };
}

/** Incident event ids: fixed strings shaped like every other id (`evt_` + 24 hex digits). */
export function incidentEventId(n: number): string {
  return 'evt_' + createHash('sha256').update(`trailscope-demo/incident/${n}`, 'utf8').digest('hex').slice(0, 24);
}

function script(): ScriptedEvent[] {
  const dir = demoDirectory();
  const maria = demoPerson(INCIDENT_VICTIM_EMAIL);
  const jonas = demoPerson(INCIDENT_RESPONDER_EMAIL);
  const berlinOffice = OFFICES.berlin.egress[1] ?? '203.0.113.11';
  const keyActor: DemoActor = { id: INCIDENT_KEY.id, type: 'api_key', name: INCIDENT_KEY.name };
  const keyMeta = { api_key_owner: maria.email };
  const attacker = { ip: INCIDENT_IP, ua: INCIDENT_BROWSER_UA, actor: userActor(maria) };
  const session = { session_id: 'ses_41c7e09ab3d25f86' };
  const events: ScriptedEvent[] = [];

  // Step 1: 14 failures 02:07:12 → 02:13:01, every 25–29 s.
  const failureOffsets = [0, 26, 53, 79, 107, 132, 160, 185, 213, 240, 268, 294, 321, 349];
  const failureMs = [412, 87, 954, 233, 618, 45, 771, 390, 902, 164, 527, 683, 11, 296];
  failureOffsets.forEach((offset, i) => {
    const ms = Date.UTC(2025, 9, 16, 2, 7, 12) + offset * 1000 + (failureMs[i] ?? 0);
    events.push({
      step: 1,
      at: new Date(ms).toISOString(),
      action: 'user.login_failed',
      actor: attacker.actor,
      target: userTarget(maria),
      ip: attacker.ip,
      ua: attacker.ua,
      outcome: 'failure',
      metadata: { method: 'password', reason: 'invalid_password' },
    });
  });
  const common = { ip: attacker.ip, ua: attacker.ua, actor: attacker.actor, outcome: 'success' as const };
  events.push({
    step: 2,
    at: '2025-10-16T02:13:27.412Z',
    action: 'user.signed_in',
    target: userTarget(maria),
    ...common,
    metadata: { method: 'password', mfa: 'totp', ...session },
  });
  events.push({
    step: 3,
    at: '2025-10-16T02:14:51.090Z',
    action: 'user.mfa_disabled',
    target: userTarget(maria),
    ...common,
    changes: { before: { mfa_enabled: true, factor: 'totp' }, after: { mfa_enabled: false } },
    metadata: session,
  });
  events.push({
    step: 4,
    at: '2025-10-16T02:17:08.733Z',
    action: 'api_key.created',
    target: { type: 'api_key', id: INCIDENT_KEY.id, name: INCIDENT_KEY.name },
    ...common,
    metadata: { scopes: ['documents:read', 'exports:write'], expires_in_days: 365, ...session },
  });
  events.push({
    step: 4,
    at: '2025-10-16T02:19:42.318Z',
    action: 'user.invited',
    target: { type: 'user', id: INCIDENT_CONTRACTOR.id, name: INCIDENT_CONTRACTOR.email },
    ...common,
    metadata: { email: INCIDENT_CONTRACTOR.email, role: 'Admin', ...session },
  });

  // Step 5: 312 document.accessed by the new key, 02:22:03 → ~02:41:50, then three exports.
  const rng = new Rng(0x1c1de47);
  const candidates = dir.documents.filter((d) => d.department !== 'CRM');
  let t = Date.UTC(2025, 9, 16, 2, 22, 3, 118);
  for (let i = 0; i < COLLECTION_ACCESSES; i++) {
    const doc = rng.pick(candidates);
    events.push({
      step: 5,
      at: new Date(t).toISOString(),
      action: 'document.accessed',
      actor: keyActor,
      target: { type: 'document', id: doc.id, name: doc.name },
      ip: INCIDENT_IP,
      ua: INCIDENT_SCRIPT_UA,
      outcome: 'success',
      metadata: keyMeta,
    });
    t += 2_500 + rng.int(2_400);
  }
  const customers = dir.datasets['customers'] ?? { id: 'ds_customers', name: 'Customers' };
  const exports: [string, number, string][] = [
    ['2025-10-16T02:43:10.502Z', 48_112, 'EMEA'],
    ['2025-10-16T02:46:55.871Z', 47_968, 'AMER'],
    ['2025-10-16T02:50:31.240Z', 48_305, 'APAC'],
  ];
  for (const [at, records, region] of exports) {
    events.push({
      step: 5,
      at,
      action: 'export.created',
      actor: keyActor,
      target: { type: 'dataset', id: customers.id, name: customers.name },
      ip: INCIDENT_IP,
      ua: INCIDENT_SCRIPT_UA,
      outcome: 'success',
      metadata: { records, format: 'csv', filter: `region = ${region}`, ...keyMeta },
    });
  }

  // Step 6 and 7, back in maria's hijacked browser session.
  events.push({
    step: 6,
    at: '2025-10-16T02:53:04.664Z',
    action: 'audit_log.streaming_changed',
    target: { type: 'audit_log_stream', id: 'als_splunk', name: 'Splunk HEC' },
    ...common,
    changes: { before: { enabled: true }, after: { enabled: false } },
    metadata: { destination: AUDIT_STREAM_DESTINATION, ...session },
  });
  events.push({
    step: 6,
    at: '2025-10-16T02:54:19.027Z',
    action: 'webhook.destination_changed',
    target: { type: 'webhook', id: AUDIT_WEBHOOK.id, name: AUDIT_WEBHOOK.name },
    ...common,
    changes: { before: { url: AUDIT_WEBHOOK.url }, after: { url: INCIDENT_WEBHOOK_URL } },
    metadata: session,
  });
  events.push({
    step: 7,
    at: '2025-10-16T02:55:36.959Z',
    action: 'user.signed_out',
    target: userTarget(maria),
    ...common,
    metadata: session,
  });

  // Step 8: 09:12 Berlin (CEST, UTC+2) = 07:12 UTC.
  const mariaDay = { ip: berlinOffice, ua: maria.laptopUa, actor: userActor(maria), outcome: 'success' as const };
  const mariaSession = { session_id: 'ses_0b6d2f93e8a7c154' };
  events.push({
    step: 8,
    at: '2025-10-16T07:12:18.205Z',
    action: 'user.signed_in',
    target: userTarget(maria),
    ...mariaDay,
    metadata: { method: 'sso', ...mariaSession },
  });
  events.push({
    step: 8,
    at: '2025-10-16T07:14:02.611Z',
    action: 'user.mfa_enabled',
    target: userTarget(maria),
    ...mariaDay,
    changes: { before: { mfa_enabled: false }, after: { mfa_enabled: true, factor: 'webauthn' } },
    metadata: mariaSession,
  });
  events.push({
    step: 8,
    at: '2025-10-16T07:16:45.378Z',
    action: 'api_key.revoked',
    target: { type: 'api_key', id: INCIDENT_KEY.id, name: INCIDENT_KEY.name },
    ...mariaDay,
    metadata: mariaSession,
  });
  const jonasDay = { ip: berlinOffice, ua: jonas.laptopUa, actor: userActor(jonas), outcome: 'success' as const };
  const jonasSession = { session_id: 'ses_9a3f5c2e71d0b846' };
  events.push({
    step: 8,
    at: '2025-10-16T07:31:09.846Z',
    action: 'user.signed_in',
    target: userTarget(jonas),
    ...jonasDay,
    metadata: { method: 'sso', ...jonasSession },
  });
  events.push({
    step: 8,
    at: '2025-10-16T07:38:27.159Z',
    action: 'user.removed',
    target: { type: 'user', id: INCIDENT_CONTRACTOR.id, name: INCIDENT_CONTRACTOR.email },
    ...jonasDay,
    changes: { before: { role: 'Admin', status: 'invited' }, after: { status: 'removed' } },
    metadata: { email: INCIDENT_CONTRACTOR.email, ...jonasSession },
  });
  events.push({
    step: 8,
    at: '2025-10-16T07:41:55.730Z',
    action: 'user.password_reset',
    target: userTarget(maria),
    ...jonasDay,
    metadata: { initiated_by: 'admin', sessions_revoked: true, ...jonasSession },
  });
  return events;
}

export interface IncidentEvent {
  step: number;
  ms: number;
  record: Omit<DemoRecord, 'tenant_id'>;
}

let cachedScript: IncidentEvent[] | undefined;

/** The incident's events in time order, with their fixed ids; the tenant is filled in by `incidentRecords`. */
export function incidentEvents(): IncidentEvent[] {
  if (cachedScript) return cachedScript;
  cachedScript = script().map((e, i) => {
    const record: Omit<DemoRecord, 'tenant_id'> = {
      id: incidentEventId(i + 1),
      occurred_at: e.at,
      action: e.action,
      actor: e.actor,
      target: e.target,
      ip_address: e.ip,
      user_agent: e.ua,
      outcome: e.outcome,
      ...(e.changes ? { changes: e.changes } : {}),
      ...(e.metadata ? { metadata: e.metadata } : {}),
    };
    return { step: e.step, ms: Date.parse(e.at), record };
  });
  for (let i = 1; i < cachedScript.length; i++) {
    if ((cachedScript[i]?.ms ?? 0) <= (cachedScript[i - 1]?.ms ?? 0))
      throw new Error('incident script is not in time order');
  }
  return cachedScript;
}

/** The incident as records of `tenant`, key order as in every other demo record. */
export function incidentRecords(tenant: string): DemoRecord[] {
  return incidentEvents().map(({ record }) => {
    const { id, occurred_at, ...rest } = record;
    return { id, occurred_at, tenant_id: tenant, ...rest };
  });
}

export const INCIDENT_EVENT_COUNT = 14 + 1 + 1 + 2 + COLLECTION_ACCESSES + 3 + 2 + 1 + 6;

/** The answer key: each step of DEMO.md with the ids of its events. */
export const INCIDENT_STEPS: IncidentStep[] = Object.entries(STEP_TEXT).map(([step, [title, description]]) => ({
  step: Number(step),
  title,
  description,
  eventIds: incidentEvents()
    .filter((e) => e.step === Number(step))
    .map((e) => e.record.id),
}));

/** The ids of every incident event, for "nothing else looks like this" checks. */
export const INCIDENT_EVENT_IDS: ReadonlySet<string> = new Set(incidentEvents().map((e) => e.record.id));
