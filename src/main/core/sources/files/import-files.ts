// Import of files and folders into a case: folders recursively, every path in lexicographic order (so "first
// imported wins" is deterministic), each file read into an ingest unit and handed to the ingest batcher, which
// stores the batches; progress and cancel between objects. Records split out in JS (documents, NDJSON DuckDB cannot
// read as it is) go through the batcher's private spool folder.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JobProgress } from '@shared/domain/jobs';
import { FILE_SOURCE_ID } from '@shared/domain/sources';
import { AppError, throwIfAborted } from '../../errors';
import type { FormatChoice } from '../../formats/formats';
import { DEFAULT_LIMITS, type ReadLimits } from '../../ingest/read-limits';
import { ProgressMeter } from '../../jobs/job';
import type { CaseStore } from '../../store/case-store';
import type { UnitResult } from '../../store/ingest';
import { IngestBatcher } from '../ingest-batcher';
import { prepareObject, type PreparedObject } from '../read-object';

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
      throw new AppError(
        'IO',
        error.code === 'ENOENT' ? `No file or folder at ${path}.` : `Cannot read ${path}: ${error.message}`,
      );
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
      if (SUPPORTED.test(entry.name))
        found.set(path, { path, size: 0, error: `could not read file: ${(error as Error).message}` });
      continue;
    }
    if (info.isDirectory()) await walk(path, found, visited);
    else if (info.isFile() && SUPPORTED.test(entry.name)) found.set(path, { path, size: info.size });
  }
}

export async function importFiles(
  store: CaseStore,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  store.assertWritable();
  const files = await listImportFiles(paths);
  const summary: ImportSummary = {
    files: files.length,
    added: 0,
    duplicates: 0,
    rejected: 0,
    warnings: [],
    objects: [],
  };
  const meter = new ProgressMeter({ items: files.length, bytes: files.reduce((n, f) => n + f.size, 0) });
  // done, events and bytes count committed files; while a batch is stored, bytes also count its estimated share.
  const progress = { phase: 'importing', done: 0, bytes: 0 };
  const report = (storedBytes = 0) =>
    options.onProgress?.(meter.measure({ ...progress, events: summary.added, bytes: progress.bytes + storedBytes }));
  const batcher = new IngestBatcher<FileEntry>(store, {
    sourceId: FILE_SOURCE_ID,
    job: 'import',
    signal: options.signal,
    maxBytes: options.batchBytes,
    overlap: true,
    totals: summary,
    onStoring: report,
    progressIntervalMs: options.progressIntervalMs,
    onCommitted: (entries, results) => {
      summary.objects.push(...results);
      progress.done += entries.length;
      progress.bytes += entries.reduce((n, f) => n + f.size, 0);
      report();
    },
  });
  // Records split out of documents and lines wait in the spool for their batch, not in memory. Without one (no temp
  // folder can be made), they are held in memory: it costs memory, not the import.
  await batcher.openSpool('trailscope-import-', options.spoolIn).catch((error: unknown) => {
    summary.warnings.push(`${(error as Error).message}; records split out of documents are held in memory instead`);
  });
  try {
    for (const [index, file] of files.entries()) {
      throwIfAborted(options.signal);
      const { unit, contentBytes } = await prepareFile(
        file,
        batcher.spoolFile(`${index}.records`),
        options,
        summary.warnings,
      );
      await batcher.add(unit, file, { contentBytes, inputBytes: file.size });
    }
    await batcher.finish();
  } finally {
    await batcher.close();
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

async function prepareFile(
  file: FileEntry,
  spoolPath: string | undefined,
  options: ImportOptions,
  warnings: string[],
): Promise<PreparedObject> {
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
