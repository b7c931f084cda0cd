// Page module for pivoting from the detail drawer (issue 18 items 3 and 5): the filter-for / filter-out buttons on
// any value (normalized fields, metadata, changes, the raw record's values), the related lists with their windows,
// "Show all" and a related event opened in the drawer. Selectors for these live here only.
import type { Locator } from 'playwright-core';
import type { InvestigatorPage } from './investigator.page';

export class PivotDrawer {
  constructor(readonly app: InvestigatorPage) {}

  /** Clicks the drawer's + (or −) for a clause as it will be added, e.g. `metadata.client.app:cli`. */
  async filter(clause: string): Promise<void> {
    const button = this.app.drawer.getByRole('button', { name: `Add ${clause} to the query`, exact: true }).first();
    await button.scrollIntoViewIfNeeded();
    await button.focus(); // the buttons show on focus as well as on hover
    await button.click();
  }

  /** Opens the raw record's list of values to filter by. */
  async openRawValues(): Promise<void> {
    const summary = this.app.drawerSection('Raw record').getByText('Filter by a value of the record');
    await summary.scrollIntoViewIfNeeded();
    await summary.click();
  }

  /** The value a JSON list shows for a dotted name (`changes.role.new`). */
  async jsonValue(label: string, name: string): Promise<string> {
    const row = this.app.drawer.locator(`dl[aria-label="${label}"] .fields__row`).filter({
      has: this.app.page.locator('dt', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    });
    const [text] = await row.locator('dd').evaluateAll((els) =>
      els.map((el) => {
        const copy = el.cloneNode(true) as typeof el;
        copy.querySelectorAll('.fields__actions').forEach((a: { remove(): void }) => a.remove());
        return (copy.textContent ?? '').trim();
      }),
    );
    return text ?? '';
  }

  /** One related list: 'actor', 'ip', 'session' or 'request'. */
  related(id: string): Locator {
    return this.app.drawerSection('Related events').locator(`[data-related="${id}"]`);
  }

  async relatedTitles(): Promise<string[]> {
    return this.app
      .drawerSection('Related events')
      .locator('[data-related]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-related') ?? ''));
  }

  /** "Show all N" of a related list: its N, or null while it loads. */
  async relatedCount(id: string): Promise<number | null> {
    const button = this.related(id).getByRole('button', { name: /^Show all / });
    if ((await button.count()) === 0) return null;
    return Number((await button.innerText()).replace(/\D/g, ''));
  }

  /** The times and texts of a related list's events, and which is the event shown. */
  async relatedEvents(id: string): Promise<{ texts: string[]; current: number }> {
    const items = this.related(id).getByRole('listitem');
    const texts = await items.allInnerTexts();
    const current = await items.evaluateAll((els) => els.findIndex((el) => el.getAttribute('aria-current') === 'true'));
    return { texts, current };
  }

  async setWindow(id: string, label: string): Promise<void> {
    await this.related(id).getByRole('combobox').selectOption({ label });
  }

  async showAll(id: string): Promise<void> {
    const button = this.related(id).getByRole('button', { name: /^Show all / });
    await button.scrollIntoViewIfNeeded();
    await button.click();
  }

  async openRelated(id: string, n: number): Promise<void> {
    await this.related(id).getByRole('listitem').nth(n).getByRole('button').click();
  }
}
