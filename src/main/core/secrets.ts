// Secrets (API tokens, S3 keys) are read when a sync runs, through one interface, and never stored in the case:
// source settings hold only a reference. The desktop app implements SecretStore over Electron safeStorage (in
// src/main/shell); the CLI reads environment variables. Nothing here imports electron.
import { AppError } from './errors';

export interface SecretStore {
  /** The secret a reference names, or undefined when there is none. */
  get(ref: string): Promise<string | undefined>;
  /** How to name the reference in a message ("environment variable GITHUB_TOKEN"), never the secret. */
  describe(ref: string): string;
  /**
   * Keeps a secret under a reference. Only stores that protect secrets at rest have it (the desktop app's OS
   * keychain); without it the app takes secrets only from the environment (CLI, `trailscope serve`).
   */
  set?(ref: string, value: string): Promise<void>;
  delete?(ref: string): Promise<void>;
}

export class EnvSecretStore implements SecretStore {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(ref: string): Promise<string | undefined> {
    const value = this.env[ref];
    return Promise.resolve(value === undefined || value === '' ? undefined : value);
  }

  describe(ref: string): string {
    return `environment variable ${ref}`;
  }
}

export async function requireSecret(secrets: SecretStore, ref: string, purpose: string): Promise<string> {
  const value = await secrets.get(ref);
  if (value === undefined)
    throw new AppError('SECRET_MISSING', `${purpose} needs ${secrets.describe(ref)}, which is not set.`);
  return value;
}

/** Replaces every occurrence of the given secrets in a text (an error from a library may echo a header). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  return result;
}
