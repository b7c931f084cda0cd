// End to end, what the case holds per source (issue 18 item 9), in Chromium on `trailscope serve`: a case with two
// imported files two days apart and an Okta source (the audit-API peer) synced over two windows with an hour between
// them, then a sync that fails. The Sources panel lists both sources with their counts, spans, last run and gaps; the
// Coverage lanes under the histogram tell events, no activity, not synced, not imported and outside retention apart.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CaseStore } from '../../src/main/core/store/case-store';
import { peerRecords, startAuditApiPeer, type AuditApiPeer } from '../peers/audit-api';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { CoveragePage } from './pages/coverage.page';
import { SourcesPage } from './pages/sources.page';

const CHROMIUM = chromiumPath();
const TENANT = 'acme';
const TOKEN = 'tkn_e2e-Coverage-0123456789';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** `count` generic records (FORMATS.md), one a minute from `start`, in a file. */
async function ndjson(dir: string, name: string, start: number, count: number): Promise<string> {
  const path = join(dir, name);
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `${name}-${i}`,
      occurred_at: iso(start + i * 60_000),
      tenant_id: TENANT,
      action: 'user.login',
      actor: { id: 'u1', type: 'user', name: 'Ann', email: 'ann@example.com' },
      outcome: 'success',
    }),
  );
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

/** Asks until `check` holds (a bounded loop: 300 tries, 100 ms apart); the setup's jobs end in their own time. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: what each source covers' : 'e2e: what each source covers (skipped: no Chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let peer: AuditApiPeer;
    // A day inside Okta's 90 days of retention: the day before it is outside.
    const t0 = Math.floor((Date.now() - 89 * DAY) / HOUR) * HOUR;

    beforeAll(async () => {
      // An event every 2 hours: the half hours between them had no activity.
      peer = await startAuditApiPeer({
        token: TOKEN,
        records: {
          okta: peerRecords('okta', { events: 4, seed: 9, tenant: TENANT, start: iso(t0), spacingMs: 2 * HOUR }),
        },
      });
      const dir = await tempDir();
      const casePath = join(dir, 'case.duckdb');
      (await CaseStore.create(casePath, { tenantId: TENANT })).close();
      served = await serve(casePath, { PEER_TOKEN: TOKEN });
      const list = async () => (await callApi(served, 'sources.list', {})).sources;

      await callApi(served, 'jobs.import', {
        paths: [await ndjson(dir, 'a.ndjson', t0 - 3 * DAY, 60), await ndjson(dir, 'b.ndjson', t0 - DAY, 60)],
      });
      await until(
        'the import of both files',
        async () => (await list()).find((s) => s.id === 'files')?.coverage.events === 120,
      );
      await callApi(served, 'sources.add', {
        kind: 'api',
        name: 'Okta peer',
        settings: { preset: 'okta', baseUrl: peer.url, tokenRef: 'PEER_TOKEN' },
      });
      const okta = async () => (await list()).find((s) => s.id === 'api-1');
      await callApi(served, 'jobs.sync', { sourceId: 'api-1', since: iso(t0), until: iso(t0 + 3 * HOUR) });
      await until('the first window synced', async () => (await okta())?.coverage.events === 2);
      await callApi(served, 'jobs.sync', { sourceId: 'api-1', since: iso(t0 + 4 * HOUR), until: iso(t0 + 7 * HOUR) });
      await until('the second window synced', async () => (await okta())?.coverage.events === 4);
      peer.setFaults([{ kind: 'expired-token', at: 1 }]);
      await callApi(served, 'jobs.sync', { sourceId: 'api-1' });
      await until('the failed sync journaled', async () => (await okta())?.lastFailure?.code === 'AUTH');

      browser = await launchBrowser();
      page = await openApp(browser, served);
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
      await peer?.close();
    });

    it('the Sources panel lists the file imports and the synced source, each with events, span, last run and gaps', async () => {
      const sources = new SourcesPage(page);
      await sources.open();
      await sources.row('Imported files').waitFor();
      const files = await sources.rowText('Imported files');
      expect(files).toContain('2 files imported from disk');
      expect(files).toContain('120 events');
      expect(files).toMatch(/Last import · /);
      expect(files).toContain('1 gap in what the case holds');
      expect(files).toContain('Not imported: no imported file holds events in this period');

      const okta = await sources.rowText('Okta peer');
      expect(okta).toContain('4 events');
      expect(okta).toContain('2 gaps in what the case holds');
      expect(okta).toContain('Not synced: no sync asked for this period');
      expect(okta).toMatch(/Sync failed: the sync at .* failed: .*; none has completed since/);
      expect(okta).toMatch(/The provider keeps events from .* on/);
      await screenshot(page, 'coverage-01-sources-panel');
      await sources.close();
    });

    it('the Coverage lanes tell events, no activity, not synced, not imported and outside retention apart', async () => {
      const coverage = new CoveragePage(page);
      await coverage.setShown('Coverage', true);
      await coverage.waitForLanes();
      const okta = await coverage.laneWords('Okta peer');
      expect(okta).toMatch(/^Okta peer: 4 events; outside retention .*; not synced .*; events .*; no activity .*/);
      expect(okta).toMatch(
        /events [^;]*; no activity [^;]*; events [^;]*; no activity [^;]*; not synced [^;]*; events/,
      );
      const files = await coverage.laneWords('Imported files');
      expect(files).toMatch(
        /^Imported files: 120 events; events [^;]*; not imported [^;]*; events [^;]*; not imported/,
      );
      await screenshot(page, 'coverage-02-lanes');
    });
  },
);
