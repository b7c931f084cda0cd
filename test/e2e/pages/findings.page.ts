// Page module for the Findings view (features/detections) and its marks on the rows and in the drawer: every
// selector the findings e2e test uses. Roles and labels first; methods read what a user sees and do what a user does.
import type { Locator, Page } from 'playwright-core';

export class FindingsPage {
  constructor(readonly page: Page) {}

  get openButton(): Locator {
    return this.page.getByRole('button', { name: /^Findings/ });
  }

  get panel(): Locator {
    return this.page.getByRole('dialog', { name: 'Findings' });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await this.panel.getByRole('heading', { level: 2, name: 'Findings' }).waitFor();
  }

  get emptyNote(): Locator {
    return this.panel.getByText(/^No detection has run on this case yet/);
  }

  /** Chooses Sigma rule files (paths on this machine) in the panel's file input. */
  async chooseRules(paths: string[]): Promise<void> {
    await this.panel.getByLabel('Sigma rules (optional)').setInputFiles(paths);
  }

  async run(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Run detections' }).click();
  }

  get progress(): Locator {
    return this.panel.getByRole('progressbar', { name: 'Detection progress' });
  }

  /** "3 findings", "No findings"; a failed job's notice instead; '' while neither. */
  async headline(): Promise<string> {
    const failure = this.panel.getByRole('alert').filter({ hasText: 'Detections failed' });
    if ((await failure.count()) > 0) return (await failure.innerText()).trim();
    const heading = this.panel.locator('#findings-run-title');
    return (await heading.count()) > 0 ? (await heading.innerText()).trim() : '';
  }

  /** The findings listed under a level ("High", "Medium", …), one line each. */
  async findingLines(level: string): Promise<string[]> {
    return this.panel.getByRole('region', { name: level }).getByRole('listitem').allInnerTexts();
  }

  /** The rules that could not run, one line each. */
  async unsupportedLines(): Promise<string[]> {
    return this.panel.locator('.findings__unsupported li').allInnerTexts();
  }

  findingButton(title: string): Locator {
    return this.panel.getByRole('button', { name: title, exact: true }).first();
  }

  /** Whether the table's selected row carries a findings count (read as text by a screen reader). */
  async selectedRowFindings(): Promise<string | null> {
    const row = this.page.getByRole('grid', { name: 'Events' }).locator('[role="row"][aria-selected="true"]');
    const mark = row.locator('.grid__findings .sr-only');
    return (await mark.count()) === 1 ? (await mark.innerText()).trim() : null;
  }

  /** The drawer's Findings section. */
  get drawerFindings(): Locator {
    return this.page.getByRole('complementary', { name: 'Event details' }).getByRole('region', { name: 'Findings' });
  }
}
