// Page module for the coverage lanes under the histogram (features/histogram CoverageLanes) and the accessibility
// checks' few selectors (the skip link's target, the raw record's keyboard reach): every selector those tests use.
import type { Locator, Page } from 'playwright-core';

export class CoveragePage {
  constructor(readonly page: Page) {}

  get lanes(): Locator {
    return this.page.getByRole('region', { name: 'Coverage per source' });
  }

  /** One source's lane, by its name. */
  lane(name: string): Locator {
    return this.lanes.getByRole('listitem').filter({ hasText: name });
  }

  /** A lane's stretches in words, as a screen reader reads them ("no activity 2025-… – …; not synced …"). */
  async laneWords(name: string): Promise<string> {
    return (await this.lane(name).locator('.sr-only').innerText()).trim();
  }

  /** Shows or hides a timeline toggle ('Actor lanes', 'Coverage') and waits for its panel to follow. */
  async setShown(toggle: 'Actor lanes' | 'Coverage', shown: boolean): Promise<void> {
    const button = this.page.getByRole('button', { name: toggle, exact: true });
    if (((await button.getAttribute('aria-pressed')) === 'true') !== shown) await button.click();
    const region = this.page.getByRole('region', {
      name: toggle === 'Coverage' ? 'Coverage per source' : 'Events per actor',
    });
    await region.waitFor({ state: shown ? 'visible' : 'detached' });
  }

  /** Waits until the coverage lanes have their answer. */
  async waitForLanes(): Promise<void> {
    await this.lanes.getByRole('list').waitFor();
    await this.page.locator('.coverage[aria-busy="true"]').waitFor({ state: 'detached' });
  }

  /** The skip link's `#id` names an element on the page now. */
  async skipLinkTargetExists(): Promise<boolean> {
    const href = await this.page.getByRole('link', { name: /^Skip to/ }).getAttribute('href');
    return href !== null && (await this.page.locator(href).count()) === 1;
  }

  /** The drawer's raw JSON can take focus, so a keyboard user can scroll it. */
  async rawRecordIsFocusable(): Promise<boolean> {
    return this.page
      .getByRole('region', { name: 'Raw record' })
      .locator('pre')
      .evaluate((el) => (el as unknown as { tabIndex: number }).tabIndex >= 0);
  }
}
