// End to end through the Integrity panel, in Chromium on `trailscope serve` (issue 15): (a) the demo case verifies
// intact — Verify runs the job, and the verdict says who and when, one line per check; (b) a copy of the demo case
// with one event's record changed behind Trailscope's back (one UPDATE, as the README shows) verifies with findings:
// the hash chain names the event as modified, the timeline carries a tick and the event's row a mark; clicking the
// finding's uid puts the time around it (a few events each side) in the query bar and opens the event in the drawer,
// which says which check flagged it. Screenshots go to test-results/e2e.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { IntegrityPage } from './pages/integrity.page';
import { InvestigatorPage } from './pages/investigator.page';

const CHROMIUM = chromiumPath();
/** A verification of a few thousand events takes well under a second; a loaded machine gets room. */
const POLL = { timeout: 30_000, interval: 100 };
const EVENTS = 2_000;
const TAMPERED_SEQ = 1_000;

/** Changes one event's recorded action inside its raw record (the part its chain hash covers), as an attacker would. */
async function tamper(casePath: string): Promise<string> {
  const instance = await DuckDBInstance.create(casePath);
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT uid FROM events WHERE chain_seq = ${TAMPERED_SEQ}`);
    const [row] = reader.getRowObjectsJson();
    if (!row) throw new Error(`the demo case has no event at chain seq ${TAMPERED_SEQ}`);
    const edit = `json_merge_patch(raw, '{"action":"user.mfa.disabled"}')`;
    await connection.run(`UPDATE events SET raw = ${edit} WHERE chain_seq = ${TAMPERED_SEQ}`);
    return String(row['uid']);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM
    ? 'e2e: the Integrity panel'
    : 'e2e: the Integrity panel (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let browser: Browser;
    const servers: Served[] = [];

    beforeAll(async () => {
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      for (const served of servers) await served.close();
    });

    it('(a) verifies the demo case: "Intact", with who and when, one line per check', async () => {
      // Temp folders last one test: each test makes its own case.
      const served = await serve(await demoCase(EVENTS));
      servers.push(served);
      const page = await openApp(browser, served);
      const integrity = new IntegrityPage(page);

      await integrity.open();
      await integrity.verifyButton.waitFor();
      await screenshot(page, 'integrity-01-panel');

      await integrity.verify();
      await expect.poll(() => integrity.verdict(), POLL).toBe('✓ Intact');
      expect(await integrity.progress.count()).toBe(0);
      expect(await integrity.verdictByline()).toMatch(/^Latest verification: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by \S/);
      const lines = await integrity.checkLines();
      expect(lines.find((line) => line.startsWith('Hash chain:'))).toMatch(/^Hash chain: ✓ Intact/);
      // What the panel shows is what the case recorded.
      const { verifications } = await callApi(served, 'verifications.list', { limit: 1 });
      expect(verifications[0]?.verdict).toBe('intact');
      expect(lines).toHaveLength(verifications[0]?.outcomes.length ?? -1);
      expect(await integrity.timelineMarks()).toEqual([]);
      // A verification adds no events: the toolbar offers no refresh for it.
      expect(await page.getByRole('button', { name: 'New events — Refresh' }).count()).toBe(0);
      await screenshot(page, 'integrity-02-intact');
    });

    it('(b) a tampered copy: the modified event is named, marked, and opens from the finding', async () => {
      const tamperedCase = join(await tempDir(), 'tampered.duckdb');
      await copyFile(await demoCase(EVENTS), tamperedCase);
      const tampered = await tamper(tamperedCase);
      const served = await serve(tamperedCase);
      servers.push(served);
      const page = await openApp(browser, served);
      const integrity = new IntegrityPage(page);
      const app = new InvestigatorPage(page);

      await integrity.open();
      await integrity.verify();
      await expect.poll(() => integrity.verdict(), POLL).toBe('✖ Findings');
      const lines = await integrity.checkLines();
      expect(lines.find((line) => line.startsWith('Hash chain:'))).toMatch(/^Hash chain: ✖ Findings/);

      const modified = integrity.findings('Hash chain', 'Modified event');
      expect(await modified.count()).toBe(1);
      const text = await modified.first().innerText();
      expect(text).toContain(`seq ${TAMPERED_SEQ.toLocaleString('en-US')}`);
      expect(text).toContain(tampered);
      await screenshot(page, 'integrity-03-findings');

      // The core recorded the same finding: class and position.
      const { verifications } = await callApi(served, 'verifications.list', {});
      const chain = verifications[0]?.outcomes.find((o) => o.check === 'chain');
      expect(chain?.findings.filter((f) => f.class === 'modified').map((f) => [f.seqs, f.uids])).toEqual([
        [[TAMPERED_SEQ], [tampered]],
      ]);

      // Click the finding's uid: the panel closes, the query bar shows the time around it, the drawer opens it.
      await integrity.openEventButton(tampered).click();
      await integrity.panel.waitFor({ state: 'hidden' });
      await expect.poll(() => app.queryText(), POLL).toMatch(/^after:\S+Z before:\S+Z$/);
      await app.drawer.waitFor();
      await expect.poll(() => app.drawerSection('Fields').innerText(), POLL).toContain(tampered);
      expect(await integrity.drawerIntegrity.innerText()).toContain('Hash chain: Modified event');

      // Marks in place: a tick on the timeline, a mark on the row.
      await app.waitForRows();
      expect((await integrity.timelineMarks()).some((m) => m.includes('Hash chain: Modified event'))).toBe(true);
      expect(await integrity.selectedRowIsFlagged()).toBe(true);
      await screenshot(page, 'integrity-04-event-opened');
    });
  },
);
