// End to end on a 5 000-event demo case through `trailscope serve`, in Chromium with America/New_York as the
// browser's zone: save the query on screen (a range, Local zone and chosen columns) under a name of any script,
// change query, columns and zone, then run the saved one from the list beside the query bar: its events, columns,
// range and zone come back. Then the list by keyboard (Esc closes the innermost step, then the list), a replace
// asked before it happens, a rename, and a remove confirmed and journalled. Screenshots go to test-results/e2e.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { InvestigatorPage } from './pages/investigator.page';
import { SavedQueriesPage } from './pages/saved-queries.page';

const CHROMIUM = chromiumPath();
const POLL = { timeout: 15_000, interval: 100 };
const NAME = 'Incident 192.0.2.66 — 攻撃者 🔥';

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: saved queries beside the query bar' : 'e2e (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let app: InvestigatorPage;
    let saved: SavedQueriesPage;
    let incidentQuery: string;

    beforeAll(async () => {
      served = await serve(await demoCase(5_000));
      browser = await launchBrowser();
      page = await openApp(browser, served, { timezoneId: 'America/New_York' });
      app = new InvestigatorPage(page);
      saved = new SavedQueriesPage(page);
      // A range inside the incident, as UTC instants: from its 10th event to its 200th.
      const { events } = await callApi(served, 'events.page', {
        query: 'ip:192.0.2.66',
        order: 'asc',
        limit: 200,
        timeZone: 'UTC',
      });
      incidentQuery = `ip:192.0.2.66 after:${events[9]!.occurred_at} before:${events[199]!.occurred_at}`;
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    it('saves the query on screen with its range, zone and columns, and runs it again from the list', async () => {
      await app.setZone('Local');
      await app.runQuery(incidentQuery);
      const expected = (await callApi(served, 'events.count', { query: incidentQuery, timeZone: 'UTC' })).count;
      expect(expected).toBe(190);
      await expect.poll(() => app.matchedCount(), POLL).toBe(expected);
      await app.setColumnShown('Description', false);
      await app.setColumnShown('Category', true);
      await app.closeColumnChooser();
      const columns = await app.columnHeaders();
      expect(columns).toContain('Category');

      await saved.saveAs(NAME);
      await expect.poll(() => saved.savedNames(), POLL).toEqual([NAME]);
      await screenshot(page, 'saved-01-saved');
      const [stored] = (await callApi(served, 'saved.list', {})).saved;
      expect(stored).toMatchObject({
        name: NAME,
        query: 'ip:192.0.2.66',
        zone: 'America/New_York',
        columns: ['time', 'actor', 'action', 'target', 'outcome', 'ip', 'category'],
      });
      expect(`ip:192.0.2.66 after:${stored!.from} before:${stored!.to}`).toBe(incidentQuery);
      await saved.nameInput.press('Escape');
      expect(await saved.isOpen()).toBe(false);

      // Something else on screen: another query, the default columns, UTC.
      await app.runQuery('outcome:failure');
      await app.resetColumns();
      await app.closeColumnChooser();
      await app.setZone('UTC');
      await expect.poll(() => app.queryText(), POLL).toBe('outcome:failure');
      expect(await app.columnHeaders()).not.toContain('Category');

      await saved.open();
      expect(await saved.recentQueries()).toEqual(expect.arrayContaining([incidentQuery]));
      await screenshot(page, 'saved-02-list');
      await saved.run(NAME);
      await expect.poll(() => app.queryText(), POLL).toBe(incidentQuery);
      await expect.poll(() => app.matchedCount(), POLL).toBe(expected);
      await app.waitForRows();
      expect(await app.columnHeaders()).toEqual(columns);
      expect(new Set(await app.cellTexts('ip'))).toEqual(new Set(['192.0.2.66']));
      expect(await app.statusText()).toMatch(/America\/New_York|UTC[−-]0[45]:00|E[SD]T/);
      expect(await saved.isOpen()).toBe(false);
      await screenshot(page, 'saved-03-ran');
    });

    it('is reachable by keyboard; Esc closes a confirmation first, then the list, back on its button', async () => {
      await saved.button.focus();
      await page.keyboard.press('Enter');
      await saved.panel.waitFor();
      // Focus moves into the list, on the name field.
      expect(await saved.nameInput.evaluate((el) => el.matches(':focus'))).toBe(true);
      await saved.nameInput.fill(NAME.toUpperCase());
      await saved.nameInput.press('Enter');
      await saved.confirmation.waitFor();
      expect(await saved.confirmation.innerText()).toContain(`A saved query is named “${NAME}”`);
      await page.keyboard.press('Escape');
      await saved.confirmation.waitFor({ state: 'detached' });
      expect(await saved.isOpen()).toBe(true);
      await page.keyboard.press('Escape');
      expect(await saved.isOpen()).toBe(false);
      expect(await saved.button.evaluate((el) => el.matches(':focus'))).toBe(true);
      expect((await callApi(served, 'saved.list', {})).saved.map((s) => s.name)).toEqual([NAME]);
    });

    it('replaces after asking, renames, and removes after a confirmation, each in the journal', async () => {
      await app.runQuery('category:auth');
      await expect.poll(() => app.queryText(), POLL).toBe('category:auth');
      await saved.saveAs('incident 192.0.2.66 — 攻撃者 🔥');
      await saved.confirm('Replace');
      await expect.poll(() => saved.savedNames(), POLL).toEqual(['incident 192.0.2.66 — 攻撃者 🔥']);
      expect((await callApi(served, 'saved.list', {})).saved[0]).toMatchObject({ query: 'category:auth', from: null });

      await saved.rename('incident 192.0.2.66 — 攻撃者 🔥', 'Sign-ins');
      await expect.poll(() => saved.savedNames(), POLL).toEqual(['Sign-ins']);
      await saved.saveAs('bell\u0007');
      await expect.poll(() => saved.problem.innerText(), POLL).toContain('cannot hold control characters');

      await saved.askToRemove('Sign-ins');
      await screenshot(page, 'saved-04-remove');
      await saved.confirm('Remove');
      await expect.poll(() => saved.savedNames(), POLL).toEqual([]);
      const { entries } = await callApi(served, 'journal.list', {});
      expect(entries.filter((e) => e.action.startsWith('saved.')).map((e) => e.action)).toEqual([
        'saved.save',
        'saved.save',
        'saved.save',
        'saved.remove',
      ]);
    });
  },
);
