// Page module for the time control, the keys and the drawer's layout (issue 18 items 6–8): the range picker, the
// query history's Back/Forward, the histogram's axis and brush tip, the drawer's field groups, and the geometry
// the tests check (columns in view, the + / − beside the text). Built on the investigator's page module.
import type { Locator } from 'playwright-core';
import { InvestigatorPage } from './investigator.page';

export class TimeKeysPage extends InvestigatorPage {
  get rangeButton(): Locator {
    return this.page.getByRole('button', { name: /^Time range:/ });
  }

  get rangePanel(): Locator {
    return this.page.getByRole('group', { name: 'Time range', exact: true });
  }

  async rangeLabel(): Promise<string> {
    return ((await this.rangeButton.getAttribute('aria-label')) ?? '').replace(/^Time range: /, '');
  }

  async openRangePicker(): Promise<void> {
    if ((await this.rangeButton.getAttribute('aria-expanded')) !== 'true') await this.rangeButton.click();
    await this.rangePanel.waitFor();
  }

  async pickPreset(name: 'Whole case' | 'Last 24 h of the case' | 'Around the selected event'): Promise<void> {
    await this.openRangePicker();
    await this.rangePanel.getByRole('button', { name, exact: true }).click();
  }

  async setAround(label: string): Promise<void> {
    await this.openRangePicker();
    await this.rangePanel.getByRole('combobox', { name: 'How far around the event' }).selectOption({ label });
  }

  async customRange(from: string, to: string): Promise<void> {
    await this.openRangePicker();
    await this.rangePanel.getByLabel('From').fill(from);
    await this.rangePanel.getByLabel('To').fill(to);
    await this.rangePanel.getByRole('button', { name: 'Apply' }).click();
  }

  async customInputs(): Promise<{ from: string; to: string }> {
    await this.openRangePicker();
    return {
      from: await this.rangePanel.getByLabel('From').inputValue(),
      to: await this.rangePanel.getByLabel('To').inputValue(),
    };
  }

  /** How many entries the browser's history holds (a new query adds one; opening rows must not). */
  async historyLength(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length);
  }

  historyButton(which: 'Back' | 'Forward'): Locator {
    return this.page.getByRole('button', { name: which === 'Back' ? /^Back to the previous query/ : /^Forward to/ });
  }

  /** The histogram's axis labels, left to right. */
  async axisLabels(): Promise<string[]> {
    return this.page.locator('.histogram__axis .histogram__tick').allInnerTexts();
  }

  get histogramTip(): Locator {
    return this.page.locator('.histogram__tip');
  }

  /** Presses on the histogram and drags without letting go (the brush is still open); returns the release. */
  async holdBrush(from: number, to: number): Promise<() => Promise<void>> {
    const box = await this.histogramPlot.boundingBox();
    if (!box) throw new Error('The histogram is not on screen.');
    const y = box.y + box.height * 0.7;
    await this.page.mouse.move(box.x + box.width * from, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * to, y, { steps: 6 });
    return () => this.page.mouse.up();
  }

  /** The element with the focus: the grid, the query field, or something else (its role and name). */
  async focusedId(): Promise<string> {
    const focused = this.page.locator(':focus');
    if ((await focused.count()) === 0) return 'BODY';
    return (await focused.first().getAttribute('id')) || (await focused.first().evaluate((el) => el.tagName));
  }

  /** Which of the grid's column headers lie wholly inside the grid's visible width. */
  async headersInView(): Promise<string[]> {
    return this.grid.evaluate((grid) => {
      const box = grid.getBoundingClientRect();
      return [...grid.querySelectorAll('[role="columnheader"]')]
        .filter((h) => {
          const r = h.getBoundingClientRect();
          return r.left >= box.left - 1 && r.right <= box.left + grid.clientWidth + 1 && r.width > 0;
        })
        .map((h) => (h.textContent ?? '').split('(')[0]?.trim() ?? '');
    });
  }

  /** For each cell of the selected row with + / −: whether its text area ends before the buttons begin. */
  async pivotsClearOfText(): Promise<{ cell: string; clear: boolean }[]> {
    return this.grid.evaluate((grid) =>
      [...grid.querySelectorAll('[role="row"][aria-selected="true"] [role="gridcell"]')].flatMap((cell) => {
        const actions = cell.querySelector('.cell-actions');
        if (!actions) return [];
        // Not drawn: a narrow cell shows its + / − on hover or focus only.
        if (cell.ownerDocument.defaultView?.getComputedStyle(actions).opacity === '0') return [];
        const box = cell.getBoundingClientRect();
        const style = cell.ownerDocument.defaultView?.getComputedStyle(cell);
        const textEnd = box.right - parseFloat(style?.paddingRight ?? '0');
        return [{ cell: cell.className, clear: textEnd <= actions.getBoundingClientRect().left + 0.5 }];
      }),
    );
  }

  /** Hovers the selected row's cell of a column (its + / − then show, if the cell is narrow). */
  async hoverSelectedCell(column: 'actor' | 'action' | 'target' | 'ip'): Promise<void> {
    await this.grid
      .locator(
        `[role="row"][aria-selected="true"] [role="gridcell"][aria-colindex="${await this.columnIndex(column)}"]`,
      )
      .hover();
  }

  /** The drawer's field groups, each with its field labels. */
  async fieldGroups(): Promise<[string, string[]][]> {
    const groups = this.drawerSection('Fields').getByRole('group');
    const out: [string, string[]][] = [];
    for (const group of await groups.all()) {
      const title = await group.locator('h4').innerText();
      const labels = (await group.locator('dt').allInnerTexts()).map((t) => t.trim());
      out.push([title, labels]);
    }
    return out;
  }

  async filterFields(text: string): Promise<void> {
    await this.drawerSection('Fields').getByRole('searchbox', { name: 'Filter fields' }).fill(text);
  }

  async pinField(label: string): Promise<void> {
    await this.drawerSection('Fields')
      .getByRole('button', { name: `Pin ${label}`, exact: true })
      .click();
  }

  async setPinnedOnly(on: boolean): Promise<void> {
    await this.drawerSection('Fields')
      .getByRole('checkbox', { name: /^Pinned only/ })
      .setChecked(on);
  }

  /** The title of a drawer value (the whole value where the row shows a short form). */
  async drawerFieldTitle(label: string): Promise<string | null> {
    const row = this.drawerSection('Fields')
      .locator('.fields__row')
      .filter({ has: this.page.locator('dt', { hasText: label }) });
    return row.locator('dd').getAttribute('title');
  }

  get shortcutSheet(): Locator {
    return this.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  }

  /** The keys the shortcut sheet lists, as written in it. */
  async sheetKeys(): Promise<string[]> {
    return this.shortcutSheet.locator('th kbd').allInnerTexts();
  }

  get exportDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Export' });
  }

  async focusFacetValue(field: string, value: string): Promise<void> {
    await this.facetValue(field, value).focus();
  }

  get suggestionList(): Locator {
    return this.page.getByRole('listbox', { name: 'Suggestions' });
  }
}
