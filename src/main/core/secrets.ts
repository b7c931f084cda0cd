// Secrets (API tokens, S3 keys) are read when a sync runs, through one interface, and never stored in the case:
// source settings hold only a reference. The desktop app implements SecretStore over Electron safeStorage (in
// src/main/shell); the CLI reads environment variables. Also the grammar of references and the keychain's sealing
// of a secret to the one destination it was entered for. Nothing here imports electron.
import { ENV_NAME } from '@shared/domain/source-drafts';
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

/**
 * The keychain reference of one of a source's secrets: `case:<case id>:source:api-1:token`. Source ids restart at
 * api-1 in every case and an installation has one vault, so the reference names the case.
 */
export function keychainRef(caseId: string, sourceId: string, slot: string): string {
  return `case:${caseId}:source:${sourceId}:${slot}`;
}

const KEYCHAIN_REF = /^case:([^:]*):source:(.*):([^:]*)$/;
const isKeychainRef = (ref: string) => ref.startsWith('case:');

/**
 * Why a reference read back from a case may not be used, or null when it may: it must be an environment variable's
 * name (ENV_NAME) or the keychain entry of exactly this case, source and slot. A case file is someone else's input:
 * without this, its source could name another case's keychain entry, or anything at all.
 */
export function secretRefProblem(
  ref: string,
  owner: { caseId: string | null; sourceId: string; slot: string },
): string | null {
  if (ENV_NAME.test(ref)) return null;
  const shown = JSON.stringify(ref.length > 100 ? `${ref.slice(0, 100)}…` : ref);
  if (/^source:[^:]+:[^:]+$/.test(ref))
    return `${shown} is a keychain entry of an older Trailscope that did not name its case (another case's api-1 could have replaced it); add the source again to enter its secret.`;
  const match = KEYCHAIN_REF.exec(ref);
  if (!match)
    return `${shown} is neither an environment variable's name (letters, digits and _, at most 128) nor a keychain entry of this case.`;
  if (match[1] !== owner.caseId) return `${shown} is a keychain entry of another case.`;
  if (match[2] !== owner.sourceId || match[3] !== owner.slot)
    return `${shown} is the keychain entry of another source or secret, not ${keychainRef(owner.caseId ?? '', owner.sourceId, owner.slot)}.`;
  return null;
}

interface Sealed {
  destination: string;
  value: string;
}

/** What the keychain keeps for a source's secret: the value and the one destination (origin) it may be sent to. */
export function sealSecret(value: string, destination: string): string {
  return JSON.stringify({ destination, value } satisfies Sealed);
}

/**
 * The secrets of a sync that sends to `destination`: a keychain secret is given only if it was entered for that
 * destination (an environment variable is bound to its destination by the user's trust in the source instead).
 */
export function bindSecrets(secrets: SecretStore, destination: string): SecretStore {
  return {
    describe: (ref) => secrets.describe(ref),
    async get(ref) {
      const stored = await secrets.get(ref);
      if (stored === undefined || !isKeychainRef(ref)) return stored;
      let sealed: Partial<Sealed> = {};
      try {
        sealed = JSON.parse(stored) as Partial<Sealed>;
      } catch {
        // not sealed: refused below
      }
      if (typeof sealed.value !== 'string' || typeof sealed.destination !== 'string')
        throw new AppError(
          'UNTRUSTED_SOURCE',
          `${secrets.describe(ref)} does not say where it may be sent, so it is not sent; add the source again to enter its secret.`,
        );
      if (sealed.destination !== destination)
        throw new AppError(
          'UNTRUSTED_SOURCE',
          `${secrets.describe(ref)} was entered for ${sealed.destination}; this source now sends to ${destination}, ` +
            'so it is not sent. Nothing was sent. Add a source for the new address to enter its secret.',
        );
      return sealed.value;
    },
  };
}
