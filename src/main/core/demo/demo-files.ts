// Writes the demo dataset as gzipped NDJSON files (245,760 events each) whose names sort in time order, so an
// import of the folder reads the chain from seq 1 upward. Gzip runs on libuv's pool while the next chunk is made.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { AppError, throwIfAborted } from '../errors';
import { DUCKDB_ROW_GROUP_ROWS } from '../ingest/batch-rules';
import { generateDemoEvents, resolveDemoOptions, type DemoOptions } from './generate';
import { CHAIN_GENESIS } from './records';

/**
 * A file is one import of its own (create-demo-case.ts imports each as it is written) of whole row groups, which
 * DuckDB writes straight into the case file. The 1M demo, under load: files of 100k events committed through the
 * write-ahead log (28 s of 154 s in COMMIT, 0.79 GB peak RSS); of four row groups 0.5 s but 1.13 GB (the import holds
 * a file's text while it checks it); of two 0.4 s and 0.74 GB.
 */
export const EVENTS_PER_FILE = 2 * DUCKDB_ROW_GROUP_ROWS;
const CHUNK_CHARS = 1 << 20;
const PROGRESS_INTERVAL_MS = 100;

export interface WriteProgress {
  done: number;
  total: number;
  /** Events written per second so far. */
  rate: number;
}

export interface WriteDemoFilesOptions extends DemoOptions {
  signal?: AbortSignal;
  onProgress?: (progress: WriteProgress) => void;
  /** Called as each file is complete (in order), e.g. to import it while the next one is generated. */
  onFile?: (path: string) => void;
  /** Events per file (default EVENTS_PER_FILE); smaller only in tests. */
  eventsPerFile?: number;
}

export interface DemoFiles {
  /** Absolute paths in time (and name) order. */
  paths: string[];
  events: number;
  chainHead: string;
}

/** `audit-log-00001.ndjson.gz`, … — zero-padded, so names sort in time order. */
export function demoFileName(index: number): string {
  return `audit-log-${String(index).padStart(5, '0')}.ndjson.gz`;
}

/**
 * Writes the files into `dir` (which must exist). Refuses to overwrite a file; on failure or cancel removes the
 * files it wrote, so no half dataset is left behind.
 */
export async function writeDemoFiles(dir: string, options: WriteDemoFilesOptions = {}): Promise<DemoFiles> {
  const resolved = resolveDemoOptions(options);
  const { signal, onProgress } = options;
  const perFile = options.eventsPerFile ?? EVENTS_PER_FILE;
  const records = generateDemoEvents(resolved);
  const paths: string[] = [];
  const started = performance.now();
  let done = 0;
  let chainHead = CHAIN_GENESIS;
  let lastProgress = 0;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!onProgress || (!force && now - lastProgress < PROGRESS_INTERVAL_MS)) return;
    lastProgress = now;
    onProgress({ done, total: resolved.events, rate: done / Math.max((now - started) / 1000, 1e-3) });
  };

  async function* fileChunks(): AsyncGenerator<Buffer> {
    let text = '';
    for (let inFile = 0; inFile < perFile; inFile++) {
      const next = records.next();
      if (next.done) break;
      text += JSON.stringify(next.value) + '\n';
      chainHead = next.value.chain.hash;
      done++;
      if (text.length >= CHUNK_CHARS) {
        yield Buffer.from(text, 'utf8');
        text = '';
        throwIfAborted(signal);
        report(false);
      }
    }
    if (text) yield Buffer.from(text, 'utf8');
  }

  try {
    while (done < resolved.events) {
      throwIfAborted(signal);
      const path = join(dir, demoFileName(paths.length + 1));
      paths.push(path);
      await pipeline(fileChunks, createGzip({ level: 6 }), createWriteStream(path, { flags: 'wx', mode: 0o600 })).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') {
            // Somebody else's file: never opened by us, so not ours to remove below.
            paths.pop();
            throw new AppError('IO', `${path} already exists; choose an empty folder for the demo files.`);
          }
          if (error instanceof AppError) throw error;
          throw new AppError('IO', `Could not write ${path}: ${error.message}`);
        },
      );
      options.onFile?.(path);
    }
  } catch (error) {
    await Promise.all(paths.map((p) => rm(p, { force: true })));
    throw error;
  }
  report(true);
  return { paths, events: done, chainHead };
}
