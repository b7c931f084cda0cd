// End to end on a 5 000-event demo case (issue 18 items 6–8), in Chromium at 1440×900 in UTC: with the drawer open
// Outcome and IP stay in view and the selected row's + / − never cover text, the drawer's fields are grouped with a
// filter and pins, source_ref names a file; after Enter in the query j/k move the selection at once, and every
// action of the shortcut sheet works; the range picker's presets, `[` `]` `-`, the case's span kept by the chart,
// unambiguous axis labels, the brush tip, and Back/Forward (the browser's and the app's). Screenshots go to
// test-results/e2e (time-keys-*).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi, chromiumPath, demoCase, launchBrowser, openApp, screenshot, serve, type Served } from './harness';
import { TimeKeysPage } from './pages/time-keys.page';

const CHROMIUM = chromiumPath();
const INCIDENT_IP = '192.0.2.66';
const POLL = { timeout: 15_000, interval: 100 };
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** The after:/before: instants of a query, as epoch ms. */
const rangeOf = (query: string) => {
  const from = /after:(\S+)/.exec(query)?.[1];
  const to = /before:(\S+)/.exec(query)?.[1];
  return { from: from ? Date.parse(from) : null, to: to ? Date.parse(to) : null };
};

describe.skipIf(!CHROMIUM)(
  CHROMIUM ? 'e2e: time control, keys and the drawer' : 'e2e (skipped: no Chromium at /usr/lib/chromium/chromium)',
  () => {
    let served: Served;
    let browser: Browser;
    let page: Page;
    let app: TimeKeysPage;
    /** The case's first and last event, to whole seconds (the range picker's "whole case"). */
    let first: number;
    let end: number;
    const count = async (query: string) => (await callApi(served, 'events.count', { query, timeZone: 'UTC' })).count;

    beforeAll(async () => {
      served = await serve(await demoCase(5_000));
      browser = await launchBrowser();
      page = await openApp(browser, served, { timezoneId: 'UTC' });
      app = new TimeKeysPage(page);
      const { stats } = await callApi(served, 'case.info', {});
      first = Math.floor(Date.parse(stats.first ?? '') / 1000) * 1000;
      end = Math.floor(Date.parse(stats.last ?? '') / 1000) * 1000 + 1000;
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    // ── Item 6: the drawer takes space from Description ────────────────────────────────────────────────────────
    it('keeps Outcome and IP in view with the drawer open, Description giving way (bug: they scrolled away)', async () => {
      await app.runQuery(`ip:${INCIDENT_IP}`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(`ip:${INCIDENT_IP}`));
      await app.waitForRows();
      expect(await app.headersInView()).toEqual(['Time', 'Actor', 'Action', 'Target', 'Outcome', 'IP', 'Description']);
      await app.openRow(0);
      await app.waitForPanels();
      const inView = await app.headersInView();
      expect(inView).toEqual(expect.arrayContaining(['Time', 'Outcome', 'IP']));
      expect(await app.cellOfSelectedRow('ip')).toBe(INCIDENT_IP);
      // The + / − of the selected row sit beside the text, never over it.
      expect((await app.pivotsClearOfText()).filter((p) => !p.clear)).toEqual([]);
      await screenshot(page, 'time-keys-01-drawer-columns');
      // A narrow cell shows its + / − on hover, and its text then ends before them too.
      await app.hoverSelectedCell('actor');
      const hovered = await app.pivotsClearOfText();
      expect(hovered.map((p) => p.cell)).toContainEqual(expect.stringContaining('grid__cell--actor'));
      expect(hovered.filter((p) => !p.clear)).toEqual([]);
      await screenshot(page, 'time-keys-01b-hover-pivot');
    });

    it("groups the drawer's fields (normalized, source-specific, integrity) with a filter and pins", async () => {
      const groups = await app.fieldGroups();
      expect(groups.map(([title]) => title)).toEqual(['Normalized', 'Source-specific', 'Integrity']);
      expect(groups[0]?.[1]).toEqual(expect.arrayContaining(['action', 'outcome', 'ip']));
      expect(groups[1]?.[1]).toEqual(expect.arrayContaining(['source', 'source_ref']));
      expect(groups[2]?.[1]).toEqual(expect.arrayContaining(['uid', 'chain_hash']));
      // source_ref names the file or the object key, never a local folder; the whole value is its title.
      const ref = await app.drawerField('source_ref');
      expect(ref).not.toMatch(/^(\/|[A-Za-z]:\\)/);
      expect(await app.drawerFieldTitle('source_ref')).toContain(ref.trim());

      await app.filterFields('chain');
      expect(await app.fieldGroups()).toEqual([['Integrity', ['chain_seq', 'chain_hash', 'chain_prev']]]);
      await app.filterFields('');
      await app.pinField('ip');
      await app.pinField('uid');
      expect((await app.fieldGroups())[0]).toEqual(['Pinned', ['ip', 'uid']]);
      await app.setPinnedOnly(true);
      expect(await app.fieldGroups()).toEqual([['Pinned', ['ip', 'uid']]]);
      await screenshot(page, 'time-keys-02-drawer-fields');
      await app.setPinnedOnly(false);
      await app.pinField('ip');
      await app.pinField('uid');
      expect((await app.fieldGroups())[0]?.[0]).toBe('Normalized');
      await app.pressKey('Escape');
      await app.drawer.waitFor({ state: 'detached' });
    });

    // ── Item 7: keys ───────────────────────────────────────────────────────────────────────────────────────────
    it('leaves the focus ready for j/k after Enter in the query (bug: j did nothing until the grid had focus)', async () => {
      await app.runQuery('outcome:failure');
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count('outcome:failure'));
      await expect.poll(() => app.focusedId(), POLL).toBe('events-grid');
      expect(await app.selectedRowIndex()).toBeNull();
      await app.pressKey('j');
      expect(await app.selectedRowIndex()).toBe(2); // the first event (the header row is 1)
      await app.pressKey('j');
      await app.pressKey('j');
      expect(await app.selectedRowIndex()).toBe(4);
      await app.pressKey('k');
      expect(await app.selectedRowIndex()).toBe(3);
      await screenshot(page, 'time-keys-03-j-after-enter');
    });

    it('keeps the focus in the query field when the query is refused, with the error beside it', async () => {
      await app.runQuery('actor:(');
      await app.queryError.waitFor();
      expect(await app.focusedId()).toBe('query-input');
      await app.runQuery('outcome:failure');
      await expect.poll(() => app.focusedId(), POLL).toBe('events-grid');
    });

    it('does every action of the shortcut sheet', async () => {
      // `?` opens the sheet; it lists every key tested below.
      await app.pressKey('?');
      await app.shortcutSheet.waitFor();
      await screenshot(page, 'time-keys-04-shortcut-sheet');
      expect(await app.sheetKeys()).toEqual([
        '/',
        'Enter',
        'g',
        'Ctrl/⌘+Enter',
        'j / k ↓ / ↑',
        'PgDn / PgUp',
        'Home / End',
        'Enter',
        '← / →',
        'Alt+← / Alt+→',
        '[ / ]',
        '-',
        '↓ / ↑ then Enter or Tab',
        'Esc',
        'Alt-click a value',
        '− on a focused value',
        '← / → then Enter',
        'e',
        's', // s, t and c: test/e2e/evidence.test.ts stars, tags and comments with them
        't',
        'c',
        '?',
      ]);
      // Esc closes the innermost layer: the sheet.
      await app.pressKey('Escape');
      await app.shortcutSheet.waitFor({ state: 'hidden' });

      // `/` focuses the query; Esc twice leaves it; `g` goes to the events.
      await app.pressKey('/');
      expect(await app.focusedId()).toBe('query-input');
      await app.leaveQuery();
      await app.pressKey('g');
      expect(await app.focusedId()).toBe('events-grid');

      // ↓/↑, PgDn/PgUp, Home/End on the grid.
      await app.pressKey('Home');
      expect(await app.selectedRowIndex()).toBe(2);
      await app.pressKey('ArrowDown');
      expect(await app.selectedRowIndex()).toBe(3);
      await app.pressKey('ArrowUp');
      expect(await app.selectedRowIndex()).toBe(2);
      await app.pressKey('PageDown');
      const paged = (await app.selectedRowIndex()) ?? 0;
      expect(paged).toBeGreaterThan(10);
      await app.pressKey('PageUp');
      expect(await app.selectedRowIndex()).toBe(2);
      const total = await count('outcome:failure');
      await app.pressKey('End');
      await expect.poll(() => app.selectedRowIndex(), POLL).toBe(total + 1);
      await app.pressKey('Home');

      // Enter opens the drawer; ←/→ step through the events; Esc closes it.
      await app.pressKey('Enter');
      await app.drawer.waitFor();
      expect(await app.drawerPosition()).toBe(`1 of ${total.toLocaleString('en-US')}`);
      await app.pressKey('ArrowRight');
      expect(await app.drawerPosition()).toBe(`2 of ${total.toLocaleString('en-US')}`);
      await app.pressKey('ArrowLeft');
      expect(await app.drawerPosition()).toBe(`1 of ${total.toLocaleString('en-US')}`);
      await app.pressKey('Escape');
      await app.drawer.waitFor({ state: 'detached' });

      // Ctrl+Enter runs the query typed, from anywhere.
      await app.queryInput.fill('outcome:success');
      await app.leaveQuery();
      await app.pressKey('Control+Enter');
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count('outcome:success'));

      // Alt+← / Alt+→ through the query history.
      await app.leaveQuery();
      await app.pressKey('Alt+ArrowLeft');
      await expect.poll(() => app.queryText(), POLL).toBe('outcome:failure');
      await app.pressKey('Alt+ArrowRight');
      await expect.poll(() => app.queryText(), POLL).toBe('outcome:success');

      // ↓ then Enter in the query picks a suggestion.
      await app.queryInput.fill('');
      await app.typeInQuery('categ');
      await app.suggestionList.waitFor();
      await app.queryInput.press('ArrowDown');
      await app.queryInput.press('Enter');
      expect(await app.queryText()).toBe('category:');
      await app.leaveQuery();
      await app.runQuery('');
      await expect.poll(() => app.matchedCount(), POLL).toBe(5_000);
      await app.waitForPanels();

      // Alt-click a value excludes it; `-` on a focused value excludes it too.
      await app.altClickFacet('outcome', 'success');
      await expect.poll(() => app.queryText(), POLL).toBe('-outcome:success');
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count('-outcome:success'));
      await app.waitForPanels();
      await app.focusFacetValue('outcome', 'failure');
      await app.pressKey('-');
      await expect.poll(() => app.queryText(), POLL).toBe('-outcome:success -outcome:failure');
      await app.runQuery('');
      await expect.poll(() => app.matchedCount(), POLL).toBe(5_000);
      await app.waitForPanels();

      // ←/→ then Enter on the histogram narrows to a bucket.
      await app.histogramPlot.focus();
      await app.pressKey('ArrowRight');
      await app.pressKey('Enter');
      await expect.poll(() => app.queryText(), POLL).toMatch(/^after:\S+ before:\S+$/);
      await app.runQuery('');
      await expect.poll(() => app.matchedCount(), POLL).toBe(5_000);

      // `e` opens the Export dialog (once the run from the query field has handed the focus to the grid).
      await expect.poll(() => app.focusedId(), POLL).toBe('events-grid');
      await app.pressKey('e');
      await app.exportDialog.waitFor();
      await app.pressKey('Escape');
      await app.exportDialog.waitFor({ state: 'hidden' });
    });

    // ── Item 8: time control ───────────────────────────────────────────────────────────────────────────────────
    it("keeps the case's span on the histogram unless zoomed (bug: it silently fit each query), labels unambiguous", async () => {
      await app.waitForPanels();
      const wholeInterval = await app.histogramInterval();
      const wholeAxis = await app.axisLabels();
      expect(wholeAxis[0]).toMatch(/^\d{4} /); // the year, on the first label
      expect(new Set(wholeAxis).size).toBe(wholeAxis.length);
      await app.runQuery(`ip:${INCIDENT_IP}`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(`ip:${INCIDENT_IP}`));
      await app.waitForPanels();
      expect(await app.histogramInterval()).toBe(wholeInterval);
      expect(await app.axisLabels()).toEqual(wholeAxis);
      await screenshot(page, 'time-keys-05-span-kept');

      // Zoomed to ten minutes: finer buckets, labels still unique, the year on the first.
      const from = Date.parse('2025-10-16T02:00:00Z');
      await app.runQuery(`after:${iso(from)} before:${iso(from + HOUR / 6)}`);
      await app.waitForPanels();
      await expect.poll(() => app.histogramInterval(), POLL).not.toBe(wholeInterval);
      const fine = await app.axisLabels();
      expect(fine[0]).toMatch(/^\d{4} \w{3} \d+ \d\d:\d\d/);
      expect(new Set(fine).size).toBe(fine.length);
      await screenshot(page, 'time-keys-06-fine-axis');
    });

    it('describes the brushed range in the tip while dragging, not the bar under the cursor', async () => {
      await app.runQuery('');
      await expect.poll(() => app.matchedCount(), POLL).toBe(5_000);
      await app.waitForPanels();
      const release = await app.holdBrush(0.2, 0.5);
      const tip = await app.histogramTip.innerText();
      expect(tip).toMatch(/^Selecting \d{4}-\d\d-\d\d \d\d:\d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      expect(tip).toMatch(/bars of/);
      await screenshot(page, 'time-keys-07-brush-tip');
      await release();
      await expect.poll(() => app.queryText(), POLL).toMatch(/^after:\S+ before:\S+$/);
      const brushed = rangeOf(await app.queryText());
      // The tip named the range the release selected.
      const [tipFrom, tipTo] = tip
        .split('\n')[0]!
        .replace(/^Selecting /, '')
        .replace(/ UTC$/, '')
        .split(' – ');
      expect(Date.parse(`${tipFrom!.replace(' ', 'T')}Z`)).toBe(brushed.from);
      expect(Date.parse(`${tipTo!.replace(' ', 'T')}Z`)).toBe(brushed.to);
    });

    it('picks a range from the presets: last 24 h of the case, around the selected event, custom, whole case', async () => {
      await app.runQuery('outcome:failure');
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count('outcome:failure'));
      expect(await app.rangeLabel()).toBe('Whole case');

      await app.pickPreset('Last 24 h of the case');
      await expect.poll(async () => rangeOf(await app.queryText()), POLL).toEqual({ from: end - 24 * HOUR, to: end });
      expect(await app.queryText()).toMatch(/^outcome:failure after:/);
      await screenshot(page, 'time-keys-08-last-day');

      // Around the selected event, ±15 min.
      await app.runQuery(`ip:${INCIDENT_IP}`);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(`ip:${INCIDENT_IP}`));
      await app.openRow(0);
      const at = Date.parse(`${(await app.cellOfSelectedRow('time')).replace(' ', 'T')}Z`);
      await app.setAround('±15 min');
      await screenshot(page, 'time-keys-09-picker');
      await app.pickPreset('Around the selected event');
      await expect
        .poll(async () => rangeOf(await app.queryText()), POLL)
        .toEqual({ from: at - HOUR / 4, to: at + HOUR / 4 + 1000 });

      // Custom, in the display zone; the inputs open on the range shown.
      await expect.poll(() => app.rangeLabel(), POLL).not.toBe('Whole case');
      const inputs = await app.customInputs();
      expect([Date.parse(`${inputs.from}Z`), Date.parse(`${inputs.to}Z`)]).toEqual([
        at - HOUR / 4,
        at + HOUR / 4 + 1000,
      ]);
      await app.customRange('2025-10-16T00:00', '2025-10-17T00:00');
      await expect
        .poll(async () => rangeOf(await app.queryText()), POLL)
        .toEqual({ from: Date.parse('2025-10-16T00:00:00Z'), to: Date.parse('2025-10-17T00:00:00Z') });
      await expect.poll(() => app.rangeLabel(), POLL).toBe('2025-10-16 00:00:00 – 2025-10-17 00:00:00');

      await app.pickPreset('Whole case');
      await expect.poll(() => app.queryText(), POLL).toBe(`ip:${INCIDENT_IP}`);
    });

    it('shifts the range by its width with [ and ], and zooms out with -', async () => {
      const day = Date.parse('2025-10-16T00:00:00Z');
      await app.runQuery(`after:${iso(day)} before:${iso(day + 24 * HOUR)}`);
      await expect.poll(() => app.focusedId(), POLL).toBe('events-grid');
      await app.pressKey('[');
      await expect.poll(async () => rangeOf(await app.queryText()), POLL).toEqual({ from: day - 24 * HOUR, to: day });
      await app.pressKey(']');
      await app.pressKey(']');
      await expect
        .poll(async () => rangeOf(await app.queryText()), POLL)
        .toEqual({ from: day + 24 * HOUR, to: day + 48 * HOUR });
      await app.pressKey('-');
      await expect
        .poll(async () => rangeOf(await app.queryText()), POLL)
        .toEqual({ from: day + 12 * HOUR, to: day + 60 * HOUR });
      await app.waitForPanels();
      await screenshot(page, 'time-keys-10-shift-zoom');
      // Zoomed out past the case's span: the whole case, no range left.
      for (let i = 0; i < 8 && (await app.queryText()) !== ''; i++) {
        const before = await app.queryText();
        await app.pressKey('-');
        await expect.poll(() => app.queryText(), POLL).not.toBe(before);
      }
      expect(await app.queryText()).toBe('');
      expect(first).toBeLessThan(end);
    });

    it('steps back and forward through queries with the browser and with the app’s own buttons', async () => {
      const a = `ip:${INCIDENT_IP}`;
      const b = 'outcome:failure';
      await app.runQuery(a);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(a));
      await app.runQuery(b);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(b));

      await page.goBack();
      await expect.poll(() => app.queryText(), POLL).toBe(a);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(a));
      await page.goForward();
      await expect.poll(() => app.queryText(), POLL).toBe(b);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(b));

      await app.historyButton('Back').click();
      await expect.poll(() => app.queryText(), POLL).toBe(a);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(a));
      await screenshot(page, 'time-keys-11-back');
      await app.historyButton('Forward').click();
      await expect.poll(() => app.queryText(), POLL).toBe(b);
      expect(await app.historyButton('Forward').isDisabled()).toBe(true);
    });

    it('reopens the event that was open when Back returns to its query (bug: the query came back, the drawer did not)', async () => {
      const a = `ip:${INCIDENT_IP}`;
      const b = 'outcome:failure';
      await app.runQuery(a);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(a));
      await app.waitForRows();
      const entries = await app.historyLength();
      await app.openRow(1);
      await app.openRow(3);
      const uid = await app.drawerField('uid');
      // Opening rows rewrites the entry (replaceState): no entry per row, or Back would step through rows.
      expect(await app.historyLength()).toBe(entries);

      await app.runQuery(b);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(b));
      await expect.poll(() => app.drawer.isVisible(), POLL).toBe(false);
      expect(await app.historyLength()).toBe(entries + 1);

      await page.goBack();
      await expect.poll(() => app.queryText(), POLL).toBe(a);
      await expect.poll(() => app.drawer.isVisible(), POLL).toBe(true);
      await expect.poll(() => app.drawerField('uid'), POLL).toBe(uid);
      expect(await app.selectedRowIndex()).toBe(5); // aria-rowindex of the 4th row: the header is row 1
      await screenshot(page, 'time-keys-12-back-reopens-event');

      // Forward: the entry of b had no event open, and none opens.
      await page.goForward();
      await expect.poll(() => app.queryText(), POLL).toBe(b);
      await expect.poll(() => app.matchedCount(), POLL).toBe(await count(b));
      await expect.poll(() => app.drawer.isVisible(), POLL).toBe(false);
    });
  },
);
