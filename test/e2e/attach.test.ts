// End to end, in Chromium on `trailscope serve`: a case with the demo's partitioned export attached (and a second
// attachment whose folder has gone) lists both, read-only, under its sources — the first with its events, the second
// as missing — and the drawer of an attached event says it came from an attached Parquet folder.
import { cp, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { exportEvents } from '../../src/main/core/reports/export';
import { attachFolder } from '../../src/main/core/store/attachments-repo';
import { CaseStore } from '../../src/main/core/store/case-store';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { InvestigatorPage } from './pages/investigator.page';
import { SourcesPage } from './pages/sources.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 20_000, interval: 100 };
const EVENTS = 2_000;

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: attached Parquet folders' : 'e2e: attached Parquet folders (skipped: no Chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let folder: string;
    let gone: string;

    beforeAll(async () => {
      const dir = await tempDir();
      const demo = await demoCase(EVENTS);
      folder = join(dir, 'warehouse [demo]');
      gone = join(dir, 'old export');
      const full = await CaseStore.open(demo);
      await exportEvents(full, {
        scope: { query: '', timeZone: 'UTC' },
        format: 'parquet',
        partitioned: true,
        out: folder,
      });
      full.close();
      await cp(folder, gone, { recursive: true });
      const casePath = join(dir, 'attached.duckdb');
      const store = await CaseStore.create(casePath, { tenantId: 'demo' });
      await attachFolder(store, folder);
      await attachFolder(store, gone);
      store.close();
      await rename(gone, `${gone}.moved`);
      served = await serve(casePath);
      browser = await launchBrowser();
      page = await openApp(browser, served);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('lists the attached folders under the sources, read-only, with their events and status', async () => {
      expect((await callApi(served, 'events.count', { query: '', timeZone: 'UTC' })).count).toBe(EVENTS);
      const sources = new SourcesPage(page);
      await sources.open();
      await sources.attachedFolders.waitFor();

      const rows = await sources.attachedFolderRows();

      expect(rows).toHaveLength(2);
      expect(rows[0]?.status).toBe('ok');
      expect(rows[0]?.text).toContain(folder);
      expect(rows[0]?.text).toMatch(/2,000 events in \d+ files · read with the case/);
      expect(rows[1]?.status).toBe('missing');
      expect(rows[1]?.text).toContain('missing — its events are left out');
      expect(rows[1]?.text).toContain(`${gone} is not a folder`);
      // Read-only: nothing in the section attaches or detaches.
      expect(await sources.attachedFolders.getByRole('button').count()).toBe(0);
      await screenshot(page, 'attach-01-sources');
      await sources.close();
    });

    it('the drawer of an attached event names the attached Parquet folder it came from', async () => {
      const app = new InvestigatorPage(page);
      await app.waitForRows();
      await app.openRow(0);

      await expect.poll(() => app.drawerField('source'), POLL).toMatch(/^attached Parquet folder \(read-only\) · /);
      expect(await app.drawerField('source_ref')).toContain(`attached Parquet ${folder}/tenant_id=demo/date=`);
      await screenshot(page, 'attach-02-drawer');
    });
  },
);
