// End to end through the Findings view, in Chromium on `trailscope serve` (issue 17): on the demo case (its incident
// included) "Run detections" runs the built-in pack as a job, with a Sigma rule file chosen in the panel; the panel
// lists the findings the core stored, by level, and names the rule it could not run with the reason; clicking a
// finding shows its events as a query (`finding:<id>`) with exactly the finding's count, and the opened event's row
// and drawer say which finding flags it. Screenshots go to test-results/e2e.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { tempDir } from '../helpers/temp';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { FindingsPage } from './pages/findings.page';
import { InvestigatorPage } from './pages/investigator.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 60_000, interval: 100 };
const EVENTS = 2_000;

/** A rule in Sigma's old aggregation syntax, which the engine does not run: it must be named, not skipped. */
const AGGREGATION_RULE = `title: Many failed logins (old aggregation syntax)
id: 7f3c1c2e-0d5b-4b7e-9a55-2f0f1f0b9a11
logsource:
  product: okta
  service: okta
detection:
  selection:
    eventType: user.session.start
    outcome.result: FAILURE
  condition: selection | count() by actor.alternateId > 5
level: medium
`;

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: the Findings view' : 'e2e: the Findings view (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let browser: Browser;
    let served: Served;

    beforeAll(async () => {
      browser = await launchBrowser();
      served = await serve(await demoCase(EVENTS));
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('runs the built-in pack with a chosen rule file, lists the findings, and opens a finding’s events', async () => {
      const page = await openApp(browser, served);
      const findings = new FindingsPage(page);
      const app = new InvestigatorPage(page);

      await findings.open();
      await findings.emptyNote.waitFor();
      const ruleFile = join(await tempDir(), 'okta-failed-logins.yml');
      await writeFile(ruleFile, AGGREGATION_RULE);
      await findings.chooseRules([ruleFile]);
      await findings.run();
      await expect.poll(() => findings.headline(), POLL).toMatch(/^\d+ findings?$/);
      await screenshot(page, 'findings-01-run');

      // What the panel shows is what the core stored: every finding, under its level.
      const { run, findings: stored } = await callApi(served, 'findings.list', {});
      expect(stored.length).toBeGreaterThan(0);
      expect(await findings.headline()).toBe(`${stored.length} finding${stored.length === 1 ? '' : 's'}`);
      const top = stored[0];
      if (!top) throw new Error('no finding');
      const label = top.level.charAt(0).toUpperCase() + top.level.slice(1);
      const lines = await findings.findingLines(label);
      expect(lines.length).toBe(stored.filter((f) => f.level === top.level).length);
      expect(lines.some((line) => line.startsWith(top.title))).toBe(true);

      // The rule the engine cannot run is named with its reason, not skipped.
      expect(run?.unsupported.map((u) => u.file)).toContain('okta-failed-logins.yml');
      const unsupported = await findings.unsupportedLines();
      expect(unsupported.some((line) => line.includes('okta-failed-logins.yml'))).toBe(true);

      // A finding → its events, as a query the user can read and refine.
      await findings.findingButton(top.title).click();
      await findings.panel.waitFor({ state: 'hidden' });
      await expect.poll(() => app.queryText(), POLL).toBe(top.query);
      await expect.poll(() => app.matchedCount(), POLL).toBe(top.count);

      // The event's row counts the finding; its drawer names it.
      await app.waitForRows();
      await app.openRow(0);
      await app.drawer.waitFor();
      expect(await findings.selectedRowFindings()).toMatch(/^(Finding|\d+ findings): /);
      await expect.poll(() => findings.drawerFindings.innerText(), POLL).toContain(top.title);
      await screenshot(page, 'findings-02-events');
    });
  },
);
