// Checks an evidence package offline: manifest.sig over manifest.json's bytes with the package's own public key (or
// one the user gives), then every file's SHA-256 and size against the manifest, naming each file altered, added or
// removed. The zip may come from anyone: it is read in memory, never extracted; an entry name that is not a plain
// file name (`../`, `/abs`, `C:`, a backslash, a folder), a name given twice, an entry larger than the read limits
// or one inflating by more than deflate can is a finding, and only one entry is inflated at a time.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import type { PackageCheck } from '@shared/domain/exports';
import { AppError } from '../errors';
import { DEFAULT_LIMITS } from '../ingest/read-limits';
import { MANIFEST, PACKAGE_FORMAT, PUBLIC_KEY, SAFE_ENTRY_NAME, SIGNATURE, type ManifestFile } from './package';
import { fingerprintOf } from './signing-key';

/** Largest package read, and largest entry inflated: the read limits every imported object is held to. */
export const MAX_PACKAGE_BYTES = DEFAULT_LIMITS.maxUncompressedBytes;
export const MAX_ENTRY_BYTES = DEFAULT_LIMITS.maxUncompressedBytes;
/**
 * Deflate cannot inflate more than about 1032 times: an entry that says it does has a forged size or is a bomb. Not
 * read-limits' maxRatio (200), which a genuine package of repetitive events can pass (100 MB of NDJSON zipped 240:1),
 * and a package that fails on its own honest content would be worse than useless. Memory stays bounded by
 * MAX_ENTRY_BYTES, one entry at a time.
 */
export const MAX_DEFLATE_RATIO = 1032;
const RATIO_CHECKED_FROM = 1024 ** 2;

interface Entry {
  name: string;
  info: UnzipFileInfo;
}

export async function verifyPackage(path: string, options: { publicKeyPem?: string } = {}): Promise<PackageCheck> {
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : -1),
    (error: Error) => {
      throw new AppError('USAGE', `Cannot read ${path}: ${error.message}`);
    },
  );
  if (size < 0) throw new AppError('USAGE', `${path} is not a file.`);
  const given = options.publicKeyPem === undefined ? null : publicKeyOf(options.publicKeyPem, 'the --public-key file');
  const check: PackageCheck = {
    intact: false,
    keySource: given ? 'given' : 'package',
    fingerprint: given ? fingerprintOf(given) : null,
    signature: 'missing',
    caseId: null,
    query: null,
    events: null,
    files: [],
    problems: [],
  };
  if (size > MAX_PACKAGE_BYTES) {
    check.problems.push(`The package is ${size} bytes, more than the ${MAX_PACKAGE_BYTES} a package may have.`);
    return check;
  }
  const zip = await readFile(path);

  // First pass: the central directory only, nothing inflated.
  const entries: Entry[] = [];
  try {
    unzipSync(zip, {
      filter: (info) => {
        entries.push({ name: info.name, info });
        return false;
      },
    });
  } catch (error) {
    check.problems.push(`The package is not a readable zip: ${(error as Error).message}.`);
    return check;
  }
  const counts = new Map<string, number>();
  for (const { name } of entries) counts.set(name, (counts.get(name) ?? 0) + 1);
  const readable = new Map<string, UnzipFileInfo>();
  for (const { name, info } of entries) {
    if (!SAFE_ENTRY_NAME.test(name)) check.problems.push(`Entry ${JSON.stringify(name)} is not a plain file name.`);
    else if ((counts.get(name) ?? 0) > 1) {
      if (!check.problems.some((p) => p.includes(JSON.stringify(name))))
        check.problems.push(`Entry ${JSON.stringify(name)} is in the zip ${counts.get(name)} times.`);
    } else if (info.originalSize > MAX_ENTRY_BYTES)
      check.problems.push(
        `Entry ${name} says it inflates to ${info.originalSize} bytes, more than ${MAX_ENTRY_BYTES}.`,
      );
    else if (info.originalSize > RATIO_CHECKED_FROM && info.originalSize > info.size * MAX_DEFLATE_RATIO)
      check.problems.push(
        `Entry ${name} says it inflates more than ${MAX_DEFLATE_RATIO} times, more than deflate can (a forged size ` +
          'or a decompression bomb).',
      );
    else readable.set(name, info);
  }
  // fflate inflates an entry into the size its directory declares (never more), so a false size shows as a bad hash.
  const read = (name: string): Buffer | null => {
    if (!readable.has(name)) return null;
    try {
      const out = unzipSync(zip, { filter: (info) => info.name === name });
      const data = out[name];
      return data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null;
    } catch (error) {
      check.problems.push(`Entry ${name} cannot be read: ${(error as Error).message}.`);
      readable.delete(name);
      return null;
    }
  };

  const manifestBytes = read(MANIFEST);
  const manifest = manifestBytes ? manifestOf(manifestBytes, check.problems) : null;
  if (!manifestBytes) check.files.push({ name: MANIFEST, status: 'removed', reason: 'the package has no manifest' });

  // The signature over the manifest's bytes.
  const inside = read(PUBLIC_KEY);
  let packageKey: KeyObject | null = null;
  if (inside) {
    try {
      packageKey = publicKeyOf(inside.toString('utf8'), PUBLIC_KEY);
    } catch (error) {
      if (!given) check.problems.push((error as Error).message);
    }
  } else if (!given) check.files.push({ name: PUBLIC_KEY, status: 'removed', reason: 'no key to check with' });
  const key = given ?? packageKey;
  if (!given && packageKey) check.fingerprint = fingerprintOf(packageKey);
  if (given && packageKey && fingerprintOf(packageKey) !== check.fingerprint)
    check.problems.push(
      `The package's own ${PUBLIC_KEY} is another key (fingerprint ${fingerprintOf(packageKey)}) than the one given.`,
    );
  const signature = read(SIGNATURE);
  if (!signature) check.files.push({ name: SIGNATURE, status: 'removed', reason: 'the package is not signed' });
  else if (manifestBytes && key) {
    const valid = signature.length === 64 && verify(null, manifestBytes, key, signature);
    check.signature = valid ? 'valid' : 'invalid';
    if (!valid)
      for (const name of [MANIFEST, SIGNATURE])
        check.files.push({
          name,
          status: 'altered',
          reason: `the signature does not verify ${MANIFEST} with the key of fingerprint ${check.fingerprint}`,
        });
  }

  // Every listed file against its hash, then whatever the manifest does not list.
  const listed = new Set<string>([MANIFEST, SIGNATURE, PUBLIC_KEY]);
  for (const file of manifest?.files ?? []) {
    listed.add(file.name);
    if (!counts.has(file.name)) {
      check.files.push({ name: file.name, status: 'removed', reason: 'listed in the manifest, not in the zip' });
      continue;
    }
    const data = read(file.name);
    if (!data) {
      check.files.push({ name: file.name, status: 'altered', reason: 'cannot be read (see the problems)' });
      continue;
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (sha256 !== file.sha256 || data.length !== file.bytes)
      check.files.push({
        name: file.name,
        status: 'altered',
        reason: `sha256 ${sha256} (${data.length} bytes), the manifest says ${file.sha256} (${file.bytes} bytes)`,
      });
    else check.files.push({ name: file.name, status: 'intact' });
  }
  for (const name of counts.keys())
    if (!listed.has(name)) check.files.push({ name, status: 'added', reason: 'in the zip, not in the manifest' });

  check.caseId = manifest?.caseId ?? null;
  check.query = manifest?.query ?? null;
  check.events = manifest?.events ?? null;
  check.intact =
    manifest !== null &&
    check.signature === 'valid' &&
    check.problems.length === 0 &&
    check.files.every((file) => file.status === 'intact');
  return check;
}

function publicKeyOf(pem: string, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new AppError('USAGE', `${what} is not a public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AppError('USAGE', `${what} is not an Ed25519 public key.`);
  return key;
}

/** The parts of manifest.json verification relies on, checked for shape (the manifest may be anyone's). */
function manifestOf(
  bytes: Buffer,
  problems: string[],
): { files: ManifestFile[]; caseId: string | null; query: string | null; events: number | null } | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    problems.push(`${MANIFEST} is not JSON.`);
    return null;
  }
  const m = value as Record<string, unknown> | null;
  const files = m?.['files'];
  if (
    typeof m !== 'object' ||
    m === null ||
    m['format'] !== PACKAGE_FORMAT ||
    !Array.isArray(files) ||
    !files.every(
      (f: Record<string, unknown> | null) =>
        typeof f?.['name'] === 'string' &&
        SAFE_ENTRY_NAME.test(f['name']) &&
        typeof f['sha256'] === 'string' &&
        /^[0-9a-f]{64}$/.test(f['sha256']) &&
        Number.isSafeInteger(f['bytes']),
    )
  ) {
    problems.push(`${MANIFEST} is not a Trailscope package manifest.`);
    return null;
  }
  const list = files as ManifestFile[];
  if (new Set(list.map((f) => f.name)).size !== list.length) problems.push(`${MANIFEST} lists a file twice.`);
  const query = (m['query'] as Record<string, unknown> | undefined)?.['query'];
  const events = (m['counts'] as Record<string, unknown> | undefined)?.['events'];
  return {
    files: list,
    caseId: typeof m['caseId'] === 'string' ? m['caseId'] : null,
    query: typeof query === 'string' ? query : null,
    events: typeof events === 'number' ? events : null,
  };
}
