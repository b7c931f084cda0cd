// End to end through the Sources panel, in Chromium on `trailscope serve` (which cannot store secrets, so the form
// asks for an environment variable's name): (a) import files by path and see the result, the rejects and the new
// events after Refresh, and a drop in a browser explained; (b) add an API source pointing at the audit-API peer
// (its token handed to serve through PEER_TOKEN), watch it be rate-limited, sync to "Up to date" and its events
// appear after Refresh; (c) a sync whose environment variable is unset fails, in words, until dismissed; (d) a source
// someone else saved in the case asks, before its first sync, whether its host may have the secret it names.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CaseStore } from '../../src/main/core/store/case-store';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { apiSettings } from '../helpers/source-settings';
import { FIXTURES, tempDir } from '../helpers/temp';
import { callApi, chromiumPath, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { SourcesPage } from './pages/sources.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 20_000, interval: 100 };
const TENANT = 'ws_acme';
const TOKEN = 'tkn_e2e-Peer-Secret-0123456789';
const PEER_EVENTS = 300;
const RECORDS = join(FIXTURES, 'formats', 'generic', 'records.ndjson');
const REJECTS = join(FIXTURES, 'formats', 'generic', 'rejects.ndjson');

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: the Sources panel' : 'e2e: the Sources panel (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let sources: SourcesPage;
    let peer: AuditApiPeer;
    const total = async () => (await callApi(served, 'events.count', { query: '', timeZone: 'UTC' })).count;

    beforeAll(async () => {
      // The first data request is rate-limited for 3 s: the panel must say so, then finish.
      peer = await startAuditApiPeer({
        token: TOKEN,
        records: { generic: peerRecords('generic', { events: PEER_EVENTS, seed: 11, tenant: TENANT }) },
        faults: [{ kind: '429', at: 1, retryAfterSeconds: 3 }],
      });
      const casePath = join(await tempDir(), 'case.duckdb');
      (await CaseStore.create(casePath, { tenantId: TENANT })).close();
      served = await serve(casePath, { PEER_TOKEN: TOKEN });
      browser = await launchBrowser();
      page = await openApp(browser, served);
      sources = new SourcesPage(page);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
      await peer?.close();
    });

    it('(a) imports files typed as paths: the result, the rejects, and the new events after Refresh', async () => {
      expect(await total()).toBe(0);
      await sources.open();
      await expect.poll(() => sources.panel.innerText(), POLL).toContain('Nothing in this case yet');
      await sources.openImport();
      expect(await sources.panel.innerText()).toContain('Paths on the machine running trailscope serve:');

      await sources.importPaths([RECORDS, REJECTS]);
      await expect.poll(() => sources.importSummary.count(), POLL).toBe(1);
      const imported = await total();
      expect(imported).toBeGreaterThan(0);
      const summary = await sources.importSummary.innerText();
      expect(summary).toMatch(
        new RegExp(`^✓ Imported 2 files: ${imported} added, \\d+ duplicates?, [1-9]\\d* rejected\\.`),
      );
      const rejects = await sources.showRejects();
      expect(rejects.length).toBeGreaterThan(1);
      expect(rejects.slice(1).every((row) => row.includes('rejects.ndjson'))).toBe(true);
      await screenshot(page, 'sources-01-import-result');

      // Esc: first back to the list, then out of the panel, with focus back on the button that opened it.
      await sources.pressEscape();
      await sources.heading.filter({ hasText: /^Sources$/ }).waitFor();
      await sources.pressEscape();
      await sources.panel.waitFor({ state: 'hidden' });
      expect(await sources.openButtonHasFocus()).toBe(true);
      await sources.refreshButton.click();
      await expect.poll(() => sources.toolbarEventCount(), POLL).toBe(imported);
    });

    it('(a) a drop in a browser says it needs the desktop app and offers the path dialog', async () => {
      await sources.dropFiles([{ name: 'okta-export.json', text: '[]' }]);
      await sources.importNotice.waitFor();
      expect(await sources.importNotice.innerText()).toContain('Dropping files needs the desktop app');
      expect(await sources.importNotice.innerText()).toContain('okta-export.json');
      await expect.poll(() => sources.hasFocus(sources.pathsInput), POLL).toBe(true);
      await screenshot(page, 'sources-02-drop-in-browser');
      await sources.close();
    });

    it('(b) adds an API source through the form, syncs it to "Up to date" past a rate limit, and shows its events after Refresh', async () => {
      const before = await total();
      await sources.open();
      await sources.openAddForm();
      // Nothing filled in: the problems show under their fields, in words, and focus goes to the first.
      await sources.save();
      expect(await sources.fieldError('Base URL')).toContain('Enter the base URL');
      expect(await sources.fieldError('Environment variable holding the API token')).toBe(
        'Name the environment variable that holds the API token.',
      );
      expect(await sources.focusedLabel()).toBe('Base URL');
      // A secret where a variable's name belongs is refused before it leaves the page.
      await sources.field('Environment variable holding the API token').fill('sk-live/0123');
      expect(await sources.fieldError('Environment variable holding the API token')).toContain(
        'NAME of an environment variable',
      );
      await sources.field('Base URL').fill('http://audit.example.com');
      expect(await sources.fieldError('Base URL')).toContain('must be https');
      await screenshot(page, 'sources-03-form-errors');

      await sources.field('Name (optional)').fill('Audit peer');
      await sources.field('Base URL').fill(peer.url);
      await sources.field('Environment variable holding the API token').fill('PEER_TOKEN');
      await sources.save();
      await sources.row('Audit peer').waitFor();
      expect(await sources.state('Audit peer')).toBe('Never synced');
      expect(await sources.rowText('Audit peer')).toContain('token from environment variable PEER_TOKEN');

      await sources.syncNow('Audit peer');
      await expect.poll(() => sources.state('Audit peer'), POLL).toMatch(/^⚠ Rate-limited · retry in \d+ s$/);
      expect(await sources.progress('Audit peer').getAttribute('aria-valuenow')).toBeNull();
      await screenshot(page, 'sources-04-rate-limited');

      await expect.poll(() => sources.state('Audit peer'), POLL).toMatch(/^✓ Up to date · \d\d:\d\d UTC$/);
      expect(await sources.progress('Audit peer').getAttribute('aria-valuenow')).toBe('100');
      await expect.poll(() => sources.rowText('Audit peer'), POLL).toContain(`${PEER_EVENTS} events`);
      await screenshot(page, 'sources-05-up-to-date');

      expect(await total()).toBe(before + PEER_EVENTS);
      await sources.close();
      await sources.refreshButton.click();
      await expect.poll(() => sources.toolbarEventCount(), POLL).toBe(before + PEER_EVENTS);
      await screenshot(page, 'sources-06-after-refresh');
    });

    it('(c) a sync whose environment variable is not set fails in words, and the case keeps saying so', async () => {
      await sources.open();
      await sources.openAddForm();
      await sources.field('Name (optional)').fill('Broken peer');
      await sources.field('Base URL').fill(peer.url);
      await sources.field('Environment variable holding the API token').fill('TRAILSCOPE_E2E_UNSET');
      await sources.save();
      await sources.row('Broken peer').waitFor();

      await sources.syncNow('Broken peer');
      await expect.poll(() => sources.state('Broken peer'), POLL).toBe('✖ Failed');
      const error = await sources.rowError('Broken peer').innerText();
      expect(error).toContain('Sync failed');
      expect(error).toContain('environment variable TRAILSCOPE_E2E_UNSET, which is not set');
      // The other source is untouched.
      expect(await sources.state('Audit peer')).toMatch(/^✓ Up to date/);
      await screenshot(page, 'sources-07-failed');

      // Dismiss puts this session's notice away; the failure the case journaled stands until a sync completes.
      await sources.dismissButton('Broken peer').click();
      await expect.poll(() => sources.dismissButton('Broken peer').count(), POLL).toBe(0);
      expect(await sources.state('Broken peer')).toBe('✖ Failed');
      expect(await sources.rowError('Broken peer').innerText()).toContain('TRAILSCOPE_E2E_UNSET');
      await sources.close();
      await sources.setTheme('Dark');
      await sources.open();
      await screenshot(page, 'sources-08-dark');
    });
  },
);

describe.skipIf(!CHROMIUM)(
  CHROMIUM
    ? 'e2e: a source someone else saved in the case'
    : 'e2e: a source someone else saved (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let sources: SourcesPage;
    let peer: AuditApiPeer;

    beforeAll(async () => {
      peer = await startAuditApiPeer({
        token: TOKEN,
        records: { generic: peerRecords('generic', { events: 40, seed: 12, tenant: TENANT }) },
      });
      const casePath = join(await tempDir(), 'case.duckdb');
      const store = await CaseStore.create(casePath, { tenantId: TENANT });
      // Saved as another user's Trailscope would: in the case, with no trust record of this user's.
      await store.connection.run(
        `INSERT INTO sources VALUES ('api-1', 'api', 'Colleague peer', $1::JSON, NULL, now())`,
        [JSON.stringify(apiSettings({ preset: 'generic', baseUrl: peer.url, tokenRef: 'PEER_TOKEN' }))],
      );
      store.close();
      served = await serve(casePath, { PEER_TOKEN: TOKEN });
      browser = await launchBrowser();
      page = await openApp(browser, served);
      sources = new SourcesPage(page);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
      await peer?.close();
    });

    it('(d) asks which host gets which secret, sends nothing until confirmed, then syncs', async () => {
      await sources.open();
      await sources.syncNow('Colleague peer');
      await sources.trustDialog('Colleague peer').waitFor();
      const question = await sources.trustDialog('Colleague peer').innerText();
      expect(question).toContain(`to ${peer.url}`);
      expect(question).toContain('environment variable PEER_TOKEN');
      expect(peer.requests).toEqual([]);
      await screenshot(page, 'sources-09-trust-question');

      await sources.trustAndSync('Colleague peer');
      await expect.poll(() => sources.state('Colleague peer'), POLL).toMatch(/^✓ Up to date/);
      expect(await sources.trustDialog('Colleague peer').count()).toBe(0);
      expect(peer.requests.length).toBeGreaterThan(0);
    });
  },
);
