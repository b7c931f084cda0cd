// Page module for the Export dialog (features/exports): every selector the export e2e test uses. Roles and labels
// first; methods read what a user sees and do what a user does.
import type { Download, Locator, Page } from 'playwright-core';

export class ExportPage {
  constructor(readonly page: Page) {}

  get openButton(): Locator {
    return this.page.getByRole('button', { name: /^Export…/ });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Export' });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await this.dialog.getByRole('heading', { name: 'Export', level: 2 }).waitFor();
  }

  /** The read-only scope: { Query, Time zone, Events }. */
  async scope(): Promise<Record<string, string>> {
    return this.facts(this.dialog.locator('dl[aria-label="What is exported"]'));
  }

  /** A format by its label: 'CSV', 'NDJSON (normalized)', 'NDJSON (raw records)', 'Parquet', 'PDF report', … */
  async choose(label: string): Promise<void> {
    await this.group('Format')
      .getByRole('radio', { name: new RegExp(`^${escape(label)} —`) })
      .check();
  }

  group(legend: 'Format' | 'Columns' | 'Redaction'): Locator {
    return this.dialog.getByRole('group', { name: legend, exact: true });
  }

  get redactionBoxes(): Locator {
    return this.group('Redaction').getByRole('checkbox');
  }

  get startButton(): Locator {
    return this.dialog.getByRole('button', { name: /^(Export and download|Save as…)$/ });
  }

  get progress(): Locator {
    return this.dialog.getByRole('progressbar');
  }

  get cancelButton(): Locator {
    return this.dialog.getByRole('button', { name: 'Cancel', exact: true });
  }

  get written(): Locator {
    return this.dialog.getByRole('region', { name: /written$/ });
  }

  get downloadLink(): Locator {
    return this.dialog.getByRole('link', { name: /^Download / });
  }

  get failure(): Locator {
    return this.dialog.getByRole('alert');
  }

  get cancelledNote(): Locator {
    return this.dialog.getByRole('status').filter({ hasText: 'cancelled; no file was written' });
  }

  /** What was written: { File, Events, Size, SHA-256, … }. */
  async writtenFacts(): Promise<Record<string, string>> {
    return this.facts(this.written.locator('dl'));
  }

  /** Clicks the download link and returns the browser's download. */
  async download(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.downloadLink.click()]);
    return download;
  }

  private async facts(list: Locator): Promise<Record<string, string>> {
    const terms = await list.locator('dt').allInnerTexts();
    const values = await list.locator('dd').allInnerTexts();
    return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Verify Package dialog (features/exports/VerifyPackageDialog.tsx). */
export class VerifyPackagePage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Verify package' });
  }

  /** From the Export dialog's "Verify a package…". */
  async openFrom(exportDialog: ExportPage): Promise<void> {
    await exportDialog.open();
    await exportDialog.dialog.getByRole('button', { name: 'Verify a package…' }).click();
    await this.dialog.getByRole('heading', { name: 'Verify package', level: 2 }).waitFor();
  }

  /** Chooses the zip in the browser's file input: it is uploaded and checked at once. */
  async verify(zip: string): Promise<void> {
    await this.dialog.getByLabel('Package (zip)').setInputFiles(zip);
  }

  /** "✓ Intact" or "✖ Not intact"; '' while there is none; the error notice's text when the check failed. */
  async verdict(): Promise<string> {
    const failure = this.dialog.getByRole('alert');
    if ((await failure.count()) > 0) return (await failure.innerText()).trim();
    const heading = this.dialog.getByRole('heading', { level: 3 });
    return (await heading.count()) > 0 ? (await heading.innerText()).trim() : '';
  }

  async facts(): Promise<Record<string, string>> {
    const list = this.dialog.locator('dl');
    const terms = await list.locator('dt').allInnerTexts();
    const values = await list.locator('dd').allInnerTexts();
    return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
  }

  /** One line per file: "✖ events.csv: ALTERED …". */
  async files(): Promise<string[]> {
    return (await this.dialog.getByRole('list', { name: 'Files' }).getByRole('listitem').allInnerTexts()).map((t) =>
      t.trim(),
    );
  }
}
