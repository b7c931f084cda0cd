// Page module for issue 18's rare and notable views: the facets' Top / Rare and "show all", the histogram legend's
// counts and its notable lane, the actor lanes' rank. Roles and labels only; tests hold no selectors.
import type { Locator, Page } from 'playwright-core';

export class RarePage {
  constructor(readonly page: Page) {}

  facet(title: string): Locator {
    return this.page
      .getByRole('navigation', { name: 'Field values' })
      .getByRole('region', { name: title, exact: true });
  }

  /** The values a facet shows now (its short list or the rows of "show all" in view), text and count. */
  async facetValues(title: string): Promise<{ value: string; count: string }[]> {
    return this.facet(title)
      .locator('.facet__include')
      .evaluateAll((els) =>
        els.map((el) => ({
          value: (el.querySelector('.facet__text')?.textContent ?? '').trim(),
          count: (el.querySelector('.facet__count')?.textContent ?? '').trim(),
        })),
      );
  }

  async setFacetOrder(title: string, order: 'Top' | 'Rare'): Promise<void> {
    await this.facet(title).getByRole('button', { name: order, exact: true }).click();
  }

  async showAll(title: string): Promise<void> {
    await this.facet(title)
      .getByRole('button', { name: /^Show all/ })
      .click();
    await this.facet(title)
      .getByRole('list', { name: `${title}: every value` })
      .waitFor();
  }

  async searchFacet(title: string, text: string): Promise<void> {
    await this.facet(title).getByRole('searchbox').fill(text);
  }

  /** The "n containing …" line of a facet's show-all. */
  facetMeta(title: string): Locator {
    return this.facet(title).locator('.facet-all .facet__meta');
  }

  async clickFacetValue(title: string, value: string): Promise<void> {
    await this.facet(title)
      .getByRole('button', { name: new RegExp(`^${escape(value)}`) })
      .first()
      .click();
  }

  get legend(): Locator {
    return this.page.getByRole('region', { name: 'Events over time' }).locator('.histogram__legend');
  }

  async stackBy(by: 'Outcome' | 'Category'): Promise<void> {
    await this.page.getByRole('group', { name: 'Stack bars by' }).getByRole('button', { name: by }).click();
  }

  /** The legend's entries as { key: count }. */
  async legendCounts(): Promise<Record<string, number>> {
    const entries = await this.legend
      .getByRole('button')
      .evaluateAll((els) =>
        els.map((el) => [
          (el.firstChild?.nextSibling?.textContent ?? '').trim(),
          (el.querySelector('.legend__count')?.textContent ?? '').replace(/,/g, ''),
        ]),
      );
    return Object.fromEntries(entries.map(([k, n]) => [k, Number(n)]));
  }

  get notableLane(): Locator {
    return this.page.getByRole('list', { name: 'Notable events over time' });
  }

  notableMarks(name: RegExp): Locator {
    return this.notableLane.getByRole('button', { name });
  }

  /** The lane's marks that are Tab stops (the lane is one). */
  get notableTabStops(): Locator {
    return this.notableLane.locator('button[tabindex="0"]');
  }

  async waitForNotable(): Promise<void> {
    await this.page.locator('.notable[aria-busy="true"]').first().waitFor({ state: 'detached' });
    await this.notableLane.getByRole('button').first().waitFor();
  }

  async rankLanes(by: 'Volume' | 'Failures' | 'Rarity'): Promise<void> {
    await this.page.getByRole('group', { name: 'Rank actors by' }).getByRole('button', { name: by }).click();
  }

  async showLanes(): Promise<void> {
    const button = this.page.getByRole('button', { name: 'Actor lanes' });
    if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  }

  /** The lanes' actor names, top first. */
  async laneActors(): Promise<string[]> {
    return this.page
      .getByRole('region', { name: 'Events per actor' })
      .locator('button.lane__label .lane__name')
      .allInnerTexts();
  }

  /** How many failure-coloured bar parts a lane draws. */
  async laneFailureMarks(actor: string): Promise<number> {
    return this.page
      .getByRole('region', { name: 'Events per actor' })
      .locator('.lane')
      .filter({ has: this.page.getByRole('button', { name: new RegExp(`^Add actor:${escape(actor)},`) }) })
      .locator('rect.lane__failed')
      .count();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
