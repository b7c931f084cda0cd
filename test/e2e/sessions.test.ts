// End to end: an event opened in the drawer shows its IP's country (with the offline database's date), the actor's
// first use of that IP, and its session around it; clicking another event of the session makes the session the
// query and opens that event. The case holds generic records with real-world addresses (the demo uses documentation
// ranges only, which have no country) and the provider's session ids in metadata.session_id.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { importFiles } from '../../src/main/core/sources/files/import-files';
import { CaseStore } from '../../src/main/core/store/case-store';
import { genericRecord, ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { InvestigatorPage } from './pages/investigator.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 15_000, interval: 100 };
const alice = { id: 'usr_alice', type: 'user', name: 'Alice Example', email: 'alice@acme.io' };
const bob = { id: 'usr_bob', type: 'user', name: 'Bob Example', email: 'bob@acme.io' };
const at = (minutes: number) => new Date(Date.UTC(2025, 0, 1, 9) + minutes * 60_000).toISOString();

async function sessionCase(): Promise<string> {
  const dir = await tempDir();
  const records = [
    genericRecord(1, { actor: alice, occurred_at: at(0), ip_address: '81.2.69.143', metadata: { session_id: 's-1' } }),
    genericRecord(2, { actor: alice, occurred_at: at(5), ip_address: '81.2.69.143', metadata: { session_id: 's-1' } }),
    genericRecord(3, { actor: alice, occurred_at: at(9), ip_address: '81.2.69.143', metadata: { session_id: 's-1' } }),
    genericRecord(4, { actor: bob, occurred_at: at(6), ip_address: '89.160.20.156', metadata: { session_id: 's-2' } }),
    genericRecord(5, { actor: alice, occurred_at: at(300), ip_address: '2a01:4f8::1' }),
  ];
  await writeFile(join(dir, 'events.ndjson'), ndjson(records));
  const path = join(dir, 'sessions.duckdb');
  const store = await CaseStore.create(path, { tenantId: 'acme' });
  await importFiles(store, [dir]);
  store.close();
  return path;
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: an event’s country, first use and session in the drawer' : 'e2e (skipped: no Chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let app: InvestigatorPage;

    beforeAll(async () => {
      served = await serve(await sessionCase());
      browser = await launchBrowser();
      page = await openApp(browser, served, { timezoneId: 'UTC' });
      app = new InvestigatorPage(page);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('shows the country and the session of an event, and opens another event of the session', async () => {
      await app.runQuery('actor:alice');
      await expect.poll(() => app.matchedCount(), POLL).toBe(4);
      await app.waitForRows();
      // Newest first: row 3 is alice's first event (evt_000001), her first use of 81.2.69.143 and of GB.
      await app.openRow(3);
      await expect.poll(() => app.drawerField('country'), POLL).toMatch(/^GB/);
      const { geoDatabase } = await callApi(served, 'events.context', { tenantId: 'acme', uid: 'evt_000001' });
      expect(geoDatabase.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(await app.drawerField('ip')).toMatch(/^81\.2\.69\.143[\s\S]*first use$/);
      // The country's first use, and the database it comes from with the date of its data.
      expect(await app.drawerField('country')).toMatch(
        new RegExp(`first use\\s*geo-whois-asn-country ${'\\S+'}, data of ${geoDatabase.date}$`),
      );

      await expect.poll(() => app.drawerSection('Session').innerText(), POLL).toContain('Provider session s-1');
      expect(await app.drawerSection('Session').innerText()).toContain('3 events');
      const session = await app.sessionEvents();
      expect(session.texts).toHaveLength(3);
      expect(session.current).toBe(0);
      await app.scrollDrawerTo('Session');
      await screenshot(page, 'sessions-01-drawer');

      await app.openSessionEvent(2);
      await expect.poll(() => app.queryText(), POLL).toBe('session:s-1');
      await expect.poll(() => app.matchedCount(), POLL).toBe(3);
      await expect.poll(() => app.drawerField('uid'), POLL).toBe('evt_000003');
      await expect.poll(async () => (await app.sessionEvents()).current, POLL).toBe(2);
      // Not her first use of the IP any more: the mark says since when she has used it.
      expect(await app.drawerField('ip')).toMatch(/since /);
      await screenshot(page, 'sessions-02-opened-from-session');
    });

    it('shows a gap session for an event without a provider session, and an IPv6 country', async () => {
      await app.runQuery('country:DE');
      await expect.poll(() => app.matchedCount(), POLL).toBe(1);
      await app.waitForRows();
      await app.openRow(0);
      await expect.poll(() => app.drawerField('country'), POLL).toMatch(/^DE/);
      await expect.poll(() => app.drawerSection('Session').innerText(), POLL).toContain('No gap over 30 min');
      expect((await app.sessionEvents()).texts).toHaveLength(1);
    });
  },
);
