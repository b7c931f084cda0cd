// The desktop app's SecretStore: secrets encrypted with Electron safeStorage (the OS keychain: Keychain, DPAPI,
// libsecret/kwallet) in a 0600 file under the app's user-data folder, never in a case file. A source's settings
// keep only the reference (e.g. "case:<case id>:source:api-1:token"); the secret is decrypted when a sync runs. The app uses this
// store only where keychainProtects(safeStorage); elsewhere it takes secrets from the environment, as the CLI does.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import { AppError } from '../core/errors';
import type { SecretStore } from '../core/secrets';
import { keychainProtects } from './keychain';

type Vault = Record<string, string>;

export class SafeStorageSecretStore implements SecretStore {
  constructor(private readonly file = join(app.getPath('userData'), 'secrets.json')) {}

  async get(ref: string): Promise<string | undefined> {
    const sealed = (await this.read())[ref];
    if (sealed === undefined) return undefined;
    this.assertAvailable();
    return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  }

  async set(ref: string, value: string): Promise<void> {
    this.assertAvailable();
    const vault = await this.read();
    vault[ref] = safeStorage.encryptString(value).toString('base64');
    await this.write(vault);
  }

  async delete(ref: string): Promise<void> {
    const vault = await this.read();
    delete vault[ref];
    await this.write(vault);
  }

  describe(ref: string): string {
    return `the secret saved as "${ref}" in the OS keychain`;
  }

  private assertAvailable(): void {
    // A keychain can go away after secrets were saved (a Linux session without its keyring): refuse, never fall back.
    if (!keychainProtects(safeStorage)) {
      throw new AppError(
        'SECRET_MISSING',
        'No OS keychain is available to protect secrets; use environment variables with the trailscope CLI instead.',
      );
    }
  }

  private async read(): Promise<Vault> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Vault;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('IO', `Could not read the secret store ${this.file}: ${(error as Error).message}`);
    }
  }

  /** Written to a temp file and renamed, so a crash never leaves a half-written vault. */
  private async write(vault: Vault): Promise<void> {
    const temp = `${this.file}.tmp`;
    await writeFile(temp, JSON.stringify(vault), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.file);
  }
}
