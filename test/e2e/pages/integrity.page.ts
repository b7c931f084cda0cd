// Page module for the Integrity panel (features/integrity) and its marks on the timeline and the rows: every selector
// the integrity e2e test uses. Roles and labels first; methods read what a user sees and do what a user does.
import type { Locator, Page } from 'playwright-core';

export class IntegrityPage {
  constructor(readonly page: Page) {}

  get openButton(): Locator {
    return this.page.getByRole('button', { name: /^Integrity/ });
  }

  get panel(): Locator {
    return this.page.getByRole('dialog', { name: 'Integrity' });
  }

  get heading(): Locator {
    return this.panel.getByRole('heading', { level: 2 });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await this.heading.filter({ hasText: 'Integrity' }).waitFor();
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.panel.waitFor({ state: 'hidden' });
  }

  get verifyButton(): Locator {
    return this.panel.getByRole('button', { name: 'Verify', exact: true });
  }

  async verify(): Promise<void> {
    await this.verifyButton.click();
  }

  get progress(): Locator {
    return this.panel.getByRole('progressbar', { name: 'Verification progress' });
  }

  /**
   * The shown verification's verdict: "✓ Intact", "✖ Findings", "– Not applicable"; a failed verify job's notice
   * ("Verification failed …") instead, so a test waiting for a verdict says why there is none; '' while neither.
   */
  async verdict(): Promise<string> {
    const failure = this.panel.getByRole('alert').filter({ hasText: 'Verification failed' });
    if ((await failure.count()) > 0) return (await failure.innerText()).trim();
    const heading = this.panel.locator('#integrity-verdict');
    return (await heading.count()) > 0 ? (await heading.innerText()).trim() : '';
  }

  /** "Latest verification: 2025-… UTC by ana". */
  async verdictByline(): Promise<string> {
    return this.panel.getByText(/^Latest verification: /).innerText();
  }

  /** One line per check: "Hash chain: ✓ Intact …". */
  async checkLines(): Promise<string[]> {
    return this.panel.getByRole('list', { name: 'Checks' }).getByRole('listitem').allInnerTexts();
  }

  /** A check's section: 'Hash chain', 'CloudTrail digests', 'Case chain of custody'. */
  outcome(check: string): Locator {
    return this.panel.getByRole('region', { name: check, exact: true });
  }

  /** The findings of one class in a check's section, by the class's label ("Modified event"). */
  findings(check: string, classLabel: string): Locator {
    return this.outcome(check).getByRole('list', { name: classLabel, exact: true }).getByRole('listitem');
  }

  /** The button that opens event `uid` from a finding. */
  openEventButton(uid: string): Locator {
    return this.panel.getByRole('button', { name: `Open event ${uid}` }).first();
  }

  get loadError(): Locator {
    return this.panel.getByRole('alert');
  }

  // ---- Marks outside the panel ----

  /** The timeline's ticks, by what each says. */
  async timelineMarks(): Promise<string[]> {
    return this.page.getByRole('list', { name: 'Timeline marks' }).getByRole('listitem').allInnerTexts();
  }

  /** Whether the table's selected row carries the integrity mark (its badge, read as text by a screen reader). */
  async selectedRowIsFlagged(): Promise<boolean> {
    const row = this.page.getByRole('grid', { name: 'Events' }).locator('[role="row"][aria-selected="true"]');
    return (await row.getByText(/^Integrity finding: /).count()) === 1;
  }

  /** The drawer's Integrity section (which check flagged the open event, and why). */
  get drawerIntegrity(): Locator {
    return this.page.getByRole('complementary', { name: 'Event details' }).getByRole('region', { name: 'Integrity' });
  }
}
