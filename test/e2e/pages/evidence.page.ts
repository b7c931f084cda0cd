// Page module for the evidence board: the drawer's star, tag and comment controls, copy link / copy JSON, the
// rows' ★, and the Starred / Trail side panel. Every selector the evidence e2e test uses lives here.
import type { Locator, Page } from 'playwright-core';

export class EvidencePage {
  constructor(readonly page: Page) {}

  private get drawer(): Locator {
    return this.page.getByRole('complementary', { name: 'Event details' });
  }

  get actions(): Locator {
    return this.drawer.getByRole('region', { name: 'Evidence' });
  }

  get starButton(): Locator {
    return this.actions.getByRole('button', { name: /^(Star|Starred)$/ });
  }

  get tagInput(): Locator {
    return this.actions.getByRole('textbox', { name: 'Add a tag' });
  }

  /** One of the drawer's good / suspicious / bad buttons. */
  tagButton(name: 'good' | 'suspicious' | 'bad'): Locator {
    return this.actions.getByRole('button', { name, exact: true });
  }

  get commentBox(): Locator {
    return this.actions.getByRole('textbox', { name: /^Comment/ });
  }

  get status(): Locator {
    return this.actions.getByRole('status');
  }

  tagChips(): Promise<string[]> {
    return this.actions.getByRole('list', { name: 'Tags' }).getByRole('listitem').allInnerTexts();
  }

  async copy(what: 'link' | 'JSON'): Promise<string> {
    await this.actions.getByRole('button', { name: `Copy ${what}` }).click();
    await this.status.getByText(what === 'link' ? /^Link copied/ : /^Raw record copied/).waitFor();
    return this.page.evaluate<string>('navigator.clipboard.readText()');
  }

  /** The ★ marks on the table's rows. */
  get rowStars(): Locator {
    return this.page.getByRole('grid', { name: 'Events' }).locator('.grid__star');
  }

  get panel(): Locator {
    return this.page.getByRole('dialog', { name: /^(Starred|Investigation trail)$/ });
  }

  async openStarred(): Promise<void> {
    await this.page
      .getByRole('banner')
      .getByRole('button', { name: /^Starred/ })
      .click();
    await this.panel.getByRole('list', { name: 'Starred events' }).waitFor();
  }

  async openTrail(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: 'Trail', exact: true }).click();
    await this.panel.getByRole('list', { name: 'Trail' }).waitFor();
  }

  starredItems(): Promise<string[]> {
    return this.panel.getByRole('list', { name: 'Starred events' }).locator(':scope > li').allInnerTexts();
  }

  trailItems(): Promise<string[]> {
    return this.panel.getByRole('list', { name: 'Trail' }).locator(':scope > li').allInnerTexts();
  }

  async openStarredItem(n: number): Promise<void> {
    await this.panel.getByRole('list', { name: 'Starred events' }).locator(':scope > li > button').nth(n).click();
  }

  /** Clicks the newest step whose query is exactly `query`. */
  async restoreTrailItem(query: string): Promise<void> {
    const exact = new RegExp(`^${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await this.panel
      .getByRole('list', { name: 'Trail' })
      .getByRole('button')
      .filter({ has: this.page.locator('code', { hasText: exact }) })
      .first()
      .click();
  }
}
