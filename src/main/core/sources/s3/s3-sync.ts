// Incremental sync of an S3 source into a case: list the prefix, compare with the ingest ledger (key + ETag), download
// what is new in parallel under a memory cap, and hand it in key order to the ingest batcher: each batch one transaction
// with its ledger rows and checkpoint. A changed object is recorded, never merged. Cancel between objects and batches.
import { setMaxListeners } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { JobProgress } from '@shared/domain/jobs';
import type { S3SourceSettings } from '@shared/domain/sources';
import { AppError, throwIfAborted } from '../../errors';
import { FORMAT_CHOICES, type FormatChoice } from '../../formats/formats';
import { BATCH_LIMITS } from '../../ingest/batch-rules';
import { DEFAULT_LIMITS, S3_LISTED_SIZE_SLACK_BYTES, type ReadLimits } from '../../ingest/read-limits';
import { holdsRecords, type IngestUnit, type ObjectInfo } from '../../ingest/units';
import { ProgressMeter } from '../../jobs/job';
import type { SecretStore } from '../../secrets';
import type { CaseStore } from '../../store/case-store';
import { importedObjects, saveCheckpoint, type SavedSource } from '../../store/sources-repo';
import { IngestBatcher } from '../ingest-batcher';
import { readCapped } from '../read-capped';
import { prepareObject } from '../read-object';
import { listForSync, unquote, type Listed, type PartitionState } from './listing';
import { connectS3, s3Failure, type S3Connection } from './s3-client';

export interface S3SyncOptions {
  secrets: SecretStore;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  limits?: ReadLimits;
  /** Cap on one transaction's decompressed bytes, and on the records held in memory (default BATCH_LIMITS.bytes). */
  batchBytes?: number;
  /** How often progress moves while DuckDB stores a batch. */
  progressIntervalMs?: number;
  /** List the whole prefix instead of the recent days of each date-partitioned folder. */
  fullListing?: boolean;
}

export interface S3ChangedObject {
  key: string;
  importedEtag: string;
  etag: string;
}

export interface S3SyncSummary {
  /** Objects under the prefix. */
  listed: number;
  /** Objects downloaded and imported for the first time (digests included). */
  imported: number;
  /** Objects already imported with the same ETag. */
  skipped: number;
  /** Objects whose ETag differs from the imported one: recorded in the ledger and rejects, not merged. */
  changed: S3ChangedObject[];
  added: number;
  duplicates: number;
  rejected: number;
  /** CloudTrail digests kept (with their signature metadata). */
  digests: number;
  warnings: string[];
}

export interface S3Checkpoint {
  /** The last key of the last committed batch. */
  lastKey: string | null;
  syncedAt: string;
  /** Newest day per date-partitioned folder as of the last complete run: where the next listing starts. */
  partitions?: PartitionState;
}

/** How far back an incremental run re-lists each date-partitioned folder, for late deliveries. */
export const DEFAULT_LOOKBACK_DAYS = 7;

type S3Source = SavedSource & { kind: 's3'; settings: S3SourceSettings };

const MAX_CONCURRENCY = 32;

interface Planned extends Listed {
  /** The ETag the ledger holds for the key; null for a key never imported. */
  importedEtag: string | null;
}

/** One downloaded object, ready to ingest (or nothing to ingest, when it vanished or changed back). */
interface Fetched {
  unit: IngestUnit | null;
  /** Bytes it holds until ingested: its records (in memory or spooled), or its compressed bytes in the spool. */
  heldBytes: number;
  /** Decompressed size: what it costs the batch's transaction. */
  contentBytes: number;
  warnings: string[];
  changed: S3ChangedObject | null;
}

export async function syncS3(store: CaseStore, source: SavedSource, options: S3SyncOptions): Promise<S3SyncSummary> {
  store.assertWritable();
  if (source.kind !== 's3') throw new AppError('USAGE', `Source ${source.id} is not an S3 source.`);
  const s3Source: S3Source = source;
  const settings = s3Source.settings;
  const format = formatChoice(settings.format);
  const connection = await connectS3(settings, options.secrets);
  // Ends downloads still running when the sync stops early (an error, or the caller's cancel).
  const downloads = new AbortController();
  // Every download in flight listens to it.
  setMaxListeners(MAX_CONCURRENCY + 1, downloads.signal);
  const forwardAbort = () => downloads.abort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    return await runSync(store, s3Source, format, connection, downloads.signal, options);
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
    downloads.abort();
    connection.client.destroy();
  }
}

function formatChoice(format: string): FormatChoice {
  const choice = FORMAT_CHOICES.find((c) => c === (format || 'auto'));
  if (!choice) throw new AppError('USAGE', `Unknown format "${format}"; choose one of ${FORMAT_CHOICES.join(', ')}.`);
  return choice;
}

async function runSync(
  store: CaseStore,
  source: S3Source,
  format: FormatChoice,
  connection: S3Connection,
  downloadSignal: AbortSignal,
  options: S3SyncOptions,
): Promise<S3SyncSummary> {
  const { signal, onProgress } = options;
  const { bucket, prefix } = source.settings;
  const summary: S3SyncSummary = {
    listed: 0,
    imported: 0,
    skipped: 0,
    changed: [],
    added: 0,
    duplicates: 0,
    rejected: 0,
    digests: 0,
    warnings: [],
  };
  const listMeter = new ProgressMeter();
  const previous = source.checkpoint as Partial<S3Checkpoint> | null;
  const listing = await listForSync({
    connection,
    bucket,
    prefix,
    // Until a run has completed (and after a request for it) there is nothing to start from: list everything.
    partitions: options.fullListing ? null : (previous?.partitions ?? null),
    lookbackDays: source.settings.lookbackDays ?? DEFAULT_LOOKBACK_DAYS,
    signal,
    onPage: (count) => onProgress?.(listMeter.measure({ phase: 'listing', done: count, events: 0, bytes: 0 })),
  });
  const listed = listing.objects;
  summary.listed = listed.length;

  const imported = await importedObjects(store, source.id);
  const plan: Planned[] = [];
  for (const object of listed) {
    const importedEtag = imported.get(ledgerKey(bucket, object.key));
    if (importedEtag === undefined) plan.push({ ...object, importedEtag: null });
    else if (importedEtag === object.etag) summary.skipped++;
    else plan.push({ ...object, importedEtag });
  }

  const meter = new ProgressMeter({ items: plan.length, bytes: plan.reduce((n, o) => n + o.size, 0) });
  // done counts objects downloaded; events and bytes count committed objects, and while a batch is stored, bytes
  // also count its estimated share.
  const progress = { done: 0, events: 0, bytes: 0 };
  const report = (phase: string, storedBytes = 0) =>
    onProgress?.(meter.measure({ phase, ...progress, bytes: progress.bytes + storedBytes }));
  report('downloading');

  const batchBytes = options.batchBytes ?? BATCH_LIMITS.bytes;
  let committedBatches = 0;
  const batcher = new IngestBatcher<{ fetched: Fetched; object: Planned }>(store, {
    sourceId: source.id,
    job: 'sync',
    signal,
    maxBytes: batchBytes,
    totals: summary,
    // The listing state moves only once the whole run is in (below): a run killed midway lists the same again.
    checkpoint: (items) =>
      ({
        lastKey: items.at(-1)?.object.key ?? null,
        syncedAt: new Date().toISOString(),
        partitions: previous?.partitions,
      }) satisfies S3Checkpoint,
    onStoring: (bytes) => report('importing', bytes),
    progressIntervalMs: options.progressIntervalMs,
    onCommitted: (items, results) => {
      for (const r of results) progress.events += r.added;
      for (const { fetched } of items) {
        summary.warnings.push(...fetched.warnings);
        if (fetched.changed) summary.changed.push(fetched.changed);
        else summary.imported++;
        if (fetched.unit?.digest) summary.digests++;
      }
      fetcher.release(items.reduce((n, { fetched }) => n + fetched.heldBytes, 0));
      progress.bytes += items.reduce((n, { object }) => n + object.size, 0);
      committedBatches++;
      report('downloading');
    },
  });
  const spool = await batcher.openSpool('trailscope-s3-');
  const fetcher = new Fetcher(plan, {
    concurrency: Math.min(Math.max(Math.floor(source.settings.concurrency) || 1, 1), MAX_CONCURRENCY),
    maxHeldBytes: batchBytes,
    fetch: (object, index) =>
      fetchObject(
        connection,
        bucket,
        object,
        format,
        options.limits ?? DEFAULT_LIMITS,
        join(spool, `${index}.object`),
        downloadSignal,
      ),
  });

  try {
    for (const [index, object] of plan.entries()) {
      throwIfAborted(signal);
      // The next object waits for memory held by the batch being built: commit that batch first.
      if (!fetcher.started(index)) await batcher.flush();
      const fetched = await fetcher.take(index).catch((error: unknown) => {
        throw s3Failure(error, connection, bucket, `downloading "${object.key}"`, signal);
      });
      throwIfAborted(signal);
      progress.done++;
      if (fetched.unit) {
        // Its spool files (its bytes, its records) go once its batch is committed.
        await batcher.add(
          fetched.unit,
          { fetched, object },
          { contentBytes: fetched.contentBytes, inputBytes: object.size },
        );
      } else {
        summary.warnings.push(...fetched.warnings);
        fetcher.release(fetched.heldBytes);
        progress.bytes += object.size;
        if (object.importedEtag !== null) summary.skipped++;
      }
      report('downloading');
    }
    await batcher.finish();
  } finally {
    fetcher.stop();
    // Downloads still running write into the spool: let them settle before it is removed.
    await fetcher.settled();
    await batcher.close();
  }

  // Every listed object is in the case now: the next run may start its listing from here.
  const lastKey = committedBatches > 0 ? (plan.at(-1)?.key ?? null) : (previous?.lastKey ?? null);
  await saveCheckpoint(store, source.id, {
    lastKey,
    syncedAt: new Date().toISOString(),
    partitions: listing.partitions,
  } satisfies S3Checkpoint);
  await store.journal('sync', {
    sourceId: source.id,
    bucket,
    prefix,
    listed: summary.listed,
    imported: summary.imported,
    skipped: summary.skipped,
    changed: summary.changed.length,
    added: summary.added,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    digests: summary.digests,
  });
  report('done');
  return summary;
}

/** The ledger's name for an object: unique across buckets, and what a user would paste into the AWS CLI. */
export function ledgerKey(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Nothing to ingest, or only a ledger row and rejects: holds no memory and no spool file. */
const nothingHeld = { heldBytes: 0, contentBytes: 0 } as const;

async function fetchObject(
  connection: S3Connection,
  bucket: string,
  object: Planned,
  format: FormatChoice,
  limits: ReadLimits,
  spoolPath: string,
  signal: AbortSignal,
): Promise<Fetched> {
  const objectKey = ledgerKey(bucket, object.key);
  if (object.size > limits.maxUncompressedBytes) {
    // Too big to hold: on record as a reject instead of a download.
    const reason = `object is ${object.size} bytes, over the ${limits.maxUncompressedBytes}-byte limit; it was not downloaded`;
    return await unreadObject(objectKey, object, format, reason);
  }
  let response;
  let bytes: Buffer | null;
  // The listing is what the object was judged by (its size against the limit, the memory reserved for it): a body
  // that runs on past it is cut off and rejected, whatever its Content-Length says.
  const maxBytes = object.size + S3_LISTED_SIZE_SLACK_BYTES;
  try {
    response = await connection.client.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }), {
      abortSignal: signal,
    });
    const body: unknown = response.Body;
    bytes = body === undefined ? Buffer.alloc(0) : await readCapped(asByteStream(body), maxBytes);
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') {
      return {
        unit: null,
        ...nothingHeld,
        warnings: [`${objectKey}: deleted while the sync ran; not imported`],
        changed: null,
      };
    }
    throw error;
  }
  if (bytes === null) {
    // Recorded under the listed ETag, so the next run skips the same object rather than download it again.
    const reason = `object sent more than the ${object.size} bytes its listing gave (the read stopped past ${maxBytes}); it was not imported`;
    return await unreadObject(objectKey, object, format, reason);
  }
  // The ledger records the version whose bytes were received, even if it changed after the listing.
  const etag = unquote(response.ETag) ?? object.etag;
  if (object.importedEtag !== null && etag === object.importedEtag)
    return { unit: null, ...nothingHeld, warnings: [], changed: null };
  const metadata = Object.fromEntries(
    Object.entries(response.Metadata ?? {}).map(([name, value]) => [`x-amz-meta-${name}`, value]),
  );
  const info: Partial<ObjectInfo> = {
    etag,
    lastModified: response.LastModified?.toISOString() ?? object.lastModified,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
  const { importedEtag } = object;
  if (importedEtag === null) {
    // On disk, a clean NDJSON object is read by DuckDB itself, as file import does: ~3x faster than staging its
    // lines, and nothing of it stays in memory. The spool costs a write of the compressed bytes.
    // Any other (a CloudTrail document, NDJSON DuckDB cannot read as it is) has its records spooled for DuckDB.
    await writeFile(spoolPath, bytes, { mode: 0o600 });
    const prepared = await prepareObject(objectKey, bytes, {
      format,
      limits,
      info,
      pathOnDisk: spoolPath,
      spoolPath: `${spoolPath}.records`,
    });
    const input = prepared.unit.input;
    if (input?.kind !== 'ndjson-file') await rm(spoolPath, { force: true });
    // What it holds until committed (which bounds memory and the spool alike): records in memory, spooled records,
    // or its compressed bytes.
    const heldBytes =
      holdsRecords(prepared.unit) || input?.kind === 'spooled'
        ? prepared.contentBytes
        : input?.kind === 'ndjson-file'
          ? bytes.length
          : 0;
    return {
      unit: prepared.unit,
      heldBytes,
      contentBytes: prepared.contentBytes,
      warnings: prepared.warnings,
      changed: null,
    };
  }
  // Merging a rewritten object would mix two versions of the record under one key: record the change instead.
  const prepared = await prepareObject(objectKey, bytes, { format, limits, info });
  const reason = `object changed since it was imported (ETag "${importedEtag}" → "${etag}"); its records were not merged`;
  return {
    unit: { objectKey, format: null, input: null, object: prepared.unit.object, preRejects: [{ reason }] },
    ...nothingHeld,
    warnings: [],
    changed: { key: object.key, importedEtag, etag },
  };
}

/** In Node the SDK's body is a readable stream (its types also allow a browser Blob, never seen here). */
function asByteStream(body: unknown): AsyncIterable<Uint8Array> {
  if (typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
    return body as AsyncIterable<Uint8Array>;
  throw new AppError('INTERNAL', 'The S3 client returned an object body that is not a stream.');
}

/** An object on record with one reject and none of its bytes: its listed size and ETag, nothing to ingest. */
async function unreadObject(
  objectKey: string,
  object: Planned,
  format: FormatChoice,
  reason: string,
): Promise<Fetched> {
  const prepared = await prepareObject(objectKey, Buffer.alloc(0), {
    format,
    info: { etag: object.etag, lastModified: object.lastModified },
  });
  return {
    unit: { ...prepared.unit, object: { ...prepared.unit.object, size: object.size }, preRejects: [{ reason }] },
    ...nothingHeld,
    warnings: [],
    changed: null,
  };
}

interface FetcherOptions {
  concurrency: number;
  maxHeldBytes: number;
  fetch: (object: Planned, index: number) => Promise<Fetched>;
}

/**
 * Downloads objects in plan order, `concurrency` at a time, while the bytes held (downloading, downloaded and not
 * yet ingested) stay under the cap; the consumer takes them in order and releases their bytes once committed.
 * A download is reserved at its listed size times the decompression ratio seen so far, then at its real size.
 */
class Fetcher {
  private readonly pending: (Promise<Fetched> | undefined)[] = [];
  private next = 0;
  private active = 0;
  private held = 0;
  private compressed = 0;
  private decompressed = 0;
  private stopped = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly plan: Planned[],
    private readonly options: FetcherOptions,
  ) {
    this.pump();
  }

  started(index: number): boolean {
    this.pump();
    return index < this.next;
  }

  take(index: number): Promise<Fetched> {
    this.pump();
    const fetched = this.pending[index];
    if (!fetched) throw new AppError('INTERNAL', `Object ${index} of the sync was taken before its download started.`);
    this.pending[index] = undefined;
    return fetched;
  }

  /** Bytes the consumer no longer holds (a committed batch). */
  release(bytes: number): void {
    this.held -= bytes;
    this.pump();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Resolves once no download is running (their outcome is the consumer's business). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency && this.next < this.plan.length) {
      const object = this.plan[this.next];
      if (!object) break;
      const ratio = this.compressed > 0 ? Math.max(this.decompressed / this.compressed, 1) : 1;
      const reserved = Math.ceil(object.size * ratio);
      // Always let one download run, however big, or a single large object would stall the sync.
      if (this.held > 0 && this.held + reserved > this.options.maxHeldBytes) break;
      this.held += reserved;
      this.active++;
      const fetched = this.options.fetch(object, this.next).then(
        (result) => {
          this.held += result.heldBytes - reserved;
          this.compressed += object.size;
          this.decompressed += result.heldBytes;
          return result;
        },
        (error: unknown) => {
          this.held -= reserved;
          throw error;
        },
      );
      const settle = () => {
        this.inFlight.delete(fetched);
        this.active--;
        this.pump();
      };
      this.inFlight.add(fetched);
      fetched.then(settle, settle);
      this.pending[this.next++] = fetched;
    }
  }
}
