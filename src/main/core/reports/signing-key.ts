// The installation's package signing key: Ed25519 (node:crypto), its private key a PEM file readable by the owner only
// (`<keyDir>/signing-key.pem`, made on first use), its public key shipped in every package. The fingerprint is the
// SHA-256 of the raw 32-byte public key, in hex: what a recipient compares with the one the sender told them.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors';

export const SIGNING_KEY_FILE = 'signing-key.pem';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, as public-key.pem holds it. */
  publicKeyPem: string;
  fingerprint: string;
}

/** The key in `keyDir`, made (owner-only) when there is none yet. */
export async function loadSigningKey(keyDir: string): Promise<SigningKey> {
  const path = join(keyDir, SIGNING_KEY_FILE);
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw keyError(path, error);
    pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      await mkdir(keyDir, { recursive: true, mode: 0o700 });
      // `wx`: two first packages at once must not each write a key; the loser reads the winner's.
      await writeFile(path, pem, { flag: 'wx', mode: 0o600 });
      await chmod(path, 0o600);
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw keyError(path, writeError);
      pem = await readFile(path, 'utf8');
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw keyError(path, error);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new AppError('USAGE', `The signing key ${path} is not an Ed25519 key; move it away to make a new one.`);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  };
}

/** SHA-256 of the raw public key (the last 32 bytes of its SPKI DER), hex. */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256')
    .update(der.subarray(der.length - 32))
    .digest('hex');
}

function keyError(path: string, error: unknown): AppError {
  return new AppError('IO', `Cannot use the signing key ${path}: ${(error as Error).message}`);
}
