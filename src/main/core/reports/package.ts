// An evidence package: one zip holding the data files it is given (each written by a producer into a private temp
// folder), query.json, integrity.json (the newest verifications), ledger.json (the ingest ledger rows that brought the
// query's events in), journal.json (the case journal), findings.json (the latest detection run), annotations.json and trail.json (the evidence board
// and the investigation trail), manifest.json
// (SHA-256 and size of every file, case, query, counts, chain heads), manifest.sig (Ed25519 over manifest.json's bytes) and public-key.pem. Written to
// `<out>.partial` and renamed, so a failed or cancelled package leaves no file; journalled with its hash.
import { createHash, sign } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { prepareOutput } from './output-file';
import { Zip, ZipDeflate } from 'fflate';
import type { JobProgress } from '@shared/domain/jobs';
import { parseQuery } from '@shared/domain/query-parser';
import { AppError, throwIfAborted } from '../errors';
import { ProgressMeter } from '../jobs/job';
import { osUser, type CaseStore } from '../store/case-store';
import { listAnnotations, listTrail } from '../store/evidence-repo';
import { listLatestFindings } from '../store/findings-repo';
import { packageRecords } from '../store/package-repo';
import { loadSigningKey } from './signing-key';

export const PACKAGE_FORMAT = 'trailscope-evidence-package';
export const PACKAGE_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.sig';
export const PUBLIC_KEY = 'public-key.pem';
/** Files every package has besides its data files; the first three are not listed in the manifest. */
const UNLISTED = [MANIFEST, SIGNATURE, PUBLIC_KEY];
const RECORD_FILES = [
  'query.json',
  'integrity.json',
  'ledger.json',
  'journal.json',
  'findings.json',
  'annotations.json',
  'trail.json',
];
/** A package's file names: flat, plain, no path of any kind (verify-package.ts holds a received zip to the same). */
export const SAFE_ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** A data file of the package, written by its producer to `path` (in a private temp folder). */
export interface PackageFile {
  name: string;
  write(path: string, signal: AbortSignal): Promise<void>;
}

export interface PackageScope {
  query: string;
  timeZone?: string;
}

export interface BuildPackageOptions {
  scope: PackageScope;
  out: string;
  force?: boolean;
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Where the installation's signing key lives (signing-key.ts). */
  keyDir: string;
  files: PackageFile[];
}

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  version: number;
  caseId: string | null;
  tenantId: string;
  createdAt: string;
  createdBy: string;
  query: { query: string; timeZone: string };
  counts: { events: number; ledgerRows: number; journalEntries: number; verifications: number };
  first: string | null;
  last: string | null;
  chainHead: {
    ledger: { seq: number; entryHash: string } | null;
    chains: { tenantId: string; count: number; hash: string }[];
  };
  publicKeyFingerprint: string;
  files: ManifestFile[];
}

export interface PackageResult {
  path: string;
  bytes: number;
  sha256: string;
  events: number;
  files: number;
  fingerprint: string;
}

export async function buildPackage(store: CaseStore, options: BuildPackageOptions): Promise<PackageResult> {
  const { signal } = options;
  const { path: out } = await prepareOutput(options.out, options.force ?? false);
  const names = options.files.map((file) => file.name);
  for (const name of names)
    if (!SAFE_ENTRY_NAME.test(name) || UNLISTED.includes(name) || RECORD_FILES.includes(name))
      throw new AppError('USAGE', `A package cannot hold a data file named "${name}".`);
  if (new Set(names).size !== names.length) throw new AppError('USAGE', 'A package names a data file twice.');

  const key = await loadSigningKey(options.keyDir);
  const timeZone = options.scope.timeZone ?? store.meta.displayTimeZone;
  const steps = options.files.length * 2 + RECORD_FILES.length + 2;
  const meter = new ProgressMeter({ items: steps });
  let done = 0;
  let events = 0;
  let bytes = 0;
  const report = (phase: string) => options.onProgress?.(meter.measure({ phase, done, events, bytes }));

  report('reading the case');
  const records = await packageRecords(store, parseQuery(options.scope.query), { timeZone });
  events = records.events;
  const recordFiles: Record<string, unknown> = {
    'query.json': {
      query: options.scope.query,
      timeZone,
      events: records.events,
      first: records.first,
      last: records.last,
    },
    'integrity.json': { verifications: records.verifications },
    'ledger.json': {
      note: 'Ingest ledger rows that brought in the events; entryHash = sha256(prev_hash + RFC 8785 JSON of entry).',
      rows: records.ledger.map((row) => ({ entry: row.entry, entryHash: row.entryHash })),
    },
    'journal.json': { entries: records.journal },
    'findings.json': {
      note: "The case's latest detection run (trailscope detect), over the whole case; `finding:<id>` in a query shows a finding's events.",
      ...(await listLatestFindings(store)),
    },
    'annotations.json': {
      note: "The case's evidence board: starred, tagged and commented events (of the whole case), in time order.",
      ...(await listAnnotations(store)),
    },
    'trail.json': {
      note: 'The investigation trail: every query run, pivot and brush, oldest first, with its count when it ran.',
      ...(await listTrail(store)),
    },
  };

  const temp = await mkdtemp(join(tmpdir(), 'trailscope-package-'));
  const partial = `${out}.partial`;
  let handle: FileHandle | null = null;
  try {
    for (const file of options.files) {
      throwIfAborted(signal);
      report(`writing ${file.name}`);
      await file.write(join(temp, file.name), signal);
      done++;
    }
    // `wx` after removing a stale one: never written through a link someone left at that name.
    await rm(partial, { force: true });
    handle = await open(partial, 'wx', 0o600);
    const writer = zipWriter(handle);
    const listed: ManifestFile[] = [];
    for (const file of options.files) {
      report(`packing ${file.name}`);
      listed.push(await writer.addFile(file.name, join(temp, file.name), signal));
      bytes += listed[listed.length - 1]?.bytes ?? 0;
      done++;
    }
    for (const [name, value] of Object.entries(recordFiles)) {
      listed.push(await writer.addBytes(name, jsonBytes(value)));
      done++;
    }
    const manifest: PackageManifest = {
      format: PACKAGE_FORMAT,
      version: PACKAGE_VERSION,
      caseId: store.meta.caseId,
      tenantId: store.meta.tenantId,
      createdAt: new Date().toISOString(),
      createdBy: osUser(),
      query: { query: options.scope.query, timeZone },
      counts: {
        events: records.events,
        ledgerRows: records.ledger.length,
        journalEntries: records.journal.length,
        verifications: records.verifications.length,
      },
      first: records.first,
      last: records.last,
      chainHead: { ledger: records.ledgerHead, chains: records.chainHeads },
      publicKeyFingerprint: key.fingerprint,
      files: listed,
    };
    const manifestBytes = jsonBytes(manifest);
    await writer.addBytes(MANIFEST, manifestBytes);
    await writer.addBytes(SIGNATURE, sign(null, manifestBytes, key.privateKey));
    await writer.addBytes(PUBLIC_KEY, Buffer.from(key.publicKeyPem, 'utf8'));
    await writer.end();
    done++;
    await handle.sync();
    await handle.close();
    handle = null;
    throwIfAborted(signal);
    const sha256 = await fileSha256(partial);
    const size = (await stat(partial)).size;
    await rename(partial, out);
    report('journalling');
    // A package the journal does not record is not left behind.
    await store
      .journal('package', {
        query: options.scope.query,
        timeZone,
        file: basename(out),
        bytes: size,
        sha256,
        events: records.events,
        fingerprint: key.fingerprint,
      })
      .catch(async (error: unknown) => {
        await rm(out, { force: true });
        throw error;
      });
    return {
      path: out,
      bytes: size,
      sha256,
      events: records.events,
      files: listed.length,
      fingerprint: key.fingerprint,
    };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A streaming zip into an open file: entries are deflated as they are read, never held whole. */
function zipWriter(handle: FileHandle) {
  const pending: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, _final) => {
    if (error) failure = error;
    else pending.push(chunk);
  });
  const flush = async () => {
    while (pending.length > 0) {
      const chunk = pending.shift();
      if (chunk) await handle.write(chunk);
    }
    if (failure) throw failure;
  };
  return {
    async addFile(name: string, path: string, signal: AbortSignal): Promise<ManifestFile> {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of createReadStream(path)) {
        throwIfAborted(signal);
        const data = chunk as Buffer;
        hash.update(data);
        bytes += data.length;
        entry.push(data);
        await flush();
      }
      entry.push(new Uint8Array(0), true);
      await flush();
      return { name, sha256: hash.digest('hex'), bytes };
    },
    async addBytes(name: string, data: Uint8Array): Promise<ManifestFile> {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(data, true);
      await flush();
      return { name, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    },
    async end(): Promise<void> {
      zip.end();
      await flush();
    },
  };
}
