// The peer's deterministic datasets: records in each provider's wire format (FORMATS.md), oldest first. generic is
// the demo dataset (generateDemoEvents, hash-chained); every other preset is made here from the demo's seeded Rng,
// one record every `spacingMs` from `start`. Same options → same records, byte for byte.
import { generateDemoEvents } from '../../../src/main/core/demo/generate';
import { INCIDENT_EVENT_COUNT } from '../../../src/main/core/demo/incident';
import { Rng } from '../../../src/main/core/demo/rng';
import type { PeerPreset, PeerRecord } from './types';

export interface PeerRecordOptions {
  events: number;
  /** 0 … 2^32 − 1, default 1. */
  seed?: number;
  /** Default `acme`; goes where the format has a tenant field, and into e-mail domains. */
  tenant?: string;
  /** ISO time of the first record (default 2025-09-01T00:00:00.000Z). Not used by generic: the demo owns its timeline. */
  start?: string;
  /** Milliseconds between records, an integer ≥ 1 (default 60 000). Not used by generic. */
  spacingMs?: number;
}

export const DEFAULT_PEER_START = '2025-09-01T00:00:00.000Z';

/** Deterministic wire-format records for a preset, oldest first. */
export function peerRecords(preset: PeerPreset, options: PeerRecordOptions): PeerRecord[] {
  return [...peerRecordStream(preset, options)];
}

/** The same records one at a time, so a large dataset can go straight into the peer without an array of objects. */
export function* peerRecordStream(preset: PeerPreset, options: PeerRecordOptions): Generator<PeerRecord> {
  const { events, seed = 1, tenant = 'acme', start = DEFAULT_PEER_START, spacingMs = 60_000 } = options;
  if (!Number.isSafeInteger(events) || events < 0)
    throw new RangeError(`events must be a whole number ≥ 0; got ${events}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new RangeError(`seed must be 0 … 2^32 − 1; got ${seed}`);
  if (!Number.isSafeInteger(spacingMs) || spacingMs < 1)
    throw new RangeError(`spacingMs must be a whole number ≥ 1; got ${spacingMs}`);
  const startMs = Date.parse(start);
  if (Number.isNaN(startMs)) throw new RangeError(`start is not an ISO time: ${start}`);
  if (events === 0) return;
  if (preset === 'generic') {
    // The demo needs room for its scripted incident; a smaller dataset is the start of that one (a valid chain prefix).
    let left = events;
    for (const record of generateDemoEvents({ events: Math.max(events, INCIDENT_EVENT_COUNT), seed, tenant })) {
      yield record as unknown as PeerRecord;
      if (--left === 0) return;
    }
    return;
  }
  const root = new Rng(seed).fork(PEER_LABELS[preset]);
  const world = makeWorld(root.fork(0), tenant);
  const rng = root.fork(1);
  const make = MAKERS[preset];
  for (let index = 0; index < events; index++) yield make(rng, startMs + index * spacingMs, world);
}

const PEER_LABELS: Record<PeerPreset, number> = {
  generic: 0,
  github: 1,
  okta: 2,
  slack: 3,
  'onepassword-audit': 4,
  'onepassword-signin': 5,
  'google-workspace': 6,
};

// ---------------------------------------------------------------------------------------------------------------
// People, places and clients shared by the presets' records.

interface Person {
  name: string;
  email: string;
  login: string;
  githubId: number;
  oktaId: string;
  slackId: string;
  opUuid: string;
  googleId: string;
}

interface Place {
  country: string;
  countryName: string;
  region: string;
  city: string;
  latitude: number;
  longitude: number;
}

interface World {
  tenant: string;
  domain: string;
  people: Person[];
  ips: string[];
  places: Place[];
  agents: string[];
  repos: string[];
  teams: string[];
}

const FIRST = [
  'Alice',
  'Bilal',
  'Chen',
  'Dana',
  'Emeka',
  'Farah',
  'Gustavo',
  'Hana',
  'Ivan',
  'Jules',
  'Kofi',
  'Lena',
  'Mateo',
  'Noor',
  'Olga',
  'Priya',
];
const LAST = [
  'Andersen',
  'Baptiste',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lindqvist',
];
const PLACES: Place[] = [
  {
    country: 'US',
    countryName: 'United States',
    region: 'California',
    city: 'San Francisco',
    latitude: 37.7749,
    longitude: -122.4194,
  },
  {
    country: 'US',
    countryName: 'United States',
    region: 'New York',
    city: 'New York',
    latitude: 40.7128,
    longitude: -74.006,
  },
  { country: 'DE', countryName: 'Germany', region: 'Berlin', city: 'Berlin', latitude: 52.52, longitude: 13.405 },
  { country: 'CA', countryName: 'Canada', region: 'Ontario', city: 'Toronto', latitude: 43.6532, longitude: -79.3832 },
  {
    country: 'FR',
    countryName: 'France',
    region: 'Île-de-France',
    city: 'Paris',
    latitude: 48.8566,
    longitude: 2.3522,
  },
];
const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:143.0) Gecko/20100101 Firefox/143.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'curl/8.7.1',
];
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';

function chars(rng: Rng, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[rng.int(alphabet.length)];
  return out;
}

function uuid(rng: Rng, version = 4): string {
  const h = rng.hex(32);
  const variant = '89ab'[rng.int(4)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function makeWorld(rng: Rng, tenant: string): World {
  const domain = `${tenant.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.example.com`;
  const people: Person[] = [];
  const seen = new Set<string>();
  while (people.length < 24) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const login = `${first}-${last}`.toLowerCase();
    if (seen.has(login)) continue;
    seen.add(login);
    people.push({
      name: `${first} ${last}`,
      email: `${first}.${last}@${domain}`.toLowerCase(),
      login,
      githubId: 1_000_000 + rng.int(90_000_000),
      oktaId: `00u${chars(rng, BASE62, 17)}`,
      slackId: `W${chars(rng, UPPER_ALNUM, 10)}`,
      opUuid: chars(rng, BASE32, 26),
      googleId: `1${chars(rng, DIGITS, 20)}`,
    });
  }
  const ips = [
    ...Array.from({ length: 12 }, () => `203.0.113.${rng.between(1, 254)}`),
    ...Array.from({ length: 6 }, () => `198.51.100.${rng.between(1, 254)}`),
    ...Array.from({ length: 4 }, () => `2001:db8:${rng.hex(4)}::${rng.hex(2)}`),
  ];
  const repos = ['api', 'web', 'infra', 'billing', 'mobile', 'docs'];
  const teams = ['platform', 'security', 'frontend', 'data'];
  return { tenant, domain, people, ips, places: PLACES, agents: AGENTS, repos, teams };
}

type Maker = (rng: Rng, ms: number, world: World) => PeerRecord;

const iso = (ms: number): string => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------------------------
// GitHub: the audit-log REST / streaming shape with @timestamp and _document_id.

const GITHUB_ACTIONS: { action: string; operation: string; target: 'repo' | 'user' | 'team' | null; weight: number }[] =
  [
    { action: 'repo.access', operation: 'access', target: 'repo', weight: 6 },
    { action: 'git.clone', operation: 'access', target: 'repo', weight: 5 },
    { action: 'git.push', operation: 'modify', target: 'repo', weight: 4 },
    { action: 'api.request', operation: 'access', target: 'repo', weight: 6 },
    { action: 'pull_request.merge', operation: 'modify', target: 'repo', weight: 4 },
    { action: 'protected_branch.update', operation: 'modify', target: 'repo', weight: 1 },
    { action: 'repo.create', operation: 'create', target: 'repo', weight: 1 },
    { action: 'hook.create', operation: 'create', target: 'repo', weight: 1 },
    { action: 'org.add_member', operation: 'create', target: 'user', weight: 1 },
    { action: 'org.update_member', operation: 'modify', target: 'user', weight: 1 },
    { action: 'team.add_member', operation: 'modify', target: 'team', weight: 2 },
    { action: 'personal_access_token.request_created', operation: 'create', target: null, weight: 1 },
    { action: 'org.update_actions_secret', operation: 'modify', target: null, weight: 1 },
  ];
const GITHUB_TABLE = GITHUB_ACTIONS.flatMap((a) => Array.from({ length: a.weight }, () => a));
const API_ROUTES = [
  '/repos/{owner}/{repo}/pulls',
  '/repos/{owner}/{repo}/contents/{path}',
  '/repos/{owner}/{repo}/actions/runs',
];

const github: Maker = (rng, ms, w) => {
  const spec = rng.pick(GITHUB_TABLE);
  const bot = rng.chance(0.05);
  const person = rng.pick(w.people);
  const repoIndex = rng.int(w.repos.length);
  const repo = `${w.tenant}/${w.repos[repoIndex] ?? ''}`;
  const record: PeerRecord = {
    '@timestamp': ms,
    _document_id: chars(rng, BASE62 + '-_', 22),
    action: spec.action,
    actor: bot ? 'dependabot[bot]' : person.login,
    actor_id: bot ? 49_699_333 : person.githubId,
    actor_ip: rng.pick(w.ips),
    actor_is_bot: bot,
    actor_location: { country_code: rng.pick(w.places).country },
    created_at: ms,
    operation_type: spec.operation,
    org: w.tenant,
    org_id: 5_000_000,
    user_agent: rng.pick(w.agents),
  };
  // Orgs owned by an enterprise carry its slug; `business` is then the tenant (FORMATS.md), else `org` is.
  if (rng.chance(0.3)) Object.assign(record, { business: w.tenant, business_id: 42 });
  if (spec.target === 'repo') Object.assign(record, { repo, repo_id: 600_000 + repoIndex });
  if (spec.target === 'user') Object.assign(record, { user: rng.pick(w.people).login });
  if (spec.target === 'team')
    Object.assign(record, { team: `${w.tenant}/${rng.pick(w.teams)}`, user: rng.pick(w.people).login });
  if (spec.action.startsWith('git.'))
    Object.assign(record, { transport_protocol_name: rng.pick(['http', 'ssh']), repository_public: false });
  if (spec.action === 'api.request') {
    const status = rng.pick([200, 200, 200, 201, 204, 304, 401, 403, 404, 422]);
    Object.assign(record, {
      request_method: rng.pick(['GET', 'GET', 'POST', 'PATCH']),
      route: rng.pick(API_ROUTES),
      url_path: `/repos/${repo}/pulls`,
      status_code: status,
      programmatic_access_type: rng.pick([
        'OAuth access token',
        'Fine-grained personal access token',
        'GitHub App server-to-server token',
      ]),
    });
  }
  return record;
};

// ---------------------------------------------------------------------------------------------------------------
// Okta System Log LogEvent.

const OKTA_EVENTS: {
  type: string;
  message: string;
  outcomes: string[];
  target: 'app' | 'user' | 'group' | null;
  system?: boolean;
}[] = [
  {
    type: 'user.session.start',
    message: 'User login to Okta',
    outcomes: ['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILURE'],
    target: null,
  },
  { type: 'user.authentication.sso', message: 'User single sign on to app', outcomes: ['SUCCESS'], target: 'app' },
  {
    type: 'user.authentication.auth_via_mfa',
    message: 'Authentication of user via MFA',
    outcomes: ['SUCCESS', 'SUCCESS', 'FAILURE'],
    target: null,
  },
  {
    type: 'policy.evaluate_sign_on',
    message: 'Evaluation of sign-on policy',
    outcomes: ['ALLOW', 'ALLOW', 'DENY', 'CHALLENGE'],
    target: 'app',
  },
  { type: 'user.session.end', message: 'User logout from Okta', outcomes: ['SUCCESS'], target: null },
  {
    type: 'user.account.update_password',
    message: 'User update password for Okta',
    outcomes: ['SUCCESS'],
    target: 'user',
  },
  {
    type: 'group.user_membership.add',
    message: 'Add user to group membership',
    outcomes: ['SUCCESS'],
    target: 'group',
  },
  {
    type: 'application.user_membership.add',
    message: 'Add user to application membership',
    outcomes: ['SUCCESS'],
    target: 'app',
  },
  {
    type: 'system.import.user.complete',
    message: 'Import of user completed',
    outcomes: ['SUCCESS'],
    target: 'user',
    system: true,
  },
];
const OKTA_APPS = ['Slack', 'GitHub Enterprise', 'Google Workspace', 'AWS IAM Identity Center'];

const okta: Maker = (rng, ms, w) => {
  const spec = rng.pick(OKTA_EVENTS);
  const person = rng.pick(w.people);
  const result = rng.pick(spec.outcomes);
  const place = rng.pick(w.places);
  const ip = rng.pick(w.ips);
  const other = rng.pick(w.people);
  const targets: Record<string, unknown>[] | null =
    spec.target === 'app'
      ? [
          {
            id: `0oa${chars(rng, BASE62, 17)}`,
            type: 'AppInstance',
            alternateId: rng.pick(OKTA_APPS),
            displayName: rng.pick(OKTA_APPS),
            detailEntry: null,
          },
        ]
      : spec.target === 'user'
        ? [{ id: other.oktaId, type: 'User', alternateId: other.email, displayName: other.name, detailEntry: null }]
        : spec.target === 'group'
          ? [
              { id: other.oktaId, type: 'User', alternateId: other.email, displayName: other.name, detailEntry: null },
              {
                id: `00g${chars(rng, BASE62, 17)}`,
                type: 'UserGroup',
                alternateId: 'unknown',
                displayName: rng.pick(w.teams),
                detailEntry: null,
              },
            ]
          : null;
  const actor = spec.system
    ? {
        id: '0oa1system0000000000',
        type: 'SystemPrincipal',
        alternateId: 'system@okta.com',
        displayName: 'Okta System',
        detailEntry: null,
      }
    : { id: person.oktaId, type: 'User', alternateId: person.email, displayName: person.name, detailEntry: null };
  const agent = rng.pick(w.agents);
  return {
    actor,
    client: spec.system
      ? { userAgent: null, zone: 'null', device: null, id: null, ipAddress: null, geographicalContext: null }
      : {
          userAgent: {
            rawUserAgent: agent,
            os: agent.includes('Windows') ? 'Windows 10' : 'Mac OS X',
            browser: agent.includes('Firefox') ? 'FIREFOX' : 'CHROME',
          },
          zone: 'null',
          device: 'Computer',
          id: null,
          ipAddress: ip,
          geographicalContext: {
            city: place.city,
            state: place.region,
            country: place.countryName,
            postalCode: null,
            geolocation: { lat: place.latitude, lon: place.longitude },
          },
        },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      rootSessionId: `102${chars(rng, BASE62, 22)}`,
      externalSessionId: `102${chars(rng, BASE62, 22)}`,
    },
    displayMessage: spec.message,
    eventType: spec.type,
    outcome: {
      result,
      reason: result === 'FAILURE' ? 'INVALID_CREDENTIALS' : result === 'DENY' ? 'Sign-on policy denied' : null,
    },
    published: iso(ms),
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    severity: result === 'SUCCESS' || result === 'ALLOW' ? 'INFO' : 'WARN',
    debugContext: {
      debugData: { requestId: chars(rng, BASE62, 27), requestUri: '/api/v1/authn', url: '/api/v1/authn?' },
    },
    legacyEventType: null,
    transaction: { type: 'WEB', id: chars(rng, BASE62, 27), detail: {} },
    uuid: uuid(rng, 1),
    version: '0',
    request: {
      ipChain: spec.system
        ? []
        : [{ ip, geographicalContext: null, version: ip.includes(':') ? 'V6' : 'V4', source: null }],
    },
    target: targets,
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Slack Audit Logs entry.

const SLACK_ACTIONS: { action: string; entity: 'user' | 'channel' | 'file' | 'workspace' | 'app' }[] = [
  { action: 'user_login', entity: 'user' },
  { action: 'user_logout', entity: 'user' },
  { action: 'file_downloaded', entity: 'file' },
  { action: 'file_shared', entity: 'file' },
  { action: 'user_channel_join', entity: 'channel' },
  { action: 'public_channel_created', entity: 'channel' },
  { action: 'role_change_to_admin', entity: 'user' },
  { action: 'app_installed', entity: 'app' },
  { action: 'pref.sso_setting_changed', entity: 'workspace' },
];

const slack: Maker = (rng, ms, w) => {
  const spec = rng.pick(SLACK_ACTIONS);
  const person = rng.pick(w.people);
  const other = spec.action === 'role_change_to_admin' ? rng.pick(w.people) : person;
  const workspace = { id: `T${chars(rng, UPPER_ALNUM, 10)}`, name: w.tenant, domain: w.tenant.toLowerCase() };
  const entities = {
    user: { id: other.slackId, name: other.name, email: other.email, team: workspace.id },
    channel: {
      id: `C${chars(rng, UPPER_ALNUM, 10)}`,
      privacy: 'public',
      name: rng.pick(w.teams),
      is_shared: false,
      is_org_shared: false,
    },
    file: {
      id: `F${chars(rng, UPPER_ALNUM, 10)}`,
      name: `report-${rng.int(100)}.pdf`,
      filetype: 'pdf',
      title: 'Quarterly report',
    },
    workspace,
    app: {
      id: `A${chars(rng, UPPER_ALNUM, 10)}`,
      name: 'Jira Cloud',
      is_distributed: true,
      is_directory_approved: true,
      scopes: ['channels:read', 'chat:write'],
    },
  };
  return {
    id: uuid(rng),
    date_create: Math.floor(ms / 1000),
    action: spec.action,
    actor: { type: 'user', user: { id: person.slackId, name: person.name, email: person.email, team: workspace.id } },
    entity: { type: spec.entity, [spec.entity]: entities[spec.entity] },
    context: {
      location: { type: 'workspace', id: w.tenant, name: w.tenant, domain: w.tenant.toLowerCase() },
      ua: rng.pick(w.agents),
      ip_address: rng.pick(w.ips),
      session_id: String(1_000_000_000 + rng.int(1_000_000_000)),
    },
  };
};

// ---------------------------------------------------------------------------------------------------------------
// 1Password Events API: audit events and sign-in attempts. Timestamps carry nanoseconds, as the API's do.

/** RFC 3339 with nine fraction digits: the millisecond from `ms`, six more from the generator. */
function nanoTime(rng: Rng, ms: number): string {
  return `${iso(ms).slice(0, 23)}${String(rng.int(1_000_000)).padStart(6, '0')}Z`;
}

function opLocation(place: Place): Record<string, unknown> {
  return {
    country: place.country,
    region: place.region,
    city: place.city,
    latitude: place.latitude,
    longitude: place.longitude,
  };
}

const OP_AUDIT: [string, string][] = [
  ['create', 'vault'],
  ['grant', 'uva'],
  ['revoke', 'uva'],
  ['join', 'gm'],
  ['update', 'user'],
  ['suspend', 'user'],
  ['reactivate', 'user'],
  ['delete', 'vault'],
  ['verify', 'user'],
  ['create', 'invite'],
  ['update', 'ssoSettings'],
];

const onePasswordAudit: Maker = (rng, ms, w) => {
  const [action, objectType] = rng.pick(OP_AUDIT);
  const person = rng.pick(w.people);
  const place = rng.pick(w.places);
  return {
    uuid: chars(rng, BASE32, 26),
    timestamp: nanoTime(rng, ms),
    actor_uuid: person.opUuid,
    actor_details: { uuid: person.opUuid, name: person.name, email: person.email },
    action,
    object_type: objectType,
    object_uuid: chars(rng, BASE32, 26),
    aux_id: rng.int(10_000_000),
    aux_uuid: chars(rng, BASE32, 26),
    aux_info: objectType === 'uva' ? rng.pick(['R', 'RW', 'A']) : '',
    session: {
      uuid: chars(rng, BASE32, 26),
      login_time: iso(ms - rng.int(8 * 3_600_000)),
      device_uuid: chars(rng, 'abcdefghijklmnopqrstuvwxyz234567', 26),
      ip: rng.pick(w.ips),
    },
    location: opLocation(place),
    account_uuid: w.tenant,
  };
};

const OP_SIGNIN: [category: string, type: string, weight: number][] = [
  ['success', 'credentials_ok', 14],
  ['success', 'mfa_ok', 4],
  ['credentials_failed', 'password_secret_bad', 3],
  ['mfa_failed', 'totp_bad', 1],
  ['modern_version_failed', 'modern_version_old', 1],
  ['firewall_failed', 'country_blocked', 1],
];
const OP_SIGNIN_TABLE = OP_SIGNIN.flatMap((entry) => Array.from({ length: entry[2] }, () => entry));
const OP_CLIENTS = [
  {
    app_name: '1Password Browser Extension',
    app_version: '20270',
    platform_name: 'Chrome',
    platform_version: '141.0.0.0',
    os_name: 'MacOSX',
    os_version: '15.1',
  },
  {
    app_name: '1Password for Windows',
    app_version: '81100035',
    platform_name: '',
    platform_version: '',
    os_name: 'Windows',
    os_version: '11',
  },
  {
    app_name: '1Password CLI',
    app_version: '2310001',
    platform_name: '',
    platform_version: '',
    os_name: 'Linux',
    os_version: '6.8',
  },
];

const onePasswordSignin: Maker = (rng, ms, w) => {
  const [category, type] = rng.pick(OP_SIGNIN_TABLE);
  const person = rng.pick(w.people);
  const place = rng.pick(w.places);
  return {
    uuid: chars(rng, BASE32, 26),
    session_uuid: chars(rng, BASE32, 26),
    timestamp: nanoTime(rng, ms),
    category,
    type,
    country: place.country,
    target_user: { uuid: person.opUuid, name: person.name, email: person.email },
    client: { ...rng.pick(OP_CLIENTS), ip_address: rng.pick(w.ips) },
    location: opLocation(place),
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Google Workspace Admin Reports activity: one record holds 1–3 events. All of application `login`, so one stream
// (one route) serves the whole dataset; the route filters by application as Google does.

type GoogleEvent = { type: string; name: string; parameters: Record<string, unknown>[] };

function loginEvents(rng: Rng): GoogleEvent[] {
  const params = (suspicious: boolean) => [
    { name: 'login_type', value: 'google_password' },
    { name: 'login_challenge_method', multiValue: ['password'] },
    { name: 'is_suspicious', boolValue: suspicious },
  ];
  const roll = rng.int(10);
  if (roll < 5) return [{ type: 'login', name: 'login_success', parameters: params(false) }];
  if (roll < 7)
    return [{ type: 'login', name: 'logout', parameters: [{ name: 'login_type', value: 'google_password' }] }];
  if (roll < 9) {
    return [
      {
        type: 'login',
        name: 'login_verification',
        parameters: [{ name: 'login_challenge_method', multiValue: ['totp'] }],
      },
      { type: 'login', name: 'login_success', parameters: params(false) },
    ];
  }
  return Array.from({ length: rng.between(1, 3) }, () => ({
    type: 'login',
    name: 'login_failure',
    parameters: params(rng.chance(0.3)),
  }));
}

const googleWorkspace: Maker = (rng, ms, w) => {
  const person = rng.pick(w.people);
  // A few activities come from a service's API key rather than a person (FORMATS.md: actor type api_key).
  const key = rng.chance(0.05);
  const uniqueQualifier = `${rng.chance(0.5) ? '-' : ''}${rng.between(1, 9)}${chars(rng, DIGITS, 18)}`;
  return {
    kind: 'admin#reports#activity',
    id: { time: iso(ms), uniqueQualifier, applicationName: 'login', customerId: w.tenant },
    etag: `"${chars(rng, BASE62, 27)}/${chars(rng, BASE62 + '-_', 27)}"`,
    actor: key
      ? { callerType: 'KEY', email: `automation@${w.domain}`, profileId: person.googleId, key: 'SYSTEM' }
      : { email: person.email, profileId: person.googleId },
    ipAddress: rng.pick(w.ips),
    events: loginEvents(rng),
  };
};

const MAKERS: Record<Exclude<PeerPreset, 'generic'>, Maker> = {
  github,
  okta,
  slack,
  'onepassword-audit': onePasswordAudit,
  'onepassword-signin': onePasswordSignin,
  'google-workspace': googleWorkspace,
};
