// The data routes: per preset, its path, auth schemes, query/body parameters, time window, page order and
// pagination (FORMATS.md and the providers' docs). Handlers are synchronous and pure over the stores: the server
// (server.ts) owns sockets, auth, faults and the request log.
import { decodeCursor, encodeCursor, packWindow, unpackWindow, type Window } from './cursor';
import { pageReply, type Reply } from './reply';
import type { RecordStore, StoreSpec, View } from './store';
import { addMs, epochKey, nextKey, parseIsoKey, recordTimeKey, type TimeKey } from './time';
import type { PeerPreset, PeerRecord } from './types';

// Time windows, per provider: generic since ≤ t < until; GitHub `created:` qualifiers as written (>=, >, <=, <,
// a day, A..B; a bare date means the whole UTC day); Okta since ≤ t < until; Slack oldest ≤ t ≤ latest (both
// inclusive, Unix seconds, as Slack documents); 1Password start_time ≤ t < end_time; Google startTime ≤ t < endTime.
// A missing lower bound means "from the first record": retention limits (Okta 180 days, 1Password 120) and
// default look-backs are not modelled, because the datasets are fixed in the past.

export interface RouteContext {
  url: URL;
  /** http://127.0.0.1:<port>, for absolute Link headers. */
  base: string;
  /** The pattern's captures. */
  params: string[];
  /** The request body as text (POST routes). */
  body: string;
  store: RecordStore;
}

export interface Route {
  preset: PeerPreset;
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Accepted Authorization schemes, lower case. */
  schemes: string[];
  handle(context: RouteContext): Reply;
}

/** A parameter problem, answered as 400 in the provider's error shape. */
class BadRequest extends Error {}

function fail(message: string): never {
  throw new BadRequest(message);
}

export function isBadRequest(error: unknown): error is Error {
  return error instanceof BadRequest;
}

// ---------------------------------------------------------------------------------------------------------------
// Stores: where each preset's record time is, and which filter keys a record belongs to.

const obj = (v: unknown): PeerRecord =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as PeerRecord) : {};

function timeOf(preset: PeerPreset, pick: (r: PeerRecord) => unknown) {
  return (record: PeerRecord): TimeKey => {
    const key = recordTimeKey(pick(record));
    if (!key) throw new Error(`a ${preset} record has no readable time: ${JSON.stringify(record).slice(0, 200)}`);
    return key;
  };
}

const lower = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v.toLowerCase() : null);

export const STORE_SPECS: Record<PeerPreset, StoreSpec> = {
  generic: {
    timeOf: timeOf('generic', (r) => r['occurred_at'] ?? r['created_at'] ?? r['timestamp']),
    keysOf: (r) => {
      const tenant = r['tenant_id'] ?? r['workspace_id'];
      return typeof tenant === 'string' || typeof tenant === 'number' ? [`tenant:${tenant}`] : [];
    },
  },
  // Orgs and enterprises are case-insensitive on GitHub. `include` splits git events from web ones; the enterprise
  // route serves the record's tenant (business, else org), as FORMATS.md reads it.
  github: {
    timeOf: timeOf('github', (r) => r['@timestamp'] ?? r['created_at']),
    keysOf: (r) => {
      const kind = typeof r['action'] === 'string' && r['action'].startsWith('git.') ? 'git' : 'web';
      const org = lower(r['org']);
      const enterprise = lower(r['business']) ?? org;
      const keys: string[] = [];
      if (org) keys.push(`org:${org}:all`, `org:${org}:${kind}`);
      if (enterprise) keys.push(`ent:${enterprise}:all`, `ent:${enterprise}:${kind}`);
      return keys;
    },
  },
  okta: { timeOf: timeOf('okta', (r) => r['published']) },
  slack: { timeOf: timeOf('slack', (r) => r['date_create']) },
  'onepassword-audit': { timeOf: timeOf('onepassword-audit', (r) => r['timestamp']) },
  'onepassword-signin': { timeOf: timeOf('onepassword-signin', (r) => r['timestamp']) },
  'google-workspace': {
    timeOf: timeOf('google-workspace', (r) => obj(r['id'])['time']),
    keysOf: (r) => {
      const app = obj(r['id'])['applicationName'];
      return typeof app === 'string' ? [`app:${app}`] : [];
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces.

function intParam(raw: string | null | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === null || raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) fail(`${name} must be a whole number from ${min} to ${max}`);
  return value;
}

function isoParam(raw: string | null, name: string): TimeKey | null {
  if (raw === null || raw === '') return null;
  return parseIsoKey(raw) ?? fail(`${name} is not an RFC 3339 time: ${raw}`);
}

function checkWindow(window: Window): Window {
  if (
    window.lo &&
    window.hi &&
    (window.lo.ms > window.hi.ms || (window.lo.ms === window.hi.ms && window.lo.ns > window.hi.ns))
  ) {
    fail('the start of the time range is after its end');
  }
  return window;
}

/** View indices [lo, hi) inside a window. */
function bounds(store: RecordStore, view: View, window: Window): { lo: number; hi: number } {
  return {
    lo: window.lo ? store.lowerBound(view, window.lo) : 0,
    hi: window.hi ? store.lowerBound(view, window.hi) : view.length,
  };
}

interface Position {
  window: Window;
  /** A view index: the next record to serve (ascending) or one past it (descending). */
  at: number;
  payload: Record<string, unknown>;
}

/**
 * A cursor of this route, checked: its tag, window and position; anything else is a bad request (`message` is the
 * provider's wording). `viewOf` finds the view the cursor walks, which may depend on the query it carries.
 */
function readCursor(
  text: string,
  tag: string,
  viewOf: (payload: Record<string, unknown>) => View | null,
  message = 'invalid cursor',
): Position {
  const payload = decodeCursor(text);
  const window = payload && payload['r'] === tag ? unpackWindow(payload['w']) : null;
  const view = payload && window ? viewOf(payload) : null;
  const at = payload?.['p'];
  if (!payload || !window || !view || typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0 || at > view.length)
    fail(message);
  return { window, at, payload };
}

function cursorFor(tag: string, window: Window, at: number, extra: Record<string, unknown> = {}): string {
  return encodeCursor({ r: tag, w: packWindow(window), p: at, ...extra });
}

/** The request URL with one pagination parameter replaced, absolute on the peer's origin. */
function linkTo(context: RouteContext, set: Record<string, string>, drop: string[] = []): string {
  const target = new URL(context.url.pathname + context.url.search, context.base);
  for (const name of drop) target.searchParams.delete(name);
  for (const [name, value] of Object.entries(set)) target.searchParams.set(name, value);
  return target.toString();
}

function reject(url: URL, names: string[]): void {
  for (const name of names) if (url.searchParams.has(name)) fail(`${name} is not supported by this test server`);
}

// ---------------------------------------------------------------------------------------------------------------
// generic: GET /api/audit-log → {data, next_cursor}, oldest first.

function genericTime(raw: string | null, name: string): TimeKey | null {
  if (raw === null || raw === '') return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return epochKey(Number(raw));
  return parseIsoKey(raw) ?? fail(`${name} is not an ISO-8601 time or epoch number: ${raw}`);
}

const generic: Route = {
  preset: 'generic',
  method: 'GET',
  pattern: /^\/api\/audit-log$/,
  schemes: ['bearer'],
  handle({ url, store }) {
    const q = url.searchParams;
    const limit = intParam(q.get('limit'), 'limit', 100, 1, 1000);
    const cursor = q.get('cursor');
    const viewOf = (tenant: unknown): View | null =>
      tenant === null ? store.all : typeof tenant === 'string' ? store.view(`tenant:${tenant}`) : null;
    // The cursor carries its query: the window and tenant of the first page win over repeated parameters.
    const position = cursor ? readCursor(cursor, 'generic', (payload) => viewOf(payload['t'])) : null;
    const tenant = position ? (position.payload['t'] as string | null) : q.get('workspace_id') || null;
    const window =
      position?.window ??
      checkWindow({ lo: genericTime(q.get('since'), 'since'), hi: genericTime(q.get('until'), 'until') });
    const view = viewOf(tenant) ?? store.all;
    const { lo, hi } = bounds(store, view, window);
    const from = Math.min(position?.at ?? lo, hi);
    const to = Math.min(from + limit, hi);
    const next = to < hi ? JSON.stringify(cursorFor('generic', window, to, { t: tenant })) : 'null';
    return pageReply('{"data":[', store.join(view, from, to, false), `],"next_cursor":${next}}`);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// GitHub: GET /orgs/{org}/audit-log and /enterprises/{ent}/audit-log → bare array, Link rel="next"/"prev".

/** `created:` qualifiers of a search phrase as a half-open window; other qualifiers are refused. */
function phraseWindow(phrase: string): Window {
  let lo: TimeKey | null = null;
  let hi: TimeKey | null = null;
  const raise = (key: TimeKey) => {
    if (!lo || key.ms > lo.ms || (key.ms === lo.ms && key.ns > lo.ns)) lo = key;
  };
  const cap = (key: TimeKey) => {
    if (!hi || key.ms < hi.ms || (key.ms === hi.ms && key.ns < hi.ns)) hi = key;
  };
  for (const term of phrase.split(/\s+/).filter(Boolean)) {
    const m = /^created:(>=|<=|>|<)?(.+)$/.exec(term);
    if (!m) fail(`unsupported phrase term: ${term} (this test server knows created: only)`);
    const [, op, value = ''] = m;
    const range = op ? null : /^(.+)\.\.(.+)$/.exec(value);
    if (range) {
      raise(phraseTime(range[1] ?? '').start);
      cap(phraseTime(range[2] ?? '').end);
      continue;
    }
    const time = phraseTime(value);
    if (op === '>=') raise(time.start);
    else if (op === '>') raise(time.end);
    else if (op === '<=') cap(time.end);
    else if (op === '<') cap(time.start);
    else {
      raise(time.start);
      cap(time.end);
    }
  }
  return { lo, hi };
}

/** A phrase value: a date covers its whole UTC day; a date-time covers its own instant. */
function phraseTime(value: string): { start: TimeKey; end: TimeKey } {
  const key = parseIsoKey(value) ?? fail(`created: needs a date or date-time, got ${value}`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? { start: key, end: addMs(key, 86_400_000) }
    : { start: key, end: nextKey(key) };
}

function githubRoute(kind: 'org' | 'ent', pattern: RegExp): Route {
  return {
    preset: 'github',
    method: 'GET',
    pattern,
    schemes: ['bearer', 'token'],
    handle(context) {
      const { url, store } = context;
      const q = url.searchParams;
      const name = decodeURIComponent(context.params[0] ?? '').toLowerCase();
      const include = q.get('include') || 'web';
      if (!['web', 'git', 'all'].includes(include)) fail('include must be web, git or all');
      const order = q.get('order') || 'desc';
      if (order !== 'asc' && order !== 'desc') fail('order must be asc or desc');
      // GitHub caps per_page at 100 rather than refusing more.
      const perPage = Math.min(intParam(q.get('per_page'), 'per_page', 30, 1, Number.MAX_SAFE_INTEGER), 100);
      const after = q.get('after');
      const before = q.get('before');
      if (after && before) fail('after and before cannot be used together');
      const tag = `github:${kind}:${name}:${include}:${order}`;
      const view = store.view(`${kind}:${name}:${include}`);
      const cursor = after || before;
      const position = cursor ? readCursor(cursor, tag, () => view) : null;
      const window = position?.window ?? phraseWindow(q.get('phrase') ?? '');
      const { lo, hi } = bounds(store, view, window);
      const asc = order === 'asc';
      // Pages are view ranges [from, to); `after` moves in the listing order, `before` against it.
      const forward = !before;
      let from: number;
      let to: number;
      if (!position) [from, to] = asc ? [lo, Math.min(lo + perPage, hi)] : [Math.max(lo, hi - perPage), hi];
      else if (asc === forward) [from, to] = [Math.min(position.at, hi), Math.min(position.at + perPage, hi)];
      else [from, to] = [Math.max(lo, position.at - perPage), Math.min(position.at, hi)];
      from = Math.min(from, to);
      const links: string[] = [];
      const [nextAt, hasNext, prevAt, hasPrev] = asc ? [to, to < hi, from, from > lo] : [from, from > lo, to, to < hi];
      const drop = ['after', 'before'];
      if (hasNext) links.push(`<${linkTo(context, { after: cursorFor(tag, window, nextAt) }, drop)}>; rel="next"`);
      if (hasPrev) links.push(`<${linkTo(context, { before: cursorFor(tag, window, prevAt) }, drop)}>; rel="prev"`);
      return pageReply('[', store.join(view, from, to, !asc), ']', links.length ? { link: links.join(', ') } : {});
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Okta: GET /api/v1/logs → bare array, Link rel="self" and rel="next" as separate headers.

const okta: Route = {
  preset: 'okta',
  method: 'GET',
  pattern: /^\/api\/v1\/logs$/,
  schemes: ['ssws', 'bearer'],
  handle(context) {
    const { url, store } = context;
    const q = url.searchParams;
    reject(url, ['filter', 'q']);
    const limit = intParam(q.get('limit'), 'limit', 100, 1, 1000);
    const sortOrder = q.get('sortOrder') || 'ASCENDING';
    if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') fail('sortOrder must be ASCENDING or DESCENDING');
    const tag = `okta:${sortOrder}`;
    const view = store.all;
    const after = q.get('after');
    const position = after ? readCursor(after, tag, () => view) : null;
    const window =
      position?.window ?? checkWindow({ lo: isoParam(q.get('since'), 'since'), hi: isoParam(q.get('until'), 'until') });
    const { lo, hi } = bounds(store, view, window);
    const links = [`<${linkTo(context, {})}>; rel="self"`];
    let records: Buffer[];
    if (sortOrder === 'ASCENDING') {
      const from = Math.min(position?.at ?? lo, hi);
      const to = Math.min(from + limit, hi);
      // A polling request (no until) always links onwards, even from an empty page: that is how Okta says "come back later".
      if (to < hi || !window.hi) links.push(`<${linkTo(context, { after: cursorFor(tag, window, to) })}>; rel="next"`);
      records = store.join(view, from, to, false);
    } else {
      // Newest first is a bounded listing: it starts at the newest record in the window when first asked.
      const end = Math.min(position?.at ?? hi, hi);
      const from = Math.max(lo, end - limit);
      if (from > lo) links.push(`<${linkTo(context, { after: cursorFor(tag, window, from) })}>; rel="next"`);
      records = store.join(view, from, end, true);
    }
    return pageReply('[', records, ']', { link: links });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Slack: GET /audit/v1/logs → {entries, response_metadata:{next_cursor}}, newest first.

/** Slack's Unix-seconds parameters; its error for a bad one is the code `invalid_arguments`. */
function unixParam(raw: string | null): number | null {
  if (raw === null || raw === '') return null;
  if (!/^\d+$/.test(raw)) fail('invalid_arguments');
  return Number(raw);
}

const slack: Route = {
  preset: 'slack',
  method: 'GET',
  pattern: /^\/audit\/v1\/logs$/,
  schemes: ['bearer'],
  handle({ url, store }) {
    const q = url.searchParams;
    reject(url, ['action', 'actor', 'entity']);
    const limitRaw = q.get('limit');
    if (limitRaw && (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > 9999))
      fail('invalid_arguments');
    const limit = limitRaw ? Number(limitRaw) : 100;
    const view = store.all;
    const cursor = q.get('cursor');
    const position = cursor ? readCursor(cursor, 'slack', () => view, 'invalid_cursor') : null;
    const oldest = unixParam(q.get('oldest'));
    const latest = unixParam(q.get('latest'));
    if (!position && oldest !== null && latest !== null && oldest > latest) fail('invalid_arguments');
    // latest is inclusive: everything before the next second.
    const window = position?.window ?? {
      lo: oldest === null ? null : epochKey(oldest),
      hi: latest === null ? null : { ms: (latest + 1) * 1000, ns: 0 },
    };
    const { lo, hi } = bounds(store, view, window);
    const end = Math.min(position?.at ?? hi, hi);
    const from = Math.max(lo, end - limit);
    const next = from > lo ? cursorFor('slack', window, from) : '';
    return pageReply(
      '{"entries":[',
      store.join(view, from, end, true),
      `],"response_metadata":{"next_cursor":${JSON.stringify(next)}}}`,
    );
  },
};

// ---------------------------------------------------------------------------------------------------------------
// 1Password: POST /api/v1|v2/auditevents and /signinattempts → {cursor, has_more, items}, oldest first.

function onePasswordRoute(preset: 'onepassword-audit' | 'onepassword-signin', stream: string): Route {
  const tag = `1password:${stream}`;
  return {
    preset,
    method: 'POST',
    pattern: new RegExp(`^/api/v[12]/${stream}$`),
    schemes: ['bearer'],
    handle({ body, store }) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        fail('the body is not JSON');
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        fail('the body must be a JSON object');
      const request = parsed as PeerRecord;
      const view = store.all;
      let window: Window;
      let limit: number;
      let start: number | null = null;
      if (request['cursor'] !== undefined) {
        if (typeof request['cursor'] !== 'string') fail('cursor must be a string');
        const position = readCursor(request['cursor'], tag, () => view);
        const l = position.payload['l'];
        if (typeof l !== 'number' || !Number.isSafeInteger(l) || l < 1 || l > 1000) fail('invalid cursor');
        [window, limit, start] = [position.window, l, position.at];
      } else {
        const l = request['limit'] ?? 100;
        if (typeof l !== 'number' || !Number.isSafeInteger(l) || l < 1 || l > 1000)
          fail('limit must be between 1 and 1000');
        const time = (name: string): TimeKey | null => {
          const v = request[name];
          if (v === undefined || v === null) return null;
          return (typeof v === 'string' ? parseIsoKey(v) : null) ?? fail(`${name} must be an RFC 3339 time`);
        };
        [window, limit] = [checkWindow({ lo: time('start_time'), hi: time('end_time') }), l];
      }
      const { lo, hi } = bounds(store, view, window);
      const from = Math.min(start ?? lo, hi);
      const to = Math.min(from + limit, hi);
      // The cursor comes back even at the end: polling with it later returns what arrived since.
      const cursor = cursorFor(tag, window, to, { l: limit });
      return pageReply(
        `{"cursor":${JSON.stringify(cursor)},"has_more":${to < hi},"items":[`,
        store.join(view, from, to, false),
        ']}',
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Google Workspace: GET /admin/reports/v1/activity/users/all/applications/{app} → {kind, items?, nextPageToken?}.

const googleWorkspace: Route = {
  preset: 'google-workspace',
  method: 'GET',
  pattern: /^\/admin\/reports\/v1\/activity\/users\/all\/applications\/([^/]+)$/,
  schemes: ['bearer'],
  handle({ url, store, params }) {
    const q = url.searchParams;
    reject(url, ['eventName', 'filters', 'actorIpAddress', 'orgUnitID', 'groupIdFilter']);
    const app = decodeURIComponent(params[0] ?? '');
    const limit = intParam(q.get('maxResults'), 'maxResults', 1000, 1, 1000);
    const tag = `google:${app}`;
    const view = store.view(`app:${app}`);
    const token = q.get('pageToken');
    const position = token ? readCursor(token, tag, () => view) : null;
    const window =
      position?.window ??
      checkWindow({ lo: isoParam(q.get('startTime'), 'startTime'), hi: isoParam(q.get('endTime'), 'endTime') });
    const { lo, hi } = bounds(store, view, window);
    const end = Math.min(position?.at ?? hi, hi);
    const from = Math.max(lo, end - limit);
    const next = from > lo ? `,"nextPageToken":${JSON.stringify(cursorFor(tag, window, from))}` : '';
    if (from === end) return pageReply(`{"kind":"admin#reports#activities","etag":"\\"peer\\""${next}}`, [], '');
    return pageReply(
      '{"kind":"admin#reports#activities","etag":"\\"peer\\"","items":[',
      store.join(view, from, end, true),
      `]${next}}`,
    );
  },
};

export const ROUTES: readonly Route[] = [
  generic,
  githubRoute('org', /^\/orgs\/([^/]+)\/audit-log$/),
  githubRoute('ent', /^\/enterprises\/([^/]+)\/audit-log$/),
  okta,
  slack,
  onePasswordRoute('onepassword-audit', 'auditevents'),
  onePasswordRoute('onepassword-signin', 'signinattempts'),
  googleWorkspace,
];
