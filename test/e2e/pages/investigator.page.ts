// Page module for the investigator screen: every selector the e2e tests use lives here (roles and labels first,
// data-testid nowhere so far). Methods read what a user sees and do what a user does; tests hold no selectors.
import type { Locator, Page } from 'playwright-core';

const COLUMN = { time: 1, actor: 2, action: 3, target: 4, outcome: 5, ip: 6, description: 7 } as const;
export type ColumnName = keyof typeof COLUMN;

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
    return this.page.getByRole('textbox', { name: 'Query' });
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

  async appState(): Promise<string | null> {
    return this.root.getAttribute('data-app-state');
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

  /** Waits until every rendered row has its data (no placeholder rows from a window still loading). */
  async waitForRows(): Promise<void> {
    await this.dataRows.first().waitFor();
    await this.grid.locator('[role="row"][aria-busy="true"]').first().waitFor({ state: 'detached' });
  }

  async cellTexts(column: ColumnName): Promise<string[]> {
    return this.dataRows.locator(`[role="gridcell"][aria-colindex="${COLUMN[column]}"]`).allInnerTexts();
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

  /** A titled section of the drawer: 'Fields', 'Changes', 'Related events', 'Raw record'. */
  drawerSection(name: string): Locator {
    return this.drawer.getByRole('region', { name });
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
    return this.grid.locator(`[role="row"][aria-selected="true"] [role="gridcell"][aria-colindex="${COLUMN[column]}"]`).innerText();
  }
}
