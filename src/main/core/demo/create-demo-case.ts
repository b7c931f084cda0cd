// `createDemoCase`: a new case holding the demo tenant — files generated into a private temp folder (or a folder
// the caller keeps), imported through the ordinary file importer, so the demo exercises the real import path.
// Touches DuckDB only through CaseStore and importFiles.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { importFiles } from '../sources/files/import-files';
import { CaseStore } from '../store/case-store';
import { writeDemoFiles, type DemoFiles } from './demo-files';
import { resolveDemoOptions, type DemoOptions } from './generate';
import { DISPLAY_TIME_ZONE, WORKING_HOURS } from './tenant';

export interface DemoProgress {
  phase: 'generate' | 'import';
  done: number;
  total: number;
  /** Events per second in this phase so far. */
  rate: number;
}

export interface CreateDemoCaseOptions extends DemoOptions {
  /** Keep the generated files in this folder (created if missing; existing files are never overwritten). */
  writeFilesDir?: string;
  onProgress?: (progress: DemoProgress) => void;
  signal?: AbortSignal;
}

export interface DemoCaseSummary {
  tenant: string;
  seed: number;
  /** Events in the case after the import. */
  events: number;
  files: number;
  /** `chain.hash` of the last event (seq = events). */
  chainHead: string;
  rejected: number;
  duplicates: number;
  /** The kept files, when `writeFilesDir` was given. */
  paths: string[];
}

export async function createDemoCase(path: string, options: CreateDemoCaseOptions = {}): Promise<DemoCaseSummary> {
  const resolved = resolveDemoOptions(options);
  const { onProgress, signal } = options;
  // The case first: a taken path fails at once rather than after minutes of generating.
  const store = await CaseStore.create(path, {
    tenantId: resolved.tenant,
    displayTimeZone: DISPLAY_TIME_ZONE,
    workingHours: WORKING_HOURS,
  });
  const keep = options.writeFilesDir !== undefined;
  let dir: string | undefined;
  let completed = false;
  try {
    if (options.writeFilesDir !== undefined) {
      dir = resolve(options.writeFilesDir);
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } else {
      dir = await mkdtemp(join(tmpdir(), 'trailscope-demo-'));
    }
    // Each file is imported as soon as it is written, while the next one is generated: DuckDB works on its own
    // threads, the generator on this one. Imports stay sequential, so the case fills in time order.
    const imported = { added: 0, rejected: 0, duplicates: 0 };
    const failed = new AbortController();
    const importSignal = signal ? AbortSignal.any([signal, failed.signal]) : failed.signal;
    let importing: Promise<void> = Promise.resolve();
    const importFile = (file: string) => {
      importing = importing.then(async () => {
        const base = imported.added;
        const summary = await importFiles(store, [file], {
          signal: importSignal,
          onProgress: (p) =>
            onProgress?.({ phase: 'import', done: base + p.events, total: resolved.events, rate: p.rate }),
        });
        imported.added += summary.added;
        imported.rejected += summary.rejected;
        imported.duplicates += summary.duplicates;
      });
      // Stop generating as soon as an import fails; the failure itself is reported from `await importing` below.
      importing.catch(() => failed.abort());
    };
    let files: DemoFiles | undefined;
    let writeError: unknown;
    try {
      files = await writeDemoFiles(dir, {
        ...resolved,
        signal: importSignal,
        onFile: importFile,
        onProgress: (p) => onProgress?.({ phase: 'generate', ...p }),
      });
    } catch (error) {
      writeError = error;
    }
    // Always wait for the import in flight before the store closes. Its failure is the cause of a writer stopped
    // by `failed`, so it is the error to report.
    await importing;
    if (!files) throw writeError;
    const summary = imported;
    await store.journal('demo.create', {
      events: resolved.events,
      seed: resolved.seed,
      tenant: resolved.tenant,
      files: files.paths.length,
      chainHead: files.chainHead,
    });
    completed = true;
    return {
      tenant: resolved.tenant,
      seed: resolved.seed,
      events: summary.added,
      files: files.paths.length,
      chainHead: files.chainHead,
      rejected: summary.rejected,
      duplicates: summary.duplicates,
      paths: keep ? files.paths : [],
    };
  } finally {
    store.close();
    if (dir !== undefined && !keep) await rm(dir, { recursive: true, force: true });
    // A half-built demo is no use to anybody, and the file is ours: CaseStore.create refused an existing path.
    if (!completed) await Promise.all([rm(path, { force: true }), rm(`${path}.wal`, { force: true })]);
  }
}

/** The demo case at `path`, made there first if there is none yet (what `npm start` and `serve` open by default). */
export async function ensureDemoCase(path: string, options: CreateDemoCaseOptions = {}): Promise<string> {
  if (existsSync(path)) return path;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await createDemoCase(path, options);
  return path;
}
