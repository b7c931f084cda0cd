// End to end, issue 18 items 1–2 on the demo case (DEMO.md; the incident's IP is 192.0.2.66): from the landing view
// one click on the notable lane's "success after failures" mark lands on the break-in (14 failed sign-ins and the
// success, all from 192.0.2.66); the Rare facet and "show all" reach the same address; the legend counts each
// category; autocomplete offers every matching value; the actor lanes rank by failures and colour them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { INCIDENT_IP } from '../../src/main/core/demo/incident';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { InvestigatorPage } from './pages/investigator.page';
import { RarePage } from './pages/rare.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 20_000, interval: 100 };

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'e2e: rare values and notable events' : 'e2e (skipped: no Chromium)', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let app: InvestigatorPage;
  let rare: RarePage;

  beforeAll(async () => {
    served = await serve(await demoCase());
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  /** A fresh page at the landing view (no stored preferences). */
  async function landing(): Promise<void> {
    await page?.context().close();
    page = await openApp(browser, served, { timezoneId: 'UTC' });
    app = new InvestigatorPage(page);
    rare = new RarePage(page);
    await app.waitForRows();
    await app.waitForPanels();
  }

  it('reaches the incident in one click: the notable lane’s success after failures', async () => {
    await landing();
    await rare.waitForNotable();
    await screenshot(page, 'rare-notable-landing');
    const marks = rare.notableMarks(/failures, then a success: show these events$/);
    expect(await marks.count()).toBe(1);
    await marks.click();

    await expect.poll(() => app.matchedCount(), POLL).toBe(15);
    expect(await app.queryText()).toMatch(/^actor:maria\.garcia@acme\.io after:2025-10-16T02:07:12\.412Z before:/);
    await app.waitForRows();
    expect(new Set(await app.cellTexts('ip'))).toEqual(new Set([INCIDENT_IP]));
    const outcomes = await app.cellTexts('outcome');
    expect(outcomes.filter((o) => /fail/i.test(o))).toHaveLength(14);
    await app.waitForPanels();
    await screenshot(page, 'rare-notable-after-click');
  });

  it('is one Tab stop whose arrow keys walk the marks; Enter on the break-in mark narrows to it', async () => {
    await landing();
    await rare.waitForNotable();
    expect(await rare.notableTabStops.count()).toBe(1);
    const stop = rare.notableTabStops.first();
    // Without findings, the first row is the success after failures: one mark.
    expect(await stop.getAttribute('aria-label')).toMatch(/failures, then a success: show these events$/);
    await stop.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(':focus').getAttribute('aria-label')).toMatch(
      /^An actor's first use of an IP: \d+: show these events$/,
    );
    expect(await rare.notableTabStops.count()).toBe(1);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => app.matchedCount(), POLL).toBe(15);
  });

  it('counts every category in the legend, the two security events included, and a click filters by it', async () => {
    await landing();
    await rare.stackBy('Category');
    await app.waitForPanels();
    const security = await callApi(served, 'events.count', { query: 'category:security', timeZone: 'UTC' });
    await expect.poll(async () => (await rare.legendCounts())['security'], POLL).toBe(security.count);
    await screenshot(page, 'rare-legend-counts');
    await rare.legend.getByRole('button', { name: /^security/ }).click();
    await expect.poll(() => app.matchedCount(), POLL).toBe(security.count);
    expect(await app.queryText()).toBe('category:security');
  });

  it('shows the rarest values first, and every value, searchable, leading to 192.0.2.66', async () => {
    await landing();
    await rare.setFacetOrder('Action', 'Rare');
    const expected = await callApi(served, 'events.facetValues', {
      query: '',
      timeZone: 'UTC',
      field: 'action',
      search: '',
      order: 'rare',
      offset: 0,
      limit: 10,
    });
    await expect
      .poll(async () => (await rare.facetValues('Action')).map((v) => v.value), POLL)
      .toEqual(expected.values.map((v) => v.value));

    await rare.showAll('IP address');
    await screenshot(page, 'rare-facet-show-all');
    await rare.searchFacet('IP address', '192.0.2');
    await expect
      .poll(async () => (await rare.facetValues('IP address')).map((v) => v.value), POLL)
      .toEqual([INCIDENT_IP]);
    await expect.poll(() => rare.facetMeta('IP address').innerText(), POLL).toMatch(/^1 containing “192\.0\.2”/);
    await screenshot(page, 'rare-facet-search');
    await rare.clickFacetValue('IP address', INCIDENT_IP);
    await expect.poll(() => app.queryText(), POLL).toBe(`ip:${INCIDENT_IP}`);
    const count = await callApi(served, 'events.count', { query: `ip:${INCIDENT_IP}`, timeZone: 'UTC' });
    await expect.poll(() => app.matchedCount(), POLL).toBe(count.count);
  });

  it('scrolls a long show-all list, asking for the rows in view', async () => {
    await landing();
    await rare.showAll('IP address');
    const all = await callApi(served, 'events.facetValues', {
      query: '',
      timeZone: 'UTC',
      field: 'ip',
      search: '',
      order: 'top',
      offset: 0,
      limit: 1_000,
    });
    expect(all.distinct).toBeGreaterThan(100);
    const list = rare.facet('IP address').getByRole('list', { name: 'IP address: every value' });
    await list.evaluate((el) => el.parentElement?.scrollTo(0, el.scrollHeight));
    const last = all.values[all.values.length - 1]!;
    await expect
      .poll(async () => (await rare.facetValues('IP address')).map((v) => v.value), POLL)
      .toContain(last.value);
    // Virtualized: only the rows near the view are drawn.
    expect((await rare.facetValues('IP address')).length).toBeLessThan(60);
  });

  it('autocompletes every action containing the text, those starting with it first', async () => {
    await landing();
    await app.queryInput.fill('action:mfa');
    await expect
      .poll(async () => app.suggestions.allInnerTexts(), POLL)
      .toEqual(expect.arrayContaining([expect.stringContaining('user.mfa_disabled')]));
    await app.queryInput.fill('action:');
    const all = await callApi(served, 'events.values', {
      query: '',
      timeZone: 'UTC',
      field: 'action',
      prefix: '',
      limit: 1_000,
    });
    await expect.poll(() => app.suggestions.count(), POLL).toBeGreaterThanOrEqual(all.values.length);
    await screenshot(page, 'rare-autocomplete');
  });

  it('ranks actor lanes by failures, the victim first, her failures in colour', async () => {
    await landing();
    await rare.showLanes();
    await rare.rankLanes('Failures');
    await expect.poll(async () => (await rare.laneActors())[0], POLL).toBe('maria.garcia@acme.io');
    expect(await rare.laneFailureMarks('maria.garcia@acme.io')).toBeGreaterThan(0);
    await app.waitForPanels();
    await screenshot(page, 'rare-lanes-failures');
    await rare.rankLanes('Volume');
  });
});
