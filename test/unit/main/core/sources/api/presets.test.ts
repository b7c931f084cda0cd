// The API presets' pure parts: base URLs (regional templates, no token in clear text over a network), where a next
// page is (and that a link to another origin is refused, so the token never leaves the API), and record times.
import { describe, expect, it } from 'vitest';
import type { ApiSourceSettings } from '@shared/domain/sources';
import { isAppError } from '../../../../../../src/main/core/errors';
import type { HttpResponse } from '../../../../../../src/main/core/sources/api/http';
import {
  epochMs,
  PRESETS,
  resolveBaseUrl,
  type StreamContext,
} from '../../../../../../src/main/core/sources/api/presets';
import { apiSettings } from '../../../../../helpers/source-settings';

function response(json: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status: 200, headers, body: Buffer.from(JSON.stringify(json)), json };
}

function errorCode(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('resolveBaseUrl', () => {
  it('fills a regional template and drops trailing slashes', () => {
    expect(resolveBaseUrl(apiSettings({ baseUrl: 'https://events.{region}.example.com/', region: 'eu' }))).toBe(
      'https://events.eu.example.com',
    );
  });

  it('asks for --region when the template has a placeholder and no region is set', () => {
    expect(errorCode(() => resolveBaseUrl(apiSettings({ baseUrl: 'https://events.{region}.example.com' })))).toBe(
      'USAGE',
    );
  });

  it('refuses plain http except to this machine, so a token never crosses a network in clear text', () => {
    expect(errorCode(() => resolveBaseUrl(apiSettings({ baseUrl: 'http://audit.example.com' })))).toBe('USAGE');
    expect(resolveBaseUrl(apiSettings({ baseUrl: 'http://127.0.0.1:8787' }))).toBe('http://127.0.0.1:8787');
    expect(resolveBaseUrl(apiSettings({ baseUrl: 'http://localhost:8787' }))).toBe('http://localhost:8787');
  });

  it('uses the provider default when no base URL is given', () => {
    expect(resolveBaseUrl(apiSettings({ preset: 'github', baseUrl: '' }))).toBe('https://api.github.com');
    expect(errorCode(() => resolveBaseUrl(apiSettings({ preset: 'okta', baseUrl: '' })))).toBe('USAGE');
  });
});

describe('pagination', () => {
  const context = (overrides: Partial<ApiSourceSettings>, stream = 'events'): StreamContext => {
    const s = apiSettings(overrides);
    return { settings: s, baseUrl: resolveBaseUrl(s), stream, pageSize: 100 };
  };

  it('GitHub follows Link rel="next" on the same origin and refuses one to another host', () => {
    const c = context({ preset: 'github', baseUrl: 'https://api.github.com', org: 'acme' });
    const first = PRESETS.github.first(c, { since: '2025-01-01T00:00:00Z', until: null });
    expect(first.url).toBe(
      'https://api.github.com/orgs/acme/audit-log?phrase=created%3A%3E%3D2025-01-01T00%3A00%3A00Z&include=all&order=asc&per_page=100',
    );
    const next = PRESETS.github.next(
      c,
      response([], {
        link: '<https://api.github.com/orgs/acme/audit-log?after=abc>; rel="next", <https://api.github.com/x>; rel="first"',
      }),
      first,
    );
    expect(next).toEqual({ method: 'GET', url: 'https://api.github.com/orgs/acme/audit-log?after=abc' });
    expect(PRESETS.github.next(c, response([], { link: '<https://api.github.com/x>; rel="prev"' }), first)).toBeNull();
    expect(
      errorCode(() =>
        PRESETS.github.next(c, response([], { link: '<https://evil.example.net/steal>; rel="next"' }), first),
      ),
    ).toBe('REMOTE');
  });

  it('Okta stops at an empty page even though a polling request always has a next link', () => {
    const c = context({ preset: 'okta', baseUrl: 'https://acme.okta.com' });
    const first = PRESETS.okta.first(c, { since: '2025-01-01T00:00:00Z', until: null });
    const link = { link: '<https://acme.okta.com/api/v1/logs?after=x>; rel="next"' };
    expect(PRESETS.okta.next(c, response([{ uuid: '1' }], link), first)).not.toBeNull();
    expect(PRESETS.okta.next(c, response([], link), first)).toBeNull();
  });

  it('generic and Slack repeat the window with the cursor; an empty cursor ends', () => {
    const g = context({});
    const first = PRESETS.generic.first(g, { since: '2025-01-01T00:00:00Z', until: '2025-02-01T00:00:00Z' });
    const next = PRESETS.generic.next(g, response({ data: [], next_cursor: 'c2' }), first);
    expect(new URL(next?.url ?? '').searchParams.get('cursor')).toBe('c2');
    expect(new URL(next?.url ?? '').searchParams.get('since')).toBe('2025-01-01T00:00:00Z');
    expect(PRESETS.generic.next(g, response({ data: [], next_cursor: null }), first)).toBeNull();

    const s = context({ preset: 'slack', baseUrl: 'https://api.slack.com' });
    const slackFirst = PRESETS.slack.first(s, { since: '2025-01-01T00:00:00Z', until: null });
    expect(new URL(slackFirst.url).searchParams.get('oldest')).toBe('1735689600');
    expect(
      PRESETS.slack.next(s, response({ entries: [], response_metadata: { next_cursor: '' } }), slackFirst),
    ).toBeNull();
  });

  it('1Password posts the window first, then the cursor, and keeps the cursor to poll from when caught up', () => {
    const c = context({ preset: 'onepassword', baseUrl: 'https://events.1password.com' }, 'signinattempts');
    const first = PRESETS.onepassword.first(c, { since: '2025-01-01T00:00:00Z', until: null });
    expect(first).toEqual({
      method: 'POST',
      url: 'https://events.1password.com/api/v2/signinattempts',
      body: '{"limit":100,"start_time":"2025-01-01T00:00:00Z"}',
    });
    const done = response({ cursor: 'k9', has_more: false, items: [] });
    expect(PRESETS.onepassword.next(c, done, first)).toBeNull();
    expect(PRESETS.onepassword.continuation?.(c, done)).toEqual({
      method: 'POST',
      url: first.url,
      body: '{"cursor":"k9"}',
    });
  });
});

describe('epochMs reads record times as FORMATS.md does', () => {
  it.each([
    ['2025-10-16T02:13:05.123Z', Date.UTC(2025, 9, 16, 2, 13, 5, 123)],
    ['2025-10-16T02:13:05', Date.UTC(2025, 9, 16, 2, 13, 5)],
    ['2025-10-16T04:13:05+02:00', Date.UTC(2025, 9, 16, 2, 13, 5)],
    [1760580785, 1760580785000],
    [1760580785123, 1760580785123],
    ['1760580785', 1760580785000],
    ['not a time', null],
    [null, null],
  ])('%s', (value, expected) => {
    expect(epochMs(value)).toBe(expected);
  });
});
