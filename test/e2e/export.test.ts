// End to end through the Export dialog, in Chromium on `trailscope serve` (issue 16): (a) the current query as CSV —
// the dialog shows the query and its zone, the browser downloads the file, a real CSV parser reads back as many rows
// as the query matches, with the table's columns, and the SHA-256 shown is the file's; (b) a PDF report whose cover
// names the query (pdftotext); (c) an export cancelled while it waits its turn behind an import leaves no file on the
// server and offers no download; (d) raw records cannot be redacted (nor choose columns): the choices are disabled,
// with the reason shown; the keyboard opens (e) and closes (Esc) the dialog; (e) Verify a package: a package made by
// the case checks intact (uploaded from the browser), with its key's fingerprint; one byte changed in its events.csv
// and the file is named as altered. Screenshots go to test-results/e2e.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { ExportPage, VerifyPackagePage } from './pages/export.page';
import { InvestigatorPage } from './pages/investigator.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 30_000, interval: 100 };
const EVENTS = 3_000;
const QUERY = 'outcome:failure';

/** Every file left in the bridge's download folders under `tmp` (the serve process's TMPDIR). */
async function downloadFiles(tmp: string): Promise<string[]> {
  const folders = (await readdir(tmp)).filter((name) => name.startsWith('trailscope-serve-files-'));
  const files = await Promise.all(folders.map(async (folder) => readdir(join(tmp, folder))));
  return files.flat();
}

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: the Export dialog' : 'e2e: the Export dialog (skipped: no Chromium at /usr/lib/chromium/chromium)',
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

    /**
     * `trailscope serve` on a fresh demo case (temp folders last one test), with its TMPDIR of its own: where the
     * bridge keeps downloads until they are fetched.
     */
    async function serveDemo(): Promise<{ served: Served; serverTmp: string }> {
      const serverTmp = await tempDir();
      const served = await serve(await demoCase(EVENTS), { TMPDIR: serverTmp });
      servers.push(served);
      return { served, serverTmp };
    }

    it('(a) exports the current query as CSV: the download reads back with as many rows as the query matches', async () => {
      const { served, serverTmp } = await serveDemo();
      const page = await openApp(browser, served);
      const app = new InvestigatorPage(page);
      const dialog = new ExportPage(page);
      await app.runQuery(QUERY);
      await expect.poll(() => app.queryText(), POLL).toBe(QUERY);
      await app.waitForRows();
      const { count } = await callApi(served, 'events.count', { query: QUERY, timeZone: 'UTC' });
      await expect.poll(() => app.matchedCount(), POLL).toBe(count);

      await dialog.open();
      expect(await dialog.scope()).toEqual({
        Query: QUERY,
        'Time zone': 'UTC',
        Events: count.toLocaleString('en-US'),
      });
      await screenshot(page, 'export-01-dialog');
      await dialog.startButton.click();
      await dialog.written.waitFor(POLL);
      const facts = await dialog.writtenFacts();
      expect(facts['Events']).toBe(count.toLocaleString('en-US'));
      expect(facts['File']).toMatch(/^demo-events-\d{4}-\d\d-\d\d\.csv$/);
      await screenshot(page, 'export-02-written');

      const download = await dialog.download();
      expect(download.suggestedFilename()).toBe(facts['File']);
      const saved = join(await tempDir(), 'events.csv');
      await download.saveAs(saved);
      const bytes = await readFile(saved);
      const rows = parse(bytes, { columns: true, bom: true }) as Record<string, string>[];
      expect(rows).toHaveLength(count);
      // The table's visible columns (Time, Actor, Action, Target, Outcome, IP, Description), as stored columns.
      expect(Object.keys(rows[0] ?? {})).toEqual([
        'uid',
        'occurred_at',
        'actor_email',
        'actor_name',
        'actor_id',
        'action',
        'target_name',
        'target_id',
        'outcome',
        'ip',
      ]);
      expect(new Set(rows.map((row) => row['outcome']))).toEqual(new Set(['failure']));
      expect(facts['SHA-256']).toBe(createHash('sha256').update(bytes).digest('hex'));
      // Fetched once: nothing is left on the server.
      await expect.poll(() => downloadFiles(serverTmp), POLL).toEqual([]);
      await dialog.page.getByRole('status').filter({ hasText: 'Downloaded' }).waitFor();

      // The export is in the case journal, with its query and hash.
      const { entries } = await callApi(served, 'journal.list', {});
      expect(entries.at(-1)).toMatchObject({
        action: 'export',
        detail: { query: QUERY, events: count, sha256: facts['SHA-256'] },
      });
      await page.context().close();
    });

    it('(b) makes a PDF report whose cover names the query', async () => {
      const { served } = await serveDemo();
      const page = await openApp(browser, served);
      const app = new InvestigatorPage(page);
      const dialog = new ExportPage(page);
      await app.runQuery(QUERY);
      // The dialog exports what the table shows: wait until that is the query's result, not the landing view's rows.
      const { count } = await callApi(served, 'events.count', { query: QUERY, timeZone: 'UTC' });
      await expect.poll(() => app.matchedCount(), POLL).toBe(count);
      await app.waitForRows();
      await dialog.open();
      expect((await dialog.scope())['Query']).toBe(QUERY);
      await dialog.choose('PDF report');
      await dialog.startButton.click();
      await dialog.written.waitFor(POLL);
      const facts = await dialog.writtenFacts();
      expect(facts['File']).toMatch(/-report-\d{4}-\d\d-\d\d\.pdf$/);
      expect(Number(facts['Pages'])).toBeGreaterThan(1);
      const saved = join(await tempDir(), 'report.pdf');
      await (await dialog.download()).saveAs(saved);
      const firstPage = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', saved, '-'], { encoding: 'utf8' });
      expect(firstPage).toContain(QUERY);
      await page.context().close();
    });

    it('(c) an export cancelled while it waits behind an import leaves no file and offers no download', async () => {
      const { served, serverTmp } = await serveDemo();
      const page = await openApp(browser, served);
      const dialog = new ExportPage(page);
      // An import that holds the case's writer until the test writes its file: a FIFO, read to its end.
      const fifo = join(await tempDir(), 'held.ndjson');
      execFileSync('mkfifo', [fifo]);
      const importing = await callApi(served, 'jobs.import', { paths: [fifo] });
      try {
        await dialog.open();
        await dialog.choose('NDJSON (normalized)');
        await dialog.startButton.click();
        await dialog.progress.waitFor();
        await expect.poll(() => dialog.cancelButton.isEnabled(), POLL).toBe(true);
        await screenshot(page, 'export-03-queued');
        await dialog.cancelButton.click();
      } finally {
        // Releases the import (an empty file: nothing imported), then the export's turn comes, cancelled.
        await writeFile(fifo, '');
      }
      await dialog.cancelledNote.waitFor(POLL);
      expect(await dialog.downloadLink.count()).toBe(0);
      expect(await dialog.written.count()).toBe(0);
      expect(await downloadFiles(serverTmp)).toEqual([]);
      // The import ended too (the jobs are the core's, not the dialog's).
      expect(importing.jobId).toMatch(/^[0-9a-f-]{36}$/);
      // The dialog offers the choices again.
      await dialog.startButton.waitFor();
      await page.context().close();
    });

    it('(d) raw records: no redaction and no columns, each with its reason; `e` opens and Esc closes', async () => {
      const { served } = await serveDemo();
      const page = await openApp(browser, served);
      const dialog = new ExportPage(page);
      await page.locator('body').press('e');
      await dialog.dialog.waitFor();
      // CSV first: redaction offered.
      expect(await dialog.redactionBoxes.count()).toBe(3);
      for (const box of await dialog.redactionBoxes.all()) expect(await box.isEnabled()).toBe(true);
      await dialog.choose('NDJSON (raw records)');
      for (const box of await dialog.redactionBoxes.all()) expect(await box.isDisabled()).toBe(true);
      expect(await dialog.group('Redaction').innerText()).toContain('Raw records are exported byte for byte');
      expect(await dialog.group('Columns').innerText()).toContain('Raw records have no columns');
      await screenshot(page, 'export-04-raw');
      await page.keyboard.press('Escape');
      await dialog.dialog.waitFor({ state: 'hidden' });
      // Opened from the toolbar, closed with Esc: the focus is back on the button that opened it.
      await dialog.open();
      await page.keyboard.press('Escape');
      await dialog.dialog.waitFor({ state: 'hidden' });
      expect(await dialog.openButton.evaluate((button) => button.matches(':focus'))).toBe(true);
      await page.context().close();
    });

    it('(e) verifies a package uploaded from the browser: intact, then one byte changed names events.csv', async () => {
      const { served } = await serveDemo();
      const page = await openApp(browser, served);
      const verify = new VerifyPackagePage(page);
      const folder = await tempDir();
      const zip = join(folder, 'evidence.zip');
      await callApi(served, 'jobs.package', { query: QUERY, timeZone: 'UTC', out: zip });
      await expect.poll(() => existsSync(zip), POLL).toBe(true);

      await verify.openFrom(new ExportPage(page));
      await verify.verify(zip);
      await expect.poll(() => verify.verdict(), POLL).toBe('✓ Intact');
      const facts = await verify.facts();
      expect(facts['Signature']).toBe('valid');
      expect(facts['Query']).toBe(QUERY);
      expect(facts['Key fingerprint']).toMatch(/\S{16,}/);
      expect(await verify.files()).toContain('✓ events.csv: intact');
      await screenshot(page, 'export-05-verify-intact');

      const entries: Zippable = { ...unzipSync(await readFile(zip)) };
      const csv = Buffer.from(entries['events.csv'] as Uint8Array);
      csv[csv.length - 2] = (csv[csv.length - 2] ?? 0) ^ 0x01;
      entries['events.csv'] = csv;
      const tampered = join(folder, 'tampered.zip');
      await writeFile(tampered, zipSync(entries));
      await verify.verify(tampered);
      await expect.poll(() => verify.verdict(), POLL).toBe('✖ Not intact');
      const [first] = await verify.files();
      expect(first).toMatch(/^✖ events\.csv: ALTERED/);
      await screenshot(page, 'export-06-verify-altered');
      await page.context().close();
    });
  },
);
