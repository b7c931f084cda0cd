// Page module for the "Saved" list beside the query bar: every selector the saved-query e2e test uses (roles and
// labels). Methods do what a user does: open the list, save the query on screen, run, rename, replace and remove.
import type { Locator, Page } from 'playwright-core';

export class SavedQueriesPage {
  constructor(readonly page: Page) {}

  get button(): Locator {
    return this.page.getByRole('button', { name: 'Saved ▾', exact: true });
  }

  get panel(): Locator {
    return this.page.getByRole('group', { name: 'Saved and recent queries' });
  }

  get nameInput(): Locator {
    return this.panel.getByRole('textbox', { name: 'Save the query on screen as' });
  }

  get confirmation(): Locator {
    return this.panel.getByRole('alertdialog');
  }

  get problem(): Locator {
    return this.panel.getByRole('alert');
  }

  async open(): Promise<void> {
    if ((await this.button.getAttribute('aria-expanded')) !== 'true') await this.button.click();
    await this.panel.waitFor();
  }

  async isOpen(): Promise<boolean> {
    return (await this.button.getAttribute('aria-expanded')) === 'true';
  }

  /** Types a name and presses Enter, as a keyboard user saves. */
  async saveAs(name: string): Promise<void> {
    await this.open();
    await this.nameInput.fill(name);
    await this.nameInput.press('Enter');
  }

  /** Presses the confirmation's button ('Replace', 'Remove') with the keyboard: it has the focus. */
  async confirm(action: 'Replace' | 'Remove'): Promise<void> {
    const button = this.confirmation.getByRole('button', { name: action, exact: true });
    await button.waitFor();
    await this.page.keyboard.press('Enter');
  }

  async savedNames(): Promise<string[]> {
    const runs = this.panel
      .getByRole('list', { name: 'Saved queries' })
      .getByRole('button', { name: /^Run saved query / });
    return runs.evaluateAll((buttons) =>
      buttons.map((b) => (b.getAttribute('aria-label') ?? '').replace(/^Run saved query /, '')),
    );
  }

  async recentQueries(): Promise<string[]> {
    return this.panel.getByRole('list', { name: 'Recent queries' }).getByRole('button').allInnerTexts();
  }

  async run(name: string): Promise<void> {
    await this.open();
    await this.panel.getByRole('button', { name: `Run saved query ${name}`, exact: true }).click();
  }

  async rename(name: string, to: string): Promise<void> {
    await this.open();
    await this.panel.getByRole('button', { name: `Rename ${name}`, exact: true }).click();
    const input = this.panel.getByRole('textbox', { name: `New name for ${name}` });
    await input.fill(to);
    await input.press('Enter');
  }

  async askToRemove(name: string): Promise<void> {
    await this.open();
    await this.panel.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
  }
}
