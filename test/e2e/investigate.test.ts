// End to end on a 5 000-event demo case served by `trailscope serve`, in Chromium with America/New_York as the
// browser's zone: the grid and its total against 'events.count', the demo incident by IP, a pivot from the drawer,
// a histogram brush and click, UTC/Local, a syntax error kept inline, and a jump to the last row that must not
// page through everything. A screenshot of each view goes to test-results/e2e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { InvestigatorPage } from './pages/investigator.page';

const CHROMIUM = chromiumPath();
const INCIDENT_IP = '192.0.2.66';
const POLL = { timeout: 15_000, interval: 100 };

describe.skipIf(!CHROMIUM)(CHROMIUM ? 'e2e: investigating the demo incident in the browser' : 'e2e (skipped: no Chromium at /usr/lib/chromium/chromium)', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let app: InvestigatorPage;
  const count = async (query: string, timeZone = 'UTC') => (await callApi(served, 'events.count', { query, timeZone })).count;

  beforeAll(async () => {
    served = await serve(await demoCase(5_000));
    browser = await launchBrowser();
    page = await openApp(browser, served, { timezoneId: 'America/New_York' });
    app = new InvestigatorPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('opens on every event, as a grid whose total is what events.count reports', async () => {
    await app.waitForRows();
    await screenshot(page, 'investigate-01-open');

    const total = await count('');
    expect(total).toBe(5_000);
    expect(await app.appState()).toBe('loaded');
    expect(await app.matchedCount()).toBe(total);
    expect(await app.statusText()).toMatch(/^1–\d+ of 5,000 matched · [\d,]+ ms · UTC/);
    // The header row counts as a row of the grid.
    expect(await app.ariaRowCount()).toBe(total + 1);
    const rendered = await app.dataRows.count();
    expect(rendered).toBeGreaterThan(10);
    // Virtualized: a few dozen rows in the DOM, not five thousand.
    expect(rendered).toBeLessThan(120);
    expect(await app.gridcellCount()).toBe(rendered * 7);
    expect(await app.histogramInterval()).toMatch(/^per \d+ (second|minute|hour|day)s?$/);
  });

  it('narrows to the incident IP and shows only that IP', async () => {
    await app.runQuery(`ip:${INCIDENT_IP}`);
    const expected = await count(`ip:${INCIDENT_IP}`);
    expect(expected).toBeGreaterThan(300);
    await expect.poll(() => app.matchedCount(), POLL).toBe(expected);
    await app.waitForRows();
    await screenshot(page, 'investigate-02-incident-ip');

    const ips = await app.cellTexts('ip');
    expect(ips.length).toBeGreaterThan(10);
    expect(new Set(ips)).toEqual(new Set([INCIDENT_IP]));
    expect(await app.ariaRowCount()).toBe(expected + 1);
    // Newest first: the attacker's exit, described in words.
    expect((await app.cellTexts('description'))[0]).toBe('maria.garcia@acme.io signed out');
  });

  it('pivots from the drawer: clicking the actor replaces the query with actor:…', async () => {
    // The second newest: the attacker pointing the audit webhook elsewhere, a change with a before and after.
    await app.openRow(1);
    await expect.poll(() => app.drawerSection('Related events').innerText(), POLL).toContain('Same IP ±1 h');
    await screenshot(page, 'investigate-03-drawer');
    const changes = await app.drawerSection('Changes').innerText();
    expect(changes).toContain('https://hooks.acme.io/audit/v2');
    expect(changes).toContain('https://hooks.example.net/c/8f2e41d0');
    expect(await app.drawerSection('Raw record').innerText()).toContain('"action": "webhook.destination_changed"');
    await app.scrollDrawerTo('Related events');
    await screenshot(page, 'investigate-03b-drawer-changes-related');

    const clause = await app.pivotOnActor();
    expect(clause).toBe('actor:maria.garcia@acme.io');
    await expect.poll(() => app.queryText(), POLL).toBe(clause);
    await expect.poll(() => app.matchedCount(), POLL).toBe(await count(clause));
    await app.waitForRows();
    expect(new Set(await app.cellTexts('actor'))).toEqual(new Set(['maria.garcia@acme.io']));
    await screenshot(page, 'investigate-04-pivot-actor');
  });

  it('brushes and clicks the histogram into after:/before: clauses, replacing the old ones', async () => {
    await app.runQuery('');
    await expect.poll(() => app.matchedCount(), POLL).toBe(5_000);

    await app.brushHistogram(0.3, 0.6);
    await expect.poll(() => app.queryText(), POLL).toMatch(/^after:\S+ before:\S+$/);
    const brushed = await app.queryText();
    const brushedCount = await count(brushed);
    expect(brushedCount).toBeGreaterThan(0);
    expect(brushedCount).toBeLessThan(5_000);
    await expect.poll(() => app.matchedCount(), POLL).toBe(brushedCount);
    await app.waitForRows();
    await screenshot(page, 'investigate-05-brushed');

    // A click on one bar of the narrowed chart narrows further and still leaves one after: and one before:.
    await app.clickHistogram(0.5);
    await expect.poll(() => app.queryText(), POLL).not.toBe(brushed);
    const clicked = await app.queryText();
    expect(clicked.match(/after:/g)).toHaveLength(1);
    expect(clicked.match(/before:/g)).toHaveLength(1);
    await expect.poll(() => app.matchedCount(), POLL).toBe(await count(clicked));
    await screenshot(page, 'investigate-06-bar-clicked');
  });

  it('switches the times between UTC and the local zone', async () => {
    await app.runQuery(`ip:${INCIDENT_IP}`);
    await expect.poll(() => app.matchedCount(), POLL).toBe(await count(`ip:${INCIDENT_IP}`));
    await app.waitForRows();
    const utc = (await app.cellTexts('time'))[0];
    expect(utc).toBe('2025-10-16 02:55:36');
    expect(await app.timeHeader.innerText()).toContain('Time (UTC)');

    await app.setZone('Local');
    // October in New York: EDT, four hours behind UTC, so the night of the incident is the evening before.
    await expect.poll(async () => (await app.cellTexts('time'))[0], POLL).toBe('2025-10-15 22:55:36');
    expect(await app.timeHeader.innerText()).toContain('Time (EDT)');
    expect(await app.statusText()).toContain('America/New_York (UTC−04:00)');
    await screenshot(page, 'investigate-07-local-time');

    await app.setTheme('Dark');
    await screenshot(page, 'investigate-07b-dark-theme');
    await app.setTheme('Light');

    await app.setZone('UTC');
    await expect.poll(async () => (await app.cellTexts('time'))[0], POLL).toBe(utc);
  });

  it('shows a syntax error inline and keeps the last good results', async () => {
    const before = await app.matchedCount();
    await app.runQuery('ip:192.0.2.66 actor:"maria');
    await app.queryError.waitFor();
    expect(await app.queryError.innerText()).toMatch(/Query not run:.*unterminated quote at column 21\./);
    expect(await app.queryInput.getAttribute('aria-invalid')).toBe('true');
    expect(await app.matchedCount()).toBe(before);
    expect(await app.dataRows.count()).toBeGreaterThan(10);
    await screenshot(page, 'investigate-08-syntax-error');

    await app.runQuery(`ip:${INCIDENT_IP}`);
    await app.queryError.waitFor({ state: 'detached' });
  });

  it('says why a result is empty and offers ways out with exact counts', async () => {
    await app.runQuery(`ip:${INCIDENT_IP} actor:nobody@acme.io`);
    await app.noMatches.waitFor();
    expect(await app.matchedCount()).toBe(0);
    const withoutActor = await count(`ip:${INCIDENT_IP}`);
    await expect.poll(() => app.waysOut(), POLL).toEqual([
      `Remove ip:${INCIDENT_IP} (${await count('actor:nobody@acme.io')})`,
      `Remove actor:nobody@acme.io (${withoutActor})`,
      'Clear the query (5,000)',
    ]);
    await screenshot(page, 'investigate-09-empty');
  });

  it('jumps to the last row without paging through everything before it', async () => {
    await app.runQuery('');
    await expect.poll(() => app.matchedCount(), POLL).toBe(5_000);
    await app.waitForRows();
    // The histogram's bucket counts are what a far jump seeks by; wait for them as a user would see the chart.
    await app.histogramPlot.waitFor();
    const pageRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/call/events.page')) pageRequests.push(r.postData() ?? '');
    });

    await app.jumpToLastRow();
    await expect.poll(() => app.selectedRowIndex(), POLL).toBe(5_000 + 1);
    await app.waitForRows();
    const oldest = (await callApi(served, 'events.page', { query: '', timeZone: 'UTC', order: 'asc', limit: 1 })).events[0];
    expect(oldest).toBeDefined();
    expect(await app.cellOfSelectedRow('time')).toBe(oldest?.occurred_at.slice(0, 19).replace('T', ' '));
    expect(await app.statusText()).toMatch(/–5,000 of 5,000 matched/);
    // 5 000 rows at 200 a window would be 25 requests from the top; a seek by the histogram takes a couple.
    expect(pageRequests.length).toBeLessThanOrEqual(4);
    await screenshot(page, 'investigate-10-last-row');
  });
});
