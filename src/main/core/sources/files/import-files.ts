// Import of files and folders into a case: folders recursively, every path in lexicographic order (so "first
// imported wins" is deterministic), objects batched into transactions, progress and cancel between objects.
// Records split out in JS (documents, NDJSON DuckDB cannot read as it is) go through a private spool folder.
import { readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JobProgress } from '../../../../shared/domain/jobs';
import { AppError, throwIfAborted } from '../../errors';
import { ProgressMeter, StoringEstimate } from '../../jobs/job';
import type { CaseStore } from '../../store/case-store';
import { BATCH_LIMITS, batchIsFull, holdsRecords, ingestUnits, recordsOf, type IngestUnit, type UnitResult } from '../../store/ingest';
import type { FormatChoice } from '../../formats/formats';
import { DEFAULT_LIMITS, prepareObject, type PreparedObject, type ReadLimits } from '../read-object';
import { createSpool, removeSpool } from '../../ingest/spool';

export const FILE_SOURCE_ID = 'files';

export interface ImportOptions {
  format?: FormatChoice;
  limits?: ReadLimits;
  signal?: AbortSignal;
  /** The job model's progress: done/total count files, ETA follows bytes. */
  onProgress?: (progress: JobProgress) => void;
  /** Cap on one transaction's decompressed bytes: bounds memory (default BATCH_LIMITS.bytes). */
  batchBytes?: number;
  /** How often progress moves while DuckDB stores a batch. */
  progressIntervalMs?: number;
  /** Folder in which the import's private spool folder is made (default: the OS temp folder). */
  spoolIn?: string;
}

export interface ImportSummary {
  files: number;
  added: number;
  duplicates: number;
  rejected: number;
  warnings: string[];
  objects: UnitResult[];
}

const SUPPORTED = /\.(json|ndjson|jsonl|log)(\.gz)?$|\.gz$/i;

interface FileEntry {
  path: string;
  size: number;
  /** Set when the file could be listed but not read: it is recorded as a reject, the rest goes on. */
  error?: string;
}

/** Every importable file under the given paths, sorted by path. A path given explicitly is imported whatever its name. */
export async function listImportFiles(paths: string[]): Promise<FileEntry[]> {
  const found = new Map<string, FileEntry>();
  const visited = new Set<string>();
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new AppError('IO', error.code === 'ENOENT' ? `No file or folder at ${path}.` : `Cannot read ${path}: ${error.message}`);
    });
    if (info.isDirectory()) await walk(path, found, visited);
    else found.set(path, { path, size: info.size });
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Symbolic links are followed (a folder made by `aws s3 sync` may hold them); `visited` stops link loops. */
async function walk(dir: string, found: Map<string, FileEntry>, visited: Set<string>): Promise<void> {
  let entries;
  try {
    const real = await realpath(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    found.set(dir, { path: dir, size: 0, error: `could not read folder: ${(error as Error).message}` });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) continue;
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      if (SUPPORTED.test(entry.name)) found.set(path, { path, size: 0, error: `could not read file: ${(error as Error).message}` });
      continue;
    }
    if (info.isDirectory()) await walk(path, found, visited);
    else if (info.isFile() && SUPPORTED.test(entry.name)) found.set(path, { path, size: info.size });
  }
}

export async function importFiles(store: CaseStore, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  store.assertWritable();
  const files = await listImportFiles(paths);
  const summary: ImportSummary = { files: files.length, added: 0, duplicates: 0, rejected: 0, warnings: [], objects: [] };
  const meter = new ProgressMeter({ items: files.length, bytes: files.reduce((n, f) => n + f.size, 0) });
  const storing = new StoringEstimate(options.progressIntervalMs);
  // done, events and bytes count committed files; while a batch is stored, bytes also count its estimated share.
  const progress = { phase: 'importing', done: 0, events: 0, bytes: 0 };
  const report = (storedBytes = 0) => options.onProgress?.(meter.measure({ ...progress, bytes: progress.bytes + storedBytes }));
  const batchBytes = options.batchBytes ?? BATCH_LIMITS.bytes;
  let batch: IngestUnit[] = [];
  let batchFiles: FileEntry[] = [];
  let pendingBytes = 0;
  let pendingRecords = 0;
  // The batch DuckDB is ingesting while the next one is prepared: DuckDB works on its own threads, so reading,
  // decompressing and checking files in JS meanwhile costs little. Batches still commit one after another, in order.
  let ingesting: Promise<void> | undefined;
  // Records split out of documents and lines wait here for their batch, not in memory; the folder goes in the finally.
  // Without one (no temp folder can be made), they are held in memory: it costs memory, not the import.
  const spool = await createSpool('trailscope-import-', options.spoolIn).catch((error: unknown) => {
    summary.warnings.push(`${(error as Error).message}; records split out of documents are held in memory instead`);
    return null;
  });

  const ingest = async (units: IngestUnit[], entries: FileEntry[]) => {
    const entryBytes = entries.reduce((n, f) => n + f.size, 0);
    const stored = ingestUnits(store, units, { sourceId: FILE_SOURCE_ID, job: 'import', signal: options.signal });
    const results = await storing.track(stored, entryBytes, report);
    // Committed: its spool files are not needed again, and the spool should not grow with the import.
    await Promise.all(units.flatMap((u) => (u.input?.kind === 'spooled' ? [rm(u.input.path, { force: true })] : [])));
    for (const r of results) {
      summary.added += r.added;
      summary.duplicates += r.duplicates;
      summary.rejected += r.rejected;
      summary.objects.push(r);
      progress.events += r.added;
    }
    progress.done += entries.length;
    progress.bytes += entryBytes;
    report();
  };
  const flush = async () => {
    await ingesting;
    if (batch.length === 0) return;
    // Records JS holds in memory are staged into DuckDB: preparing the next batch beside such a batch doubled peak
    // RSS (CloudTrail 1M, before the spool: 1.7 → 2.2 GB), so only batches DuckDB reads from disk (clean files,
    // spool files) overlap.
    const overlap = !batch.some(holdsRecords);
    ingesting = ingest(batch, batchFiles);
    // Its failure is seen when it is awaited (next flush, or the end); until then it must not count as unhandled.
    ingesting.catch(() => undefined);
    batch = [];
    batchFiles = [];
    pendingBytes = 0;
    pendingRecords = 0;
    if (!overlap) await ingesting;
  };

  try {
    for (const [index, file] of files.entries()) {
      throwIfAborted(options.signal);
      const spoolPath = spool === null ? undefined : join(spool, `${index}.records`);
      const { unit, contentBytes } = await prepareFile(file, spoolPath, options, summary.warnings);
      batch.push(unit);
      batchFiles.push(file);
      pendingBytes += contentBytes;
      pendingRecords += recordsOf(unit);
      if (batchIsFull({ records: pendingRecords, bytes: pendingBytes, units: batch.length }, batchBytes)) await flush();
    }
    await flush();
    await ingesting;
  } finally {
    // Never return while DuckDB still works on a batch: the caller may close the case next (and it reads the spool).
    await ingesting?.catch(() => undefined);
    if (spool !== null) await removeSpool(spool);
  }
  await store.journal('import', {
    paths: paths.map((p) => resolve(p)),
    files: summary.files,
    added: summary.added,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
  });
  return summary;
}

async function prepareFile(file: FileEntry, spoolPath: string | undefined, options: ImportOptions, warnings: string[]): Promise<PreparedObject> {
  let bytes: Buffer;
  let readError = file.error;
  try {
    bytes = readError ? Buffer.alloc(0) : await readFile(file.path);
  } catch (error) {
    readError = `could not read file: ${(error as Error).message}`;
    bytes = Buffer.alloc(0);
  }
  if (readError) {
    const prepared = await prepareObject(file.path, bytes, { format: 'auto' });
    return { ...prepared, unit: { ...prepared.unit, preRejects: [{ reason: readError }] } };
  }
  const prepared = await prepareObject(file.path, bytes, {
    format: options.format ?? 'auto',
    limits: options.limits ?? DEFAULT_LIMITS,
    pathOnDisk: file.path,
    spoolPath,
  });
  warnings.push(...prepared.warnings);
  return prepared;
}
