// The audit-API peer (test/peers/audit-api) over real HTTP on 127.0.0.1, driven by a minimal independent client per
// preset: every record exactly once and in the documented order through the documented pagination, time filters,
// auth and cursor errors in the provider's shape, cursors stable while newer data arrives, and every fault kind.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  parseFault,
  PEER_PRESETS,
  peerRecords,
  startAuditApiPeer,
  type AuditApiPeer,
  type Fault,
  type PeerPreset,
  type PeerRecord,
} from '../peers/audit-api';

const TOKEN = 'peer-test-token_do-not-log';
const MAX_PAGES = 10_000;
const EVENTS = 237;
const GENERIC_EVENTS = 400;
const PAGE = 50;

type Headers = Record<string, string | string[] | undefined>;
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON, checked by the assertions
}

async function call(
  url: string,
  options: { method?: 'GET' | 'POST'; auth?: string | null; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.auth !== null) headers['authorization'] = options.auth ?? `Bearer ${TOKEN}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(url, {
    method: options.method ?? 'GET',
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** The target of a Link header's `rel`, whether the links came in one header or several. */
function link(headers: Headers, rel: string): string | null {
  const raw = headers['link'];
  const all = Array.isArray(raw) ? raw.join(', ') : (raw ?? '');
  for (const part of all.split(/,\s*(?=<)/)) {
    const m = /^<([^>]+)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m && m[2] === rel) return m[1] ?? null;
  }
  return null;
}

const obj = (v: unknown): PeerRecord => v as PeerRecord;

/** A record's time as the tests compare it: epoch ms, or (1Password) the fixed-width nanosecond text. */
const TIME: Record<PeerPreset, (r: PeerRecord) => number | string> = {
  generic: (r) => Date.parse(String(r['occurred_at'])),
  github: (r) => Number(r['@timestamp']),
  okta: (r) => Date.parse(String(r['published'])),
  slack: (r) => Number(r['date_create']) * 1000,
  'onepassword-audit': (r) => String(r['timestamp']),
  'onepassword-signin': (r) => String(r['timestamp']),
  'google-workspace': (r) => Date.parse(String(obj(r['id'])['time'])),
};

/** The time text a provider takes as a filter bound, for a record. */
const BOUND: Record<PeerPreset, (r: PeerRecord) => string> = {
  generic: (r) => String(r['occurred_at']),
  github: (r) => new Date(Number(r['@timestamp'])).toISOString(),
  okta: (r) => String(r['published']),
  slack: (r) => String(r['date_create']),
  'onepassword-audit': (r) => String(r['timestamp']),
  'onepassword-signin': (r) => String(r['timestamp']),
  'google-workspace': (r) => String(obj(r['id'])['time']),
};

interface Paged {
  records: PeerRecord[];
  pages: number;
}

interface Query {
  since?: string;
  until?: string;
}

/** Per preset: a minimal client that follows only the documented pagination. */
const DRIVERS: Record<
  PeerPreset,
  { order: 'asc' | 'desc'; pageAll(base: string, size: number, q?: Query): Promise<Paged> }
> = {
  generic: {
    order: 'asc',
    async pageAll(base, size, q = {}) {
      const params = new URLSearchParams({ workspace_id: 'acme', limit: String(size) });
      if (q.since) params.set('since', q.since);
      if (q.until) params.set('until', q.until);
      const records: PeerRecord[] = [];
      let cursor: string | null = null;
      for (let pages = 1; pages <= MAX_PAGES; pages++) {
        if (cursor) params.set('cursor', cursor);
        const page = await call(`${base}/api/audit-log?${params}`);
        expect(page.status).toBe(200);
        const body = page.json();
        records.push(...body.data);
        cursor = body.next_cursor;
        if (cursor === null) return { records, pages };
      }
      throw new Error('too many pages');
    },
  },
  github: {
    order: 'desc',
    async pageAll(base, size, q = {}) {
      const phrase = [q.since && `created:>=${q.since}`, q.until && `created:<${q.until}`].filter(Boolean).join(' ');
      let url: string | null =
        `${base}/orgs/acme/audit-log?per_page=${size}&include=all${phrase ? `&phrase=${encodeURIComponent(phrase)}` : ''}`;
      const records: PeerRecord[] = [];
      for (let pages = 1; pages <= MAX_PAGES; pages++) {
        const page: Answer = await call(url, { auth: `token ${TOKEN}` });
        expect(page.status).toBe(200);
        records.push(...page.json());
        url = link(page.headers, 'next');
        if (!url) return { records, pages };
      }
      throw new Error('too many pages');
    },
  },
  okta: {
    order: 'asc',
    async pageAll(base, size, q = {}) {
      const params = new URLSearchParams({ limit: String(size), sortOrder: 'ASCENDING' });
      if (q.since) params.set('since', q.since);
      if (q.until) params.set('until', q.until);
      let url: string | null = `${base}/api/v1/logs?${params}`;
      const records: PeerRecord[] = [];
      for (let pages = 1; pages <= MAX_PAGES; pages++) {
        const page: Answer = await call(url, { auth: `SSWS ${TOKEN}` });
        expect(page.status).toBe(200);
        expect(link(page.headers, 'self')).not.toBeNull();
        const items = page.json();
        records.push(...items);
        url = link(page.headers, 'next');
        // Polling (no until): a next link always, and an empty page means caught up.
        if (!q.until) expect(url).not.toBeNull();
        if (!url || items.length === 0) return { records, pages };
      }
      throw new Error('too many pages');
    },
  },
  slack: {
    order: 'desc',
    async pageAll(base, size, q = {}) {
      const params = new URLSearchParams({ limit: String(size) });
      if (q.since) params.set('oldest', q.since);
      if (q.until) params.set('latest', q.until);
      const records: PeerRecord[] = [];
      for (let pages = 1; pages <= MAX_PAGES; pages++) {
        const page = await call(`${base}/audit/v1/logs?${params}`);
        expect(page.status).toBe(200);
        const body = page.json();
        records.push(...body.entries);
        const cursor: string = body.response_metadata.next_cursor;
        if (cursor === '') return { records, pages };
        params.set('cursor', cursor);
      }
      throw new Error('too many pages');
    },
  },
  'onepassword-audit': {
    order: 'asc',
    pageAll: (base, size, q) => onePasswordAll(`${base}/api/v2/auditevents`, size, q),
  },
  'onepassword-signin': {
    order: 'asc',
    pageAll: (base, size, q) => onePasswordAll(`${base}/api/v1/signinattempts`, size, q),
  },
  'google-workspace': {
    order: 'desc',
    async pageAll(base, size, q = {}) {
      const params = new URLSearchParams({ maxResults: String(size) });
      if (q.since) params.set('startTime', q.since);
      if (q.until) params.set('endTime', q.until);
      const records: PeerRecord[] = [];
      for (let pages = 1; pages <= MAX_PAGES; pages++) {
        const page = await call(`${base}/admin/reports/v1/activity/users/all/applications/login?${params}`);
        expect(page.status).toBe(200);
        const body = page.json();
        expect(body.kind).toBe('admin#reports#activities');
        records.push(...(body.items ?? []));
        if (body.nextPageToken === undefined) return { records, pages };
        params.set('pageToken', body.nextPageToken);
      }
      throw new Error('too many pages');
    },
  },
};

async function onePasswordAll(url: string, size: number, q: Query = {}): Promise<Paged> {
  let body: unknown = {
    limit: size,
    ...(q.since ? { start_time: q.since } : {}),
    ...(q.until ? { end_time: q.until } : {}),
  };
  const records: PeerRecord[] = [];
  for (let pages = 1; pages <= MAX_PAGES; pages++) {
    const page = await call(url, { method: 'POST', body });
    expect(page.status).toBe(200);
    const json = page.json();
    records.push(...json.items);
    expect(typeof json.cursor).toBe('string');
    if (!json.has_more) return { records, pages };
    body = { cursor: json.cursor };
  }
  throw new Error('too many pages');
}

function dataset(preset: PeerPreset, events = preset === 'generic' ? GENERIC_EVENTS : EVENTS): PeerRecord[] {
  return peerRecords(preset, { events, seed: 7, tenant: 'acme' });
}

const started: AuditApiPeer[] = [];
async function peerWith(
  records: Partial<Record<PeerPreset, PeerRecord[]>>,
  faults: Fault[] = [],
): Promise<AuditApiPeer> {
  const peer = await startAuditApiPeer({ token: TOKEN, records, faults });
  started.push(peer);
  return peer;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.close()));
});

describe('every preset, through its documented pagination', () => {
  const data = Object.fromEntries(PEER_PRESETS.map((p) => [p, dataset(p)])) as Record<PeerPreset, PeerRecord[]>;
  let peer: AuditApiPeer;
  beforeAll(async () => {
    peer = await startAuditApiPeer({ token: TOKEN, records: data });
  });
  afterAll(() => peer.close());

  it.each(PEER_PRESETS)('%s: every record exactly once, in the documented order', async (preset) => {
    const { records, pages } = await DRIVERS[preset].pageAll(peer.url, PAGE);

    const expected = DRIVERS[preset].order === 'asc' ? data[preset] : [...data[preset]].reverse();
    expect(records).toEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / PAGE));
  });

  it.each(PEER_PRESETS)('%s: the time filter keeps exactly the window', async (preset) => {
    const all = data[preset];
    const [from, to] = [all[50] as PeerRecord, all[120] as PeerRecord];
    const time = TIME[preset];

    const { records } = await DRIVERS[preset].pageAll(peer.url, PAGE, {
      since: BOUND[preset](from),
      until: BOUND[preset](to),
    });

    // Slack's latest is inclusive; everywhere else the window is [since, until).
    const inside = (r: PeerRecord) =>
      time(r) >= time(from) && (preset === 'slack' ? time(r) <= time(to) : time(r) < time(to));
    const expected = all.filter(inside);
    expect(expected.length).toBeGreaterThan(50);
    expect(records).toEqual(DRIVERS[preset].order === 'asc' ? expected : [...expected].reverse());
  });

  it('the generic records are the hash-chained demo dataset of the tenant', () => {
    const chain = data.generic.map((r) => obj(r['chain'])['seq']);
    expect(chain).toEqual(data.generic.map((_, i) => i + 1));
    expect(new Set(data.generic.map((r) => r['tenant_id']))).toEqual(new Set(['acme']));
  });

  it('datasets are deterministic, and the tenant goes where each format keeps it', () => {
    expect(peerRecords('okta', { events: 20, seed: 7, tenant: 'acme' })).toEqual(data.okta.slice(0, 20));
    expect(peerRecords('okta', { events: 20, seed: 8 })).not.toEqual(data.okta.slice(0, 20));
    const other = Object.fromEntries(
      PEER_PRESETS.map((p) => [p, peerRecords(p, { events: 5, tenant: 'globex' })[0] as PeerRecord]),
    );
    expect(other['generic']?.['tenant_id']).toBe('globex');
    expect(other['github']?.['org']).toBe('globex');
    expect(obj(obj(other['slack']?.['context'])['location'])['id']).toBe('globex');
    expect(other['onepassword-audit']?.['account_uuid']).toBe('globex');
    expect(obj(other['google-workspace']?.['id'])['customerId']).toBe('globex');
    expect(String(other['onepassword-signin']?.['timestamp'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('GitHub: newest first with 30 per page by default, per_page capped at 100, order=asc, and a prev link back', async () => {
    const first = await call(`${peer.url}/orgs/ACME/audit-log?include=all`, { auth: `Bearer ${TOKEN}` });
    expect(first.json()).toEqual([...data.github].reverse().slice(0, 30));
    expect(link(first.headers, 'prev')).toBeNull();

    const capped = await call(`${peer.url}/enterprises/acme/audit-log?include=all&per_page=500&order=asc`);
    expect(capped.json()).toEqual(data.github.slice(0, 100));

    const second = await call(link(capped.headers, 'next') ?? '');
    expect(second.json()).toEqual(data.github.slice(100, 200));
    const back = await call(link(second.headers, 'prev') ?? '');
    expect(back.json()).toEqual(data.github.slice(0, 100));
  });

  it('GitHub: include defaults to web (no git events), and a bare date in the phrase is its whole UTC day', async () => {
    const web = await call(`${peer.url}/orgs/acme/audit-log?per_page=100&order=asc`);
    const expectedWeb = data.github.filter((r) => !String(r['action']).startsWith('git.')).slice(0, 100);
    expect(web.json()).toEqual(expectedWeb);

    const day = new Date(Number(data.github[0]?.['@timestamp'])).toISOString().slice(0, 10);
    const { records } = await DRIVERS.github.pageAll(peer.url, 100, {});
    const sameDay = await call(
      `${peer.url}/orgs/acme/audit-log?per_page=100&include=all&phrase=${encodeURIComponent(`created:${day}`)}`,
    );
    const expected = records.filter((r) => new Date(Number(r['@timestamp'])).toISOString().startsWith(day));
    expect(sameDay.json()).toEqual(expected.slice(0, 100));

    const unknownOrg = await call(`${peer.url}/orgs/initech/audit-log?include=all`);
    expect(unknownOrg.json()).toEqual([]);
    const unsupported = await call(`${peer.url}/orgs/acme/audit-log?phrase=action:repo.create`);
    expect(unsupported.status).toBe(400);
  });

  it('Okta: a bounded request (until) has no next link on its last page', async () => {
    const until = data.okta[60]?.['published'] as string;
    const page = await call(`${peer.url}/api/v1/logs?limit=100&until=${until}`, { auth: `SSWS ${TOKEN}` });

    expect(page.json()).toEqual(data.okta.slice(0, 60));
    expect(link(page.headers, 'next')).toBeNull();
    expect(link(page.headers, 'self')).toBe(`${peer.url}/api/v1/logs?limit=100&until=${until}`);
  });

  it('1Password: nanosecond bounds are exact', async () => {
    const all = data['onepassword-audit'];
    const i = all.findIndex((r, index) => index >= 10 && /[0-8]Z$/.test(String(r['timestamp'])));
    const at = String(all[i]?.['timestamp']);
    const oneNanoLater = at.replace(/(\d)Z$/, (_, d: string) => `${Number(d) + 1}Z`);

    const from = (start_time: string) =>
      call(`${peer.url}/api/v2/auditevents`, { method: 'POST', body: { limit: 1, start_time } });
    expect((await from(at)).json().items).toEqual([all[i]]);
    expect((await from(oneNanoLater)).json().items).toEqual([all[i + 1]]);
  });

  it('Google: an empty page has neither items nor nextPageToken, and each application is its own listing', async () => {
    const empty = await call(
      `${peer.url}/admin/reports/v1/activity/users/all/applications/login?startTime=2030-01-01T00:00:00Z`,
    );
    expect(empty.json()).toEqual({ kind: 'admin#reports#activities', etag: expect.any(String) });
    const admin = await call(`${peer.url}/admin/reports/v1/activity/users/all/applications/admin`);
    expect(admin.json().items).toBeUndefined();
    const page = await call(`${peer.url}/admin/reports/v1/activity/users/all/applications/login?maxResults=3`);
    expect(page.json().items).toEqual([...data['google-workspace']].reverse().slice(0, 3));
  });

  it('limits outside the documented range are refused in the provider shape', async () => {
    const generic = await call(`${peer.url}/api/audit-log?limit=1001`);
    expect([generic.status, generic.json().error]).toEqual([400, 'invalid_request']);
    const okta = await call(`${peer.url}/api/v1/logs?limit=0`, { auth: `SSWS ${TOKEN}` });
    expect([okta.status, okta.json().errorCode]).toEqual([400, 'E0000001']);
    const slack = await call(`${peer.url}/audit/v1/logs?limit=10000`);
    expect([slack.status, slack.json()]).toEqual([400, { ok: false, error: 'invalid_arguments' }]);
    for (const limit of [0, 1001]) {
      const op = await call(`${peer.url}/api/v2/signinattempts`, { method: 'POST', body: { limit } });
      expect([op.status, typeof op.json().Error.Message]).toEqual([400, 'string']);
    }
    const google = await call(`${peer.url}/admin/reports/v1/activity/users/all/applications/login?maxResults=1001`);
    expect([google.status, google.json().error.status]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});

describe('auth and cursors', () => {
  const ROUTE: Record<PeerPreset, { url: string; method?: 'POST'; body?: unknown; scheme: string }> = {
    generic: { url: '/api/audit-log', scheme: 'Bearer' },
    github: { url: '/orgs/acme/audit-log', scheme: 'token' },
    okta: { url: '/api/v1/logs', scheme: 'SSWS' },
    slack: { url: '/audit/v1/logs', scheme: 'Bearer' },
    'onepassword-audit': { url: '/api/v2/auditevents', method: 'POST', body: { limit: 10 }, scheme: 'Bearer' },
    'onepassword-signin': { url: '/api/v2/signinattempts', method: 'POST', body: { limit: 10 }, scheme: 'Bearer' },
    'google-workspace': { url: '/admin/reports/v1/activity/users/all/applications/login', scheme: 'Bearer' },
  };
  const UNAUTHORIZED: Record<PeerPreset, unknown> = {
    generic: { error: 'unauthorized' },
    github: expect.objectContaining({ message: 'Bad credentials' }),
    okta: expect.objectContaining({ errorCode: 'E0000011', errorSummary: 'Invalid token provided' }),
    slack: { ok: false, error: 'invalid_auth' },
    'onepassword-audit': { Error: { Message: 'Unauthorized' } },
    'onepassword-signin': { Error: { Message: 'Unauthorized' } },
    'google-workspace': {
      error: expect.objectContaining({
        code: 401,
        status: 'UNAUTHENTICATED',
        message: 'Request had invalid authentication credentials.',
      }),
    },
  };

  it.each(PEER_PRESETS)(
    '%s: 401 in the provider shape without the token, with a wrong one or a wrong scheme',
    async (preset) => {
      const peer = await peerWith({ [preset]: dataset(preset, preset === 'generic' ? GENERIC_EVENTS : 20) });
      const { url, method, body, scheme } = ROUTE[preset];
      const target = `${peer.url}${url}`;

      for (const auth of [null, `${scheme} wrong-token`, `Basic ${TOKEN}`, TOKEN]) {
        const answer = await call(target, { method, body, auth });
        expect(answer.status).toBe(401);
        expect(answer.json()).toEqual(UNAUTHORIZED[preset]);
      }
      expect((await call(target, { method, body, auth: `${scheme} ${TOKEN}` })).status).toBe(200);
      // The log keeps the scheme only: a header that is all credential leaves nothing.
      expect(peer.requests.map((r) => r.authScheme)).toEqual([null, scheme, 'Basic', '', scheme]);
      expect(JSON.stringify(peer.requests)).not.toContain(TOKEN);
    },
  );

  it.each(PEER_PRESETS)('%s: a tampered or unknown cursor is a 400 in the provider shape', async (preset) => {
    const peer = await peerWith({ [preset]: dataset(preset) });
    const { url, method, scheme } = ROUTE[preset];
    const auth = `${scheme} ${TOKEN}`;
    const param = {
      generic: 'cursor',
      github: 'after',
      okta: 'after',
      slack: 'cursor',
      'google-workspace': 'pageToken',
    } as Record<PeerPreset, string>;
    const next = async (cursor: string) =>
      method === 'POST'
        ? call(`${peer.url}${url}`, { method, body: { cursor }, auth })
        : call(
            `${peer.url}${url}?${param[preset]}=${encodeURIComponent(cursor)}&limit=10&per_page=10&maxResults=10&include=all`,
            { auth },
          );
    const real = await firstCursor(peer, preset, auth);
    expect((await next(real)).status).toBe(200);

    const [body, mac] = real.split('.') as [string, string];
    const tampered = `${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${mac}`;
    for (const cursor of [
      tampered,
      'not-a-cursor',
      `${Buffer.from('{"p":0}').toString('base64url')}.AAAAAAAAAAAAAAAA`,
    ]) {
      const answer = await next(cursor);
      expect(answer.status).toBe(400);
      const shape = answer.json();
      if (preset === 'generic') expect(shape.error).toBe('invalid_request');
      if (preset === 'github') expect(typeof shape.message).toBe('string');
      if (preset === 'okta') expect(shape.errorCode).toBe('E0000001');
      if (preset === 'slack') expect(shape).toEqual({ ok: false, error: 'invalid_cursor' });
      if (preset.startsWith('onepassword')) expect(typeof shape.Error.Message).toBe('string');
      if (preset === 'google-workspace') expect(shape.error.status).toBe('INVALID_ARGUMENT');
    }
  });

  /** A genuine next-page cursor of the preset. */
  async function firstCursor(peer: AuditApiPeer, preset: PeerPreset, auth: string): Promise<string> {
    const base = peer.url;
    switch (preset) {
      case 'generic':
        return (await call(`${base}/api/audit-log?limit=10`, { auth })).json().next_cursor;
      case 'github':
      case 'okta': {
        const page = await call(`${base}${ROUTE[preset].url}?limit=10&per_page=10&include=all`, { auth });
        return new URL(link(page.headers, 'next') ?? '').searchParams.get('after') ?? '';
      }
      case 'slack':
        return (await call(`${base}/audit/v1/logs?limit=10`, { auth })).json().response_metadata.next_cursor;
      case 'onepassword-audit':
      case 'onepassword-signin':
        return (await call(`${base}${ROUTE[preset].url}`, { method: 'POST', body: { limit: 10 }, auth })).json().cursor;
      case 'google-workspace':
        return (await call(`${base}${ROUTE[preset].url}?maxResults=10`, { auth })).json().nextPageToken;
    }
  }

  it('a cursor of one listing is refused by another (tenant, org, order, preset)', async () => {
    const peer = await peerWith({ generic: dataset('generic'), github: dataset('github') });
    const generic = (await call(`${peer.url}/api/audit-log?limit=10&workspace_id=acme`)).json().next_cursor as string;
    const github = await call(`${peer.url}/orgs/acme/audit-log?per_page=10&include=all`);
    const after = new URL(link(github.headers, 'next') ?? '').searchParams.get('after') ?? '';

    expect((await call(`${peer.url}/orgs/acme/audit-log?include=all&order=asc&after=${after}`)).status).toBe(400);
    expect((await call(`${peer.url}/enterprises/acme/audit-log?include=all&after=${after}`)).status).toBe(400);
    expect((await call(`${peer.url}/audit/v1/logs?cursor=${generic}`)).status).toBe(400);
    // The generic cursor carries its tenant: repeating another workspace_id does not switch listings.
    const again = await call(`${peer.url}/api/audit-log?limit=10&workspace_id=other&cursor=${generic}`);
    expect(again.json().data).toEqual(dataset('generic').slice(10, 20));
  });

  it('cursors keep their position while newer records arrive, and survive a restart of the peer', async () => {
    const all = dataset('slack', 300);
    const peer = await peerWith({ slack: all.slice(0, 200), generic: dataset('generic').slice(0, 200) });
    const slackFirst = (await call(`${peer.url}/audit/v1/logs?limit=50`)).json();
    const genericFirst = (await call(`${peer.url}/api/audit-log?limit=50`)).json();

    peer.addRecords('slack', all.slice(200));
    peer.addRecords('generic', dataset('generic').slice(200));
    const slackNext = (
      await call(`${peer.url}/audit/v1/logs?limit=50&cursor=${slackFirst.response_metadata.next_cursor}`)
    ).json();
    const genericNext = (await call(`${peer.url}/api/audit-log?limit=50&cursor=${genericFirst.next_cursor}`)).json();

    expect(slackFirst.entries).toEqual(all.slice(150, 200).reverse());
    expect(slackNext.entries).toEqual(all.slice(100, 150).reverse());
    expect(genericNext.data).toEqual(dataset('generic').slice(50, 100));

    const restarted = await peerWith({ generic: dataset('generic') });
    const resumed = (await call(`${restarted.url}/api/audit-log?limit=50&cursor=${genericFirst.next_cursor}`)).json();
    expect(resumed.data).toEqual(dataset('generic').slice(50, 100));
  });

  it('records must arrive oldest first', async () => {
    const okta = dataset('okta', 10);
    await expect(peerWith({ okta: [okta[1] as PeerRecord, okta[0] as PeerRecord] })).rejects.toThrow(/oldest first/);
    const peer = await peerWith({ okta });
    expect(() => peer.addRecords('okta', okta.slice(0, 1))).toThrow(/oldest first/);
  });
});

describe('polling: newer data after the end of a listing', () => {
  it('Okta: the next link of an empty polling page later returns the new records', async () => {
    const all = dataset('okta', 120);
    const peer = await peerWith({ okta: all.slice(0, 100) });
    const { records } = await DRIVERS.okta.pageAll(peer.url, 40);
    expect(records).toEqual(all.slice(0, 100));
    const lastUrl = peer.requests.at(-1)?.url ?? '';

    peer.addRecords('okta', all.slice(100));
    const later = await call(`${peer.url}${lastUrl}`, { auth: `SSWS ${TOKEN}` });

    expect(later.json()).toEqual(all.slice(100));
    expect(link(later.headers, 'next')).not.toBeNull();
  });

  it('1Password: the cursor of the last page (has_more false) later returns what was added', async () => {
    const all = dataset('onepassword-signin', 130);
    const peer = await peerWith({ 'onepassword-signin': all.slice(0, 100) });
    const end = (await call(`${peer.url}/api/v2/signinattempts`, { method: 'POST', body: { limit: 1000 } })).json();
    expect([end.items.length, end.has_more]).toEqual([100, false]);

    const nothing = (
      await call(`${peer.url}/api/v2/signinattempts`, { method: 'POST', body: { cursor: end.cursor } })
    ).json();
    peer.addRecords('onepassword-signin', all.slice(100));
    const later = (
      await call(`${peer.url}/api/v2/signinattempts`, { method: 'POST', body: { cursor: nothing.cursor } })
    ).json();

    expect([nothing.items, nothing.has_more]).toEqual([[], false]);
    expect(later.items).toEqual(all.slice(100));
  });
});

describe('faults', () => {
  const genericPage = (peer: AuditApiPeer, query = 'limit=10') => call(`${peer.url}/api/audit-log?${query}`);

  it('429 carries Retry-After, on exactly the data requests it covers', async () => {
    const peer = await peerWith({ generic: dataset('generic') }, [
      { kind: '429', at: 2, times: 2, retryAfterSeconds: 7 },
    ]);

    const statuses: number[] = [];
    const notFound = await call(`${peer.url}/nowhere`);
    for (let i = 0; i < 4; i++) {
      const answer = await genericPage(peer);
      statuses.push(answer.status);
      if (answer.status === 429)
        expect([answer.headers['retry-after'], answer.json()]).toEqual(['7', { error: 'rate_limited' }]);
    }

    expect(notFound.status).toBe(404);
    expect(statuses).toEqual([200, 429, 429, 200]);
    expect(peer.requests.map((r) => r.status)).toEqual([404, 200, 429, 429, 200]);
  });

  it('403-rate-limit is GitHub-style: remaining 0 and a reset time retryAfterSeconds ahead', async () => {
    const peer = await peerWith({ github: dataset('github') }, [
      { kind: '403-rate-limit', at: 1, retryAfterSeconds: 30 },
    ]);

    const answer = await call(`${peer.url}/orgs/acme/audit-log`);

    expect(answer.status).toBe(403);
    expect(answer.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(answer.headers['x-ratelimit-reset']);
    expect(reset - Date.now() / 1000).toBeGreaterThan(28);
    expect(reset - Date.now() / 1000).toBeLessThan(32);
    expect(answer.json().message).toMatch(/rate limit/);
  });

  it('500, 502 and 503 answer with a short error in the provider shape, then service resumes', async () => {
    const peer = await peerWith({ slack: dataset('slack') }, [
      { kind: '500', at: 1 },
      { kind: '502', at: 2 },
      { kind: '503', at: 3 },
    ]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await call(`${peer.url}/audit/v1/logs?limit=5`));

    expect(answers.map((a) => a.status)).toEqual([500, 502, 503, 200]);
    expect(answers[0]?.json()).toEqual({ ok: false, error: 'fatal_error' });
  });

  it('reset destroys the socket without a response', async () => {
    const peer = await peerWith({ generic: dataset('generic') }, [{ kind: 'reset', at: 1 }]);

    const error = await genericPage(peer).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );

    expect(error?.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    expect(peer.requests.map((r) => r.status)).toEqual(['reset']);
    expect((await genericPage(peer)).status).toBe(200);
  });

  it('slow waits delayMs, then answers normally', async () => {
    const peer = await peerWith({ generic: dataset('generic') }, [{ kind: 'slow', at: 1, delayMs: 200 }]);

    const t0 = performance.now();
    const answer = await genericPage(peer);

    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(answer.json().data).toEqual(dataset('generic').slice(0, 10));
  });

  it('truncated sends the full Content-Length but half the body, then drops the connection', async () => {
    const peer = await peerWith({ generic: dataset('generic') }, [{ kind: 'truncated', at: 1 }]);

    const res = await request(`${peer.url}/api/audit-log?limit=100`, { headers: { authorization: `Bearer ${TOKEN}` } });

    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(10_000);
    await expect(res.body.text()).rejects.toThrow();
    expect((await genericPage(peer, 'limit=100')).json().data).toHaveLength(100);
  });

  it('repeat sends the previous page again, byte for byte, cursor included', async () => {
    const peer = await peerWith({ generic: dataset('generic'), okta: dataset('okta') }, [
      { kind: 'repeat', at: 1 },
      { kind: 'repeat', at: 4 },
    ]);

    const noPrevious = await genericPage(peer);
    const second = await genericPage(peer, `limit=10&cursor=${noPrevious.json().next_cursor}`);
    const okta = await call(`${peer.url}/api/v1/logs?limit=10`, { auth: `SSWS ${TOKEN}` });
    const repeated = await genericPage(peer, `limit=10&cursor=${second.json().next_cursor}`);

    expect(noPrevious.json().data).toEqual(dataset('generic').slice(0, 10));
    expect(okta.status).toBe(200);
    expect(repeated.text).toBe(second.text);
    expect(repeated.json().data).toEqual(dataset('generic').slice(10, 20));
  });

  it('expired-token answers 401 from `at` on until the faults are replaced; setFaults restarts the count', async () => {
    const peer = await peerWith({ 'google-workspace': dataset('google-workspace') }, [
      { kind: 'expired-token', at: 2, times: 1 },
    ]);
    const page = () => call(`${peer.url}/admin/reports/v1/activity/users/all/applications/login?maxResults=5`);

    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await page()).status);
    peer.setFaults([{ kind: '503', at: 2 }]);
    for (let i = 0; i < 3; i++) statuses.push((await page()).status);

    expect(statuses).toEqual([200, 401, 401, 401, 200, 503, 200]);
  });

  it('1Password faults hit POST data requests too', async () => {
    const peer = await peerWith({ 'onepassword-audit': dataset('onepassword-audit') }, [{ kind: '429', at: 1 }]);

    const answer = await call(`${peer.url}/api/v2/auditevents`, { method: 'POST', body: { limit: 5 } });

    expect([answer.status, answer.headers['retry-after'], answer.json()]).toEqual([
      429,
      '1',
      { Error: { Message: 'Too Many Requests' } },
    ]);
  });

  it('the command-line form of a fault', () => {
    expect(parseFault('503@5x2')).toEqual({ kind: '503', at: 5, times: 2 });
    expect(parseFault('slow@1x3:250')).toEqual({ kind: 'slow', at: 1, times: 3, delayMs: 250 });
    expect(parseFault('429@2:30')).toEqual({ kind: '429', at: 2, retryAfterSeconds: 30 });
    expect(() => parseFault('teapot@1')).toThrow(/kind/);
    expect(() => parseFault('500@0')).toThrow(/at/);
  });
});

describe('npm run peer', () => {
  it('prints each preset with its URL and the token, serves, and stops on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/peers/run-peer.ts',
        '--port',
        '0',
        '--events',
        '400',
        '--token',
        TOKEN,
        '--fault',
        '503@1',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: string[] = [];
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line);
        if (line.startsWith('ready') || lines.length > 50) break;
      }
      const base = /(http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1] ?? '';
      expect(lines.filter((l) => l.includes(base) && PEER_PRESETS.some((p) => l.includes(p)))).toHaveLength(
        PEER_PRESETS.length,
      );
      expect(lines).toContain(`token: ${TOKEN}`);

      expect((await call(`${base}/audit/v1/logs?limit=5`)).status).toBe(503);
      expect((await call(`${base}/audit/v1/logs?limit=5`)).json().entries).toEqual(
        peerRecords('slack', { events: 400 }).slice(395).reverse(),
      );
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
