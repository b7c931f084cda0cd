// One preset per audit-log API (FORMATS.md): how to ask for a window of events, how to follow its pagination,
// where its records and their times are, and how it wants the token. Records then go through the same mappings
// as files (store/mappings.ts). Next-page links are followed only on the API's own origin, so a token is never
// sent elsewhere.
import type { ApiPreset, ApiSourceSettings } from '@shared/domain/sources';
import { AppError } from '../../errors';
import type { FormatChoice } from '../../formats/formats';
import type { HttpRequest, HttpResponse } from './http';

export interface TimeWindow {
  since: string | null;
  until: string | null;
}

export interface StreamContext {
  settings: ApiSourceSettings;
  /** The base URL with its `{region}` filled in, no trailing slash. */
  baseUrl: string;
  stream: string;
  pageSize: number;
}

export interface Preset {
  provider: string;
  format: FormatChoice;
  defaultBaseUrl: string | null;
  /** Streams synced when the source names none (1Password: two event kinds; Google: applications). */
  defaultStreams: string[];
  maxPageSize: number;
  /** Days the provider keeps events (its documentation); null when it does not say or keeps them indefinitely. */
  retentionDays: number | null;
  authorization(token: string): string;
  first(context: StreamContext, window: TimeWindow): HttpRequest;
  /** The next page's request, or null at the end of the window. */
  next(context: StreamContext, response: HttpResponse, request: HttpRequest): HttpRequest | null;
  records(json: unknown): unknown[];
  /** Epoch milliseconds of a record, for the checkpoint's newest-event mark. */
  timeMs(record: unknown): number | null;
  /** Where a caught-up stream continues next run (1Password keeps its cursor); null = restart from the newest event. */
  continuation?(context: StreamContext, response: HttpResponse): HttpRequest | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** ISO text (no zone = UTC) or epoch seconds/milliseconds (≥ 10^11 is milliseconds), as FORMATS.md reads them. */
export function epochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value >= 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return epochMs(Number(value));
  const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
}

function url(base: string, path: string, params: Record<string, string | number | null | undefined>): string {
  const target = new URL(base + path);
  for (const [name, value] of Object.entries(params))
    if (value !== null && value !== undefined) target.searchParams.set(name, String(value));
  return target.toString();
}

/** The `rel="next"` target of a Link header, kept on the API's origin. */
function linkNext(response: HttpResponse, context: StreamContext): string | null {
  const header = response.headers['link'];
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return sameOrigin(match[1], context);
  }
  return null;
}

function sameOrigin(target: string, context: StreamContext): string {
  const resolved = new URL(target, context.baseUrl);
  if (resolved.origin !== new URL(context.baseUrl).origin) {
    throw new AppError(
      'REMOTE',
      `The API sent a next-page link to ${resolved.origin}, not ${new URL(context.baseUrl).origin}; refusing to send the token there.`,
    );
  }
  return resolved.toString();
}

/** Keeps every query parameter of the request and sets one more (cursor-style APIs repeat the window each page). */
function withParam(request: HttpRequest, name: string, value: string): HttpRequest {
  const next = new URL(request.url);
  next.searchParams.set(name, value);
  return { method: request.method, url: next.toString() };
}

/** Slack takes Unix seconds; a window given as ISO text is converted, digits pass as given. */
function unixSeconds(value: string | null): string | null {
  if (value === null || /^\d+$/.test(value)) return value;
  const ms = epochMs(value);
  if (ms === null)
    throw new AppError('USAGE', `"${value}" is not a time Trailscope can read (use ISO-8601 or Unix seconds).`);
  return String(Math.floor(ms / 1000));
}

const bearer = (token: string) => `Bearer ${token}`;

const generic: Preset = {
  provider: 'The audit-log API',
  format: 'generic',
  defaultBaseUrl: null,
  defaultStreams: ['events'],
  maxPageSize: 1000,
  retentionDays: null,
  authorization: bearer,
  first: (c, w) => ({
    method: 'GET',
    url: url(c.baseUrl, '/api/audit-log', {
      workspace_id: c.settings.tenant,
      since: w.since,
      until: w.until,
      limit: c.pageSize,
    }),
  }),
  next: (_c, response, request) => {
    const cursor = obj(response.json)['next_cursor'];
    return typeof cursor === 'string' && cursor !== '' ? withParam(request, 'cursor', cursor) : null;
  },
  records: (json) => list(obj(json)['data']),
  timeMs: (r) => epochMs(obj(r)['occurred_at'] ?? obj(r)['created_at'] ?? obj(r)['timestamp']),
};

const github: Preset = {
  provider: 'GitHub',
  format: 'github',
  defaultBaseUrl: 'https://api.github.com',
  defaultStreams: ['audit-log'],
  maxPageSize: 100,
  // GitHub keeps the audit log 180 days (Git events 7).
  retentionDays: 180,
  authorization: bearer,
  first: (c, w) => {
    const { org, enterprise } = c.settings;
    if (!org && !enterprise) throw new AppError('USAGE', 'A GitHub source needs --org or --enterprise.');
    const path = enterprise
      ? `/enterprises/${encodeURIComponent(enterprise)}/audit-log`
      : `/orgs/${encodeURIComponent(org ?? '')}/audit-log`;
    const phrase = [w.since && `created:>=${w.since}`, w.until && `created:<${w.until}`].filter(Boolean).join(' ');
    return {
      method: 'GET',
      url: url(c.baseUrl, path, { phrase: phrase || null, include: 'all', order: 'asc', per_page: c.pageSize }),
    };
  },
  next: (c, response) => {
    const next = linkNext(response, c);
    return next ? { method: 'GET', url: next } : null;
  },
  records: list,
  timeMs: (r) => epochMs(obj(r)['@timestamp'] ?? obj(r)['created_at']),
};

const okta: Preset = {
  provider: 'Okta',
  format: 'okta',
  defaultBaseUrl: null,
  defaultStreams: ['logs'],
  maxPageSize: 1000,
  // Okta's System Log keeps 90 days.
  retentionDays: 90,
  authorization: (token) => `SSWS ${token}`,
  first: (c, w) => ({
    method: 'GET',
    url: url(c.baseUrl, '/api/v1/logs', { since: w.since, until: w.until, limit: c.pageSize, sortOrder: 'ASCENDING' }),
  }),
  // A polling request (no `until`) always has a next link, even on an empty page: an empty page means caught up.
  next: (c, response) => {
    const next = linkNext(response, c);
    return next && list(response.json).length > 0 ? { method: 'GET', url: next } : null;
  },
  records: list,
  timeMs: (r) => epochMs(obj(r)['published']),
};

const slack: Preset = {
  provider: 'Slack',
  format: 'slack',
  defaultBaseUrl: 'https://api.slack.com',
  defaultStreams: ['logs'],
  maxPageSize: 9999,
  retentionDays: null,
  authorization: bearer,
  first: (c, w) => ({
    method: 'GET',
    url: url(c.baseUrl, '/audit/v1/logs', {
      oldest: unixSeconds(w.since),
      latest: unixSeconds(w.until),
      limit: c.pageSize,
    }),
  }),
  next: (_c, response, request) => {
    const cursor = obj(obj(response.json)['response_metadata'])['next_cursor'];
    return typeof cursor === 'string' && cursor !== '' ? withParam(request, 'cursor', cursor) : null;
  },
  records: (json) => list(obj(json)['entries']),
  timeMs: (r) => epochMs(obj(r)['date_create']),
};

const onePassword: Preset = {
  provider: '1Password',
  format: 'onepassword',
  defaultBaseUrl: 'https://events.1password.com',
  defaultStreams: ['auditevents', 'signinattempts'],
  maxPageSize: 1000,
  retentionDays: null,
  authorization: bearer,
  first: (c, w) => ({
    method: 'POST',
    url: `${c.baseUrl}/api/v2/${encodeURIComponent(c.stream)}`,
    body: JSON.stringify({
      limit: c.pageSize,
      ...(w.since ? { start_time: w.since } : {}),
      ...(w.until ? { end_time: w.until } : {}),
    }),
  }),
  next: (c, response) => {
    const body = obj(response.json);
    return body['has_more'] === true && typeof body['cursor'] === 'string' ? cursorRequest(c, body['cursor']) : null;
  },
  records: (json) => list(obj(json)['items']),
  timeMs: (r) => epochMs(obj(r)['timestamp']),
  // When has_more is false the cursor is kept: polling with it later returns what arrived since.
  continuation: (c, response) => {
    const cursor = obj(response.json)['cursor'];
    return typeof cursor === 'string' && cursor !== '' ? cursorRequest(c, cursor) : null;
  },
};

function cursorRequest(c: StreamContext, cursor: string): HttpRequest {
  return {
    method: 'POST',
    url: `${c.baseUrl}/api/v2/${encodeURIComponent(c.stream)}`,
    body: JSON.stringify({ cursor }),
  };
}

const googleWorkspace: Preset = {
  provider: 'Google Workspace',
  format: 'google-workspace',
  defaultBaseUrl: 'https://admin.googleapis.com',
  defaultStreams: ['admin', 'login'],
  maxPageSize: 1000,
  // Google Workspace's Reports API keeps most activity six months.
  retentionDays: 180,
  authorization: bearer,
  first: (c, w) => ({
    method: 'GET',
    url: url(c.baseUrl, `/admin/reports/v1/activity/users/all/applications/${encodeURIComponent(c.stream)}`, {
      startTime: w.since,
      endTime: w.until,
      maxResults: c.pageSize,
    }),
  }),
  next: (_c, response, request) => {
    const token = obj(response.json)['nextPageToken'];
    return typeof token === 'string' && token !== '' ? withParam(request, 'pageToken', token) : null;
  },
  records: (json) => list(obj(json)['items']),
  timeMs: (r) => epochMs(obj(obj(r)['id'])['time']),
};

export const PRESETS: Record<ApiPreset, Preset> = {
  generic,
  github,
  okta,
  slack,
  onepassword: onePassword,
  'google-workspace': googleWorkspace,
};

/** The base URL with its `{region}` template filled in. */
export function resolveBaseUrl(settings: ApiSourceSettings): string {
  const preset = PRESETS[settings.preset];
  const template = settings.baseUrl || preset.defaultBaseUrl;
  if (!template) throw new AppError('USAGE', `A ${preset.provider} source needs --base-url.`);
  if (template.includes('{region}') && !settings.region) {
    throw new AppError('USAGE', `The base URL ${template} has a {region} placeholder: pass --region.`);
  }
  const filled = template.replaceAll('{region}', settings.region ?? '').replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(filled);
  } catch {
    throw new AppError('USAGE', `"${filled}" is not a URL.`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  // A token must not cross a network in clear text; plain http is only for a server on this machine (tests, tunnels).
  if (!(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback))) {
    throw new AppError('USAGE', `The base URL must be https (http only to 127.0.0.1 or localhost): ${filled}.`);
  }
  return filled;
}
