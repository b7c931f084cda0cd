// Page module for the Sources panel (features/sources): every selector the Sources e2e tests use. Roles and labels
// first; methods read what a user sees and do what a user does.
import type { Locator, Page } from 'playwright-core';

export class SourcesPage {
  constructor(readonly page: Page) {}

  get openButton(): Locator {
    return this.page.getByRole('button', { name: /^Sources/ });
  }

  get panel(): Locator {
    return this.page.getByRole('dialog');
  }

  get heading(): Locator {
    return this.panel.getByRole('heading', { level: 2 });
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await this.heading.filter({ hasText: 'Sources' }).waitFor();
  }

  /** Esc closes the innermost layer: from a form back to the list, from the list out of the panel. */
  async pressEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Closes the panel from any view, as a keyboard user would (Esc until it is gone). */
  async close(): Promise<void> {
    if ((await this.heading.innerText()) !== 'Sources') {
      await this.pressEscape();
      await this.heading.filter({ hasText: /^Sources$/ }).waitFor();
    }
    await this.pressEscape();
    await this.panel.waitFor({ state: 'hidden' });
  }

  async openButtonHasFocus(): Promise<boolean> {
    return this.hasFocus(this.openButton);
  }

  // ---- Attached Parquet folders (read-only) ----

  get attachedFolders(): Locator {
    return this.panel.getByRole('region', { name: 'Attached folders' });
  }

  /** Each attached folder as its text, and its status (ok, missing, invalid). */
  async attachedFolderRows(): Promise<{ text: string; status: string | null }[]> {
    const rows = this.attachedFolders.getByRole('listitem');
    const texts = await rows.allInnerTexts();
    const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    return texts.map((text, i) => ({ text, status: statuses[i] ?? null }));
  }

  // ---- Import files ----

  async openImport(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Import files…' }).click();
    await this.pathsInput.waitFor();
  }

  get pathsInput(): Locator {
    return this.panel.getByLabel('Files or folders, one path per line');
  }

  async importPaths(paths: string[]): Promise<void> {
    await this.pathsInput.fill(paths.join('\n'));
    await this.panel.getByRole('button', { name: 'Import', exact: true }).click();
  }

  get importResult(): Locator {
    return this.panel.getByRole('region', { name: 'Import result' });
  }

  get importSummary(): Locator {
    return this.importResult.locator('.import__summary');
  }

  async showRejects(): Promise<string[]> {
    await this.importResult.getByRole('button', { name: 'Show rejects' }).click();
    const table = this.panel.getByRole('region', { name: 'Rejected records' });
    await table.getByRole('row').nth(1).waitFor();
    return table.getByRole('row').allInnerTexts();
  }

  get importNotice(): Locator {
    return this.panel.locator('.import__notice');
  }

  /** Drops files (name and text) onto the window, as a user dragging them from a file manager would. */
  async dropFiles(files: { name: string; text: string }[]): Promise<void> {
    // A script, not a function: this file compiles without the DOM's types.
    await this.page.evaluate(`(() => {
      const data = new DataTransfer();
      for (const f of ${JSON.stringify(files)}) data.items.add(new File([f.text], f.name, { type: 'application/json' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    })()`);
  }

  // ---- Add source ----

  async openAddForm(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Add source' }).click();
    await this.heading.filter({ hasText: 'Add a source' }).waitFor();
  }

  field(label: string | RegExp): Locator {
    return this.panel.getByLabel(label, { exact: typeof label === 'string' });
  }

  /** The inline problem shown under a field, in words ('' when none). */
  async fieldError(label: string): Promise<string> {
    const id = await this.field(label).getAttribute('id');
    const error = this.panel.locator(`#${id}-error`);
    return (await error.count()) > 0 ? error.innerText() : '';
  }

  async save(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Save source' }).click();
  }

  /** The label of the field that has focus, or null. */
  async focusedLabel(): Promise<string | null> {
    const id = await this.page.locator(':focus').getAttribute('id');
    return id ? this.page.locator(`label[for="${id}"]`).innerText() : null;
  }

  async hasFocus(locator: Locator): Promise<boolean> {
    return locator.evaluate((el) => el.matches(':focus'));
  }

  // ---- Source rows ----

  row(name: string): Locator {
    return this.panel.getByRole('listitem', { name });
  }

  /** The row's state in words: "Never synced", "Syncing · …", "Up to date · 14:02 UTC", "✖ Failed". */
  async state(name: string): Promise<string> {
    return (await this.row(name).getByRole('status').innerText()).trim();
  }

  progress(name: string): Locator {
    return this.row(name).getByRole('progressbar');
  }

  async syncNow(name: string): Promise<void> {
    await this.row(name)
      .getByRole('button', { name: `Sync ${name} now` })
      .click();
  }

  rowError(name: string): Locator {
    return this.row(name).getByRole('alert');
  }

  /** The Dismiss button of a row's error notice (it puts this session's notice away). */
  dismissButton(name: string): Locator {
    return this.rowError(name).getByRole('button', { name: 'Dismiss' });
  }

  /** The row's question before a first sync of a source this user did not add: which host gets which secret. */
  trustDialog(name: string): Locator {
    return this.row(name).getByRole('alertdialog');
  }

  async trustAndSync(name: string): Promise<void> {
    await this.trustDialog(name).getByRole('button', { name: 'Trust and sync' }).click();
  }

  async rowText(name: string): Promise<string> {
    return this.row(name).innerText();
  }

  // ---- The rest of the window ----

  async setTheme(theme: 'Light' | 'Dark'): Promise<void> {
    await this.page.getByRole('group', { name: 'Theme' }).getByRole('button', { name: theme, exact: true }).click();
  }

  get refreshButton(): Locator {
    return this.page.getByRole('button', { name: 'New events — Refresh' });
  }

  /** The toolbar's "… · 1,234 events" as a number. */
  async toolbarEventCount(): Promise<number> {
    const text = await this.page.locator('.toolbar__case .muted').innerText();
    const match = /([\d,]+) events/.exec(text);
    return match ? Number(match[1]?.replaceAll(',', '')) : NaN;
  }
}
