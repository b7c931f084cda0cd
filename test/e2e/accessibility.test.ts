// axe-core 4 in Chromium on `trailscope serve` (issue 18 item 10): zero violations, of any impact, on the main view,
// with the actor and coverage lanes, in the dark theme, with the detail drawer open, with the Sources panel open, on
// the empty state of a query that matches nothing, and in the Findings and Integrity panels. A failure lists each
// violation's rule, impact and elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './axe';
import { chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { CoveragePage } from './pages/coverage.page';
import { FindingsPage } from './pages/findings.page';
import { IntegrityPage } from './pages/integrity.page';
import { InvestigatorPage } from './pages/investigator.page';
import { SourcesPage } from './pages/sources.page';

const CHROMIUM = chromiumPath();

describe.skipIf(!CHROMIUM)(
  CHROMIUM
    ? 'e2e: accessibility (axe-core)'
    : 'e2e: accessibility (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let app: InvestigatorPage;
    let coverage: CoveragePage;

    beforeAll(async () => {
      served = await serve(await demoCase(2_000));
      browser = await launchBrowser();
      page = await openApp(browser, served, { bypassCSP: true });
      app = new InvestigatorPage(page);
      coverage = new CoveragePage(page);
      await app.waitForRows();
      await app.waitForPanels();
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('the main view has no violations', async () => {
      await screenshot(page, 'a11y-01-main');
      expect(await axeViolations(page)).toEqual([]);
    });

    it('the main view with the actor and coverage lanes shown has no violations', async () => {
      await coverage.setShown('Actor lanes', true);
      await coverage.setShown('Coverage', true);
      await coverage.waitForLanes();
      await app.waitForPanels();
      await screenshot(page, 'a11y-02-lanes');
      expect(await axeViolations(page)).toEqual([]);
      await coverage.setShown('Actor lanes', false);
      await coverage.setShown('Coverage', false);
    });

    it('in the dark theme, with the coverage lanes shown, no violations (contrast included)', async () => {
      await app.setTheme('Dark');
      await coverage.setShown('Coverage', true);
      await coverage.waitForLanes();
      await screenshot(page, 'a11y-03-dark');
      expect(await axeViolations(page)).toEqual([]);
      await coverage.setShown('Coverage', false);
      await app.setTheme('Light');
    });

    it('with the detail drawer open, the raw record reachable by keyboard, no violations', async () => {
      await app.openRow(0);
      await app.drawerSection('Raw record').waitFor();
      await screenshot(page, 'a11y-04-drawer');
      expect(await axeViolations(page)).toEqual([]);
      expect(await coverage.rawRecordIsFocusable()).toBe(true);
      await app.pressKey('Escape');
      await app.drawer.waitFor({ state: 'detached' });
    });

    it('with the Sources panel open (the file imports listed) no violations', async () => {
      const sources = new SourcesPage(page);
      await sources.open();
      await sources.row('Imported files').waitFor();
      expect(await sources.rowText('Imported files')).toContain('2,000 events');
      await screenshot(page, 'a11y-05-sources');
      expect(await axeViolations(page)).toEqual([]);
      await sources.close();
    });

    it('on the empty state of a query that matches nothing, no violations, and the skip link has its target', async () => {
      await app.runQuery('actor:nobody-at-all@example.invalid');
      await app.noMatches.waitFor();
      await app.waitForPanels();
      await screenshot(page, 'a11y-06-empty');
      expect(await axeViolations(page)).toEqual([]);
      expect(await coverage.skipLinkTargetExists()).toBe(true);
      await app.runQuery('');
      await app.waitForRows();
    });

    it('in the Findings and Integrity panels, no violations', async () => {
      const findings = new FindingsPage(page);
      await findings.open();
      await screenshot(page, 'a11y-07-findings');
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await findings.panel.waitFor({ state: 'hidden' });

      const integrity = new IntegrityPage(page);
      await integrity.open();
      await screenshot(page, 'a11y-08-integrity');
      expect(await axeViolations(page)).toEqual([]);
      await integrity.close();
    });
  },
);
