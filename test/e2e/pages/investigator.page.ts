// Page module for the investigator screen: every selector the e2e tests use lives here (roles and labels first,
// data-testid nowhere so far). Methods read what a user sees and do what a user does; tests hold no selectors.
import type { Frame, Locator, Page, Request, Route } from 'playwright-core';

/** Column ids and the header text each starts with; cells are found by the header's position, so hidden columns count. */
const COLUMN = {
  time: 'Time',
  actor: 'Actor',
  action: 'Action',
  target: 'Target',
  outcome: 'Outcome',
  ip: 'IP',
  description: 'Description',
  category: 'Category',
} as const;
export type ColumnName = keyof typeof COLUMN;

/** The values the cells show, without the selected row's + / − cell actions. */
function cellValues(cells: Locator): Promise<string[]> {
  return cells.evaluateAll((els) =>
    els.map((el) => {
      const copy = el.cloneNode(true) as typeof el;
      copy.querySelectorAll('.cell-actions').forEach((a: { remove(): void }) => a.remove());
      return (copy.textContent ?? '').trim();
    }),
  );
}

/** The element the app mounts in: absent from a page or frame that was refused the app. */
export function appRoot(frame: Page | Frame): Locator {
  return frame.locator('#root');
}

export class InvestigatorPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('[data-app-state]');
  }

  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Events' });
  }

  /** Rendered data rows (the header row is aria-rowindex 1). */
  get dataRows(): Locator {
    return this.grid.locator('[role="row"]:not([aria-rowindex="1"])');
  }

  get queryInput(): Locator {
    return this.page.getByRole('combobox', { name: 'Query' });
  }

  get suggestions(): Locator {
    return this.page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option');
  }

  get chips(): Locator {
    return this.page.getByRole('list', { name: 'Query clauses' }).getByRole('listitem');
  }

  get lanes(): Locator {
    return this.page.getByRole('region', { name: 'Events per actor' });
  }

  /** The 1-based aria-colindex of a column, from the header row as it is now (hidden columns shift the rest). */
  async columnIndex(column: ColumnName): Promise<number> {
    const headers = await this.grid.getByRole('columnheader').allInnerTexts();
    const i = headers.findIndex(
      (h) => h.trim().startsWith(COLUMN[column]) && !(column === 'actor' && h.trim().startsWith('Actor type')),
    );
    if (i === -1) throw new Error(`No ${column} column is shown (headers: ${headers.join(' | ')}).`);
    return i + 1;
  }

  async columnHeaders(): Promise<string[]> {
    return (await this.grid.getByRole('columnheader').allInnerTexts()).map((h) => h.split(/\s*\(/)[0]?.trim() ?? '');
  }

  get queryError(): Locator {
    return this.page.locator('#query-error');
  }

  get statusBar(): Locator {
    return this.page.getByRole('contentinfo', { name: 'Status' });
  }

  get drawer(): Locator {
    return this.page.getByRole('complementary', { name: 'Event details' });
  }

  get histogramPlot(): Locator {
    return this.page.getByRole('group', { name: /^Histogram of/ });
  }

  get timeHeader(): Locator {
    return this.grid.getByRole('columnheader').first();
  }

  /** The table's empty state ("No events match …"). */
  get noMatches(): Locator {
    return this.page.getByText(/^No events match/);
  }

  /** The empty state's ways out, as their labels ("Clear the query (5,000)"). */
  async waysOut(): Promise<string[]> {
    return this.page.locator('.empty-state').getByRole('button').allInnerTexts();
  }

  /** Reloads the page and waits for the app to be loaded again (the route and the saved settings apply). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('[data-app-state="loaded"]').waitFor({ timeout: 30_000 });
  }

  async appState(): Promise<string | null> {
    return this.root.getAttribute('data-app-state');
  }

  /** Images whose src is `x`: what hostile event text (`<img src=x onerror=…>`) would have injected. */
  async injectedImageCount(): Promise<number> {
    return this.page.locator('img[src="x"]').count();
  }

  /** The href of every link on the page. */
  async linkTargets(): Promise<string[]> {
    return this.page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  }

  async ariaRowCount(): Promise<number> {
    return Number(await this.grid.getAttribute('aria-rowcount'));
  }

  async statusText(): Promise<string> {
    return this.statusBar.innerText();
  }

  /** The "of N matched" total in the status bar, or null while there is none. */
  async matchedCount(): Promise<number | null> {
    const match = /([\d,]+) matched/.exec(await this.statusText());
    return match?.[1] ? Number(match[1].replace(/,/g, '')) : null;
  }

  async queryText(): Promise<string> {
    return this.queryInput.inputValue();
  }

  async runQuery(query: string): Promise<void> {
    await this.queryInput.fill(query);
    await this.queryInput.press('Enter');
  }

  /**
   * Waits until the grid shows the current query's answer (while a query runs it is busy and still shows the previous
   * rows: a row opened then is replaced under the test) and every rendered row has its data (no placeholder rows from
   * a window still loading).
   */
  async waitForRows(): Promise<void> {
    await this.page.locator('[role="grid"][aria-busy="true"]').waitFor({ state: 'detached' });
    await this.dataRows.first().waitFor();
    await this.grid.locator('[role="row"][aria-busy="true"]').first().waitFor({ state: 'detached' });
  }

  async cellTexts(column: ColumnName): Promise<string[]> {
    return cellValues(this.dataRows.locator(`[role="gridcell"][aria-colindex="${await this.columnIndex(column)}"]`));
  }

  async gridcellCount(): Promise<number> {
    return this.grid.getByRole('gridcell').count();
  }

  async openRow(position: number): Promise<void> {
    await this.dataRows.nth(position).click();
    await this.drawer.waitFor();
  }

  /** Clicks the drawer's actor value: a pivot that replaces the query. Returns the value clicked. */
  async pivotOnActor(): Promise<string> {
    const button = this.drawer.getByRole('button', { name: /^Search for actor:/ }).first();
    const label = (await button.getAttribute('aria-label')) ?? '';
    await button.click();
    return label.replace(/^Search for /, '');
  }

  /** Waits until the histogram, the lanes and the facets have their answers for the query on screen. */
  async waitForPanels(): Promise<void> {
    await this.page
      .locator('.histogram[aria-busy="true"], .lanes[aria-busy="true"], .facets[aria-busy="true"]')
      .first()
      .waitFor({ state: 'detached' });
  }

  /** The drawer's "14 of 1,234". */
  async drawerPosition(): Promise<string> {
    return this.drawer.getByText(/^[\d,]+ of [\d,]+$/).innerText();
  }

  /** A titled section of the drawer: 'Fields', 'Changes', 'Session', 'Related events', 'Raw record'. */
  drawerSection(name: string): Locator {
    return this.drawer.getByRole('region', { name });
  }

  /** The drawer's value of a field (its `dt` label, e.g. 'ip', 'country'), with its mark or note. */
  async drawerField(label: string): Promise<string> {
    const row = this.drawerSection('Fields')
      .locator('.fields__row')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
    // Without its + / − buttons (hidden while read: innerText skips what is not displayed): the value, its mark or note.
    return row.locator('dd').evaluate((dd) => {
      const actions = [...dd.querySelectorAll('.fields__actions')] as unknown as { style: { display: string } }[];
      for (const a of actions) a.style.display = 'none';
      const text = (dd as unknown as { innerText: string }).innerText;
      for (const a of actions) a.style.display = '';
      return text;
    });
  }

  /** The events the drawer's Session section lists, as their text, and which one is the event shown. */
  async sessionEvents(): Promise<{ texts: string[]; current: number }> {
    const items = this.drawerSection('Session')
      .getByRole('list', { name: 'Events of the session' })
      .getByRole('listitem');
    const texts = await items.allInnerTexts();
    const current = await items.evaluateAll((els) => els.findIndex((el) => el.getAttribute('aria-current') === 'true'));
    return { texts, current };
  }

  /** Clicks the n-th (from 0) event of the drawer's session: the session becomes the query and that event opens. */
  async openSessionEvent(n: number): Promise<void> {
    await this.drawerSection('Session').getByRole('listitem').nth(n).getByRole('button').click();
  }

  async scrollDrawerTo(name: string): Promise<void> {
    await this.drawerSection(name).scrollIntoViewIfNeeded();
  }

  /** Drags across the histogram from one fraction of its width to another (0 = left edge, 1 = right edge). */
  async brushHistogram(from: number, to: number): Promise<void> {
    const box = await this.histogramPlot.boundingBox();
    if (!box) throw new Error('The histogram is not on screen.');
    const y = box.y + box.height * 0.7;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 4 });
    await this.page.mouse.up();
  }

  async clickHistogram(at: number): Promise<void> {
    const box = await this.histogramPlot.boundingBox();
    if (!box) throw new Error('The histogram is not on screen.');
    await this.page.mouse.click(box.x + box.width * at, box.y + box.height * 0.7);
  }

  async histogramInterval(): Promise<string> {
    return this.page.getByRole('region', { name: 'Events over time' }).getByText(/^per /).innerText();
  }

  async setZone(zone: 'UTC' | 'Local'): Promise<void> {
    await this.page.getByRole('group', { name: 'Time zone' }).getByRole('button', { name: zone, exact: true }).click();
  }

  async setTheme(theme: 'Light' | 'Dark'): Promise<void> {
    await this.page.getByRole('group', { name: 'Theme' }).getByRole('button', { name: theme, exact: true }).click();
  }

  /** Keyboard: focus the grid and jump to its last row (End), as a user would. */
  async jumpToLastRow(): Promise<void> {
    await this.grid.focus();
    await this.page.keyboard.press('End');
  }

  async selectedRowIndex(): Promise<number | null> {
    const row = this.grid.locator('[role="row"][aria-selected="true"]');
    if ((await row.count()) === 0) return null;
    return Number(await row.getAttribute('aria-rowindex'));
  }

  async cellOfSelectedRow(column: ColumnName): Promise<string> {
    const [text] = await cellValues(
      this.grid.locator(
        `[role="row"][aria-selected="true"] [role="gridcell"][aria-colindex="${await this.columnIndex(column)}"]`,
      ),
    );
    return text ?? '';
  }

  // ── Investigation aids ──────────────────────────────────────────────────────────────────────────────────────

  /** The chips as the user sees them: `+text` when on, `○text` when switched off. */
  async chipStates(): Promise<string[]> {
    // One read of the whole row: chips re-render as a query runs, and a chip read one by one may be gone.
    return this.chips
      .getByRole('button', { name: /^Clause / })
      .evaluateAll((buttons) =>
        buttons.map(
          (b) =>
            `${b.getAttribute('aria-pressed') === 'true' ? '+' : '○'}${(b.getAttribute('aria-label') ?? '').replace(/^Clause /, '')}`,
        ),
      );
  }

  async toggleChip(text: string): Promise<void> {
    await this.chips.getByRole('button', { name: `Clause ${text}`, exact: true }).click();
  }

  async removeChip(text: string): Promise<void> {
    await this.chips.getByRole('button', { name: `Remove clause ${text}`, exact: true }).click();
  }

  async openColumnChooser(): Promise<void> {
    const button = this.page.getByRole('button', { name: /^Columns/ });
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  }

  async setColumnShown(title: string, shown: boolean): Promise<void> {
    await this.openColumnChooser();
    await this.page
      .getByRole('group', { name: 'Columns shown' })
      .getByRole('checkbox', { name: title, exact: true })
      .setChecked(shown);
  }

  /** Moves a column one place with the chooser's Move up / Move down button, as a keyboard user would (Enter). */
  async moveColumn(title: string, direction: 'up' | 'down'): Promise<void> {
    await this.openColumnChooser();
    const button = this.page
      .getByRole('group', { name: 'Columns shown' })
      .getByRole('button', { name: `Move ${title} ${direction}`, exact: true });
    await button.focus();
    await button.press('Enter');
  }

  /** The accessible name of the focused element (after a move, the button pressed keeps the focus). */
  async focusedName(): Promise<string> {
    const focused = this.page.locator(':focus');
    return (await focused.getAttribute('aria-label')) ?? (await focused.innerText());
  }

  /** The chooser's "Default columns": the default columns in the default order. */
  async resetColumns(): Promise<void> {
    await this.openColumnChooser();
    await this.page
      .getByRole('group', { name: 'Columns shown' })
      .getByRole('button', { name: 'Default columns', exact: true })
      .click();
  }

  async closeColumnChooser(): Promise<void> {
    await this.page.getByRole('group', { name: 'Columns shown' }).press('Escape');
  }

  async setDensity(label: 'Compact' | 'Normal' | 'Roomy'): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Row density' })
      .getByRole('button', { name: label, exact: true })
      .click();
  }

  async rowHeight(): Promise<number> {
    return (await this.dataRows.first().boundingBox())?.height ?? 0;
  }

  /** Types into the query field at its end, as a user would (key by key, so suggestions follow). */
  async typeInQuery(text: string): Promise<void> {
    await this.queryInput.focus();
    await this.queryInput.press('End');
    await this.queryInput.pressSequentially(text);
  }

  async suggestionLabels(): Promise<string[]> {
    return (await this.suggestions.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async pickSuggestion(label: string | RegExp): Promise<void> {
    await this.suggestions.filter({ hasText: label }).first().click();
  }

  /** Leaves the query field (Esc closes the list, a second Esc the field), so global keys apply. */
  async leaveQuery(): Promise<void> {
    await this.queryInput.press('Escape');
    if (await this.queryInput.evaluate((el) => el.matches(':focus'))) await this.queryInput.press('Escape');
  }

  async pressKey(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** A facet value's include button, e.g. facetValue('outcome', 'success'): the one beside "Exclude outcome:success". */
  facetValue(field: string, value: string): Locator {
    return this.page
      .getByRole('navigation', { name: 'Field values' })
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('button', { name: `Exclude ${field}:${value}`, exact: true }) })
      .getByRole('button')
      .first();
  }

  async altClickFacet(facet: string, value: string): Promise<void> {
    await this.facetValue(facet, value).click({ modifiers: ['Alt'] });
  }

  async showLanes(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Actor lanes' });
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
    await this.lanes.getByRole('list').waitFor();
  }

  /** The lanes' actor buttons' names: `Add actor:x, 1,234 events` (without the failures some also name, twice). */
  async laneActors(): Promise<string[]> {
    const labels = await this.lanes
      .getByRole('button', { name: /^Add actor:/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.map((label) => label.replace(/, [\d,]+ failed$/, '').replace(/, [\d,]+ ✕ · /, ', '));
  }

  async clickLane(actor: string): Promise<void> {
    await this.lanes
      .getByRole('button', { name: new RegExp(`^Add actor:${actor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`) })
      .click();
  }

  /** Clicks the selected row's + (or −) cell action for a clause, e.g. `actor:maria.garcia@acme.io`. */
  async cellPivot(clause: string): Promise<void> {
    await this.grid
      .locator('[role="row"][aria-selected="true"]')
      .getByRole('button', { name: `Add ${clause} to the query`, exact: true })
      .click();
  }

  async stackBy(label: 'Outcome' | 'Category'): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Stack bars by' })
      .getByRole('button', { name: label, exact: true })
      .click();
  }

  /** The histogram legend's entries, left to right (their labels, without the counts beside them). */
  async legendLabels(): Promise<string[]> {
    const texts = await this.page
      .getByRole('region', { name: 'Events over time' })
      .locator('.histogram__legend')
      .getByRole('button')
      .allInnerTexts();
    return texts.map((text) => text.replace(/\s*[\d,]+$/, '').trim());
  }

  async clickLegend(label: string): Promise<void> {
    await this.page
      .getByRole('region', { name: 'Events over time' })
      .locator('.histogram__legend')
      .getByRole('button', { name: new RegExp(`^${label}(\\s|$)`) })
      .click();
  }

  /** Which stack segments the chart draws (the bar classes' kinds), sorted. */
  async barKinds(): Promise<string[]> {
    const classes = await this.histogramPlot
      .locator('rect.bar')
      .evaluateAll((els) => els.map((e) => e.getAttribute('class') ?? ''));
    return [...new Set(classes.map((c) => c.replace(/^bar bar--/, '')))].sort();
  }

  /**
   * Holds back the answers to the panels' calls (histogram, facets, lanes) until `release`; `held` lists the
   * queries of the calls held so far, `withdrawn` those of the held calls the page withdrew (aborted) meanwhile.
   */
  async holdPanelAnswers(): Promise<{ held(): string[]; withdrawn(): string[]; release(): Promise<void> }> {
    const pattern = /\/api\/call\/events\.(histogram|facets|lanes)$/;
    const held: Route[] = [];
    const withdrawn: string[] = [];
    const queryOf = (request: Request) => String((request.postDataJSON() as { query?: unknown } | null)?.query ?? '');
    const onFailed = (request: Request) => {
      if (pattern.test(request.url())) withdrawn.push(queryOf(request));
    };
    this.page.on('requestfailed', onFailed);
    const hold = (route: Route) => void held.push(route);
    await this.page.route(pattern, hold);
    return {
      held: () => held.map((route) => queryOf(route.request())),
      withdrawn: () => [...withdrawn],
      release: async () => {
        await this.page.unroute(pattern, hold);
        this.page.off('requestfailed', onFailed);
        // A call the page withdrew has no one left to answer.
        await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
      },
    };
  }

  async routeHash(): Promise<URLSearchParams> {
    return new URLSearchParams(new URL(this.page.url()).hash.slice(1));
  }
}
