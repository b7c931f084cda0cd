// The one ingest batcher of file import, S3 sync and API sync: a source hands it units as it produces them; the
// batcher closes a batch by the batch rules (ingest/batch-rules.ts), stores it in one transaction with its checkpoint
// (store/ingest.ts), adds up what was added, duplicated and rejected, and removes the batch's spool files once it is
// committed. It also owns the private spool folder those files live in. No electron; DuckDB only through the store.
import { rm } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { throwIfAborted } from '../errors';
import { BATCH_LIMITS, batchIsFull } from '../ingest/batch-rules';
import { createSpool, removeSpool } from '../ingest/spool';
import { holdsRecords, recordsOf, type IngestUnit } from '../ingest/units';
import { StoringEstimate } from '../jobs/job';
import type { CaseStore } from '../store/case-store';
import { ingestUnits, type UnitResult } from '../store/ingest';
import { saveCheckpoint } from '../store/sources-repo';

/** What the batches committed so far added up to; a source may pass its own summary to be added into. */
export interface IngestTotals {
  added: number;
  duplicates: number;
  rejected: number;
}

export interface IngestBatcherOptions<T> {
  sourceId: string;
  job: 'import' | 'sync';
  /** Checked between batches; the batch being stored when it fires is rolled back, the ones before stay. */
  signal?: AbortSignal;
  /** Cap on one transaction's decompressed bytes (default BATCH_LIMITS.bytes). */
  maxBytes?: number;
  /** Cap on one transaction's units (default BATCH_LIMITS.units). */
  maxUnits?: number;
  /**
   * Let the source prepare the next batch while DuckDB stores this one: DuckDB works on its own threads, so reading,
   * decompressing and checking objects in JS meanwhile costs little. Batches still commit one after another, in
   * order. Only a batch DuckDB reads from disk (clean files, spool files) overlaps: preparing the next batch beside
   * one whose records JS holds doubled peak RSS (CloudTrail 1M, before the spool: 1.7 → 2.2 GB).
   */
  overlap?: boolean;
  /** The source's checkpoint once the batch of these items is in: saved in the batch's transaction. */
  checkpoint?: (items: T[]) => unknown;
  /** Added into as batches commit (default: the batcher's own `totals`). */
  totals?: IngestTotals;
  /**
   * Progress while DuckDB stores a batch, which has none of its own to read: called with 0 as it starts, then every
   * `progressIntervalMs` with the estimated share (StoringEstimate) of the batch's `inputBytes` stored so far.
   */
  onStoring?: (storedBytes: number) => void;
  progressIntervalMs?: number;
  /** A batch is committed: its items in the order they were added, and the store's result per unit. */
  onCommitted?: (items: T[], results: UnitResult[]) => void;
}

interface Entry<T> {
  /** null: an item with nothing to store (an empty API page) that still moves the checkpoint. */
  unit: IngestUnit | null;
  item: T;
  /** The object's size as the source counts progress (a file's size, an S3 object's): what StoringEstimate paces. */
  inputBytes: number;
}

export class IngestBatcher<T> {
  readonly totals: IngestTotals;
  private batch: Entry<T>[] = [];
  private units = 0;
  private records = 0;
  private contentBytes = 0;
  /** The batch DuckDB stores while the source prepares the next one (overlap); its failure is seen at the next flush. */
  private storing: Promise<void> | undefined;
  private spool: string | null = null;
  private readonly estimate: StoringEstimate;

  constructor(
    private readonly store: CaseStore,
    private readonly options: IngestBatcherOptions<T>,
  ) {
    this.totals = options.totals ?? { added: 0, duplicates: 0, rejected: 0 };
    this.estimate = new StoringEstimate(options.progressIntervalMs);
  }

  /**
   * Makes the private spool folder (0700, in `parent`, default the OS temp folder) for records split out in JS and
   * objects DuckDB reads from disk; `close` removes it. Throws an IO AppError when it cannot be made.
   */
  async openSpool(prefix: string, parent?: string): Promise<string> {
    this.spool = await createSpool(prefix, parent);
    return this.spool;
  }

  /** A path for a spool file named `name`; undefined without a spool folder. Removed once its unit is committed. */
  spoolFile(name: string): string | undefined {
    return this.spool === null ? undefined : join(this.spool, name);
  }

  /** Adds a unit (`contentBytes`: its decompressed size); stores the batch when the batch rules say it is full. */
  async add(unit: IngestUnit | null, item: T, sizes: { contentBytes: number; inputBytes?: number }): Promise<void> {
    this.batch.push({ unit, item, inputBytes: sizes.inputBytes ?? 0 });
    if (unit) {
      this.units++;
      this.records += recordsOf(unit);
    }
    this.contentBytes += sizes.contentBytes;
    const full = { records: this.records, bytes: this.contentBytes, units: this.units };
    const caps = {
      bytes: this.options.maxBytes ?? BATCH_LIMITS.bytes,
      units: this.options.maxUnits ?? BATCH_LIMITS.units,
    };
    if (batchIsFull(full, caps)) await this.flush();
  }

  /** Stores the batch being built (with overlap, starts storing it); first waits for the batch before it. */
  async flush(): Promise<void> {
    await this.storing;
    this.storing = undefined;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    this.units = 0;
    this.records = 0;
    this.contentBytes = 0;
    const stored = this.commit(batch);
    if (this.options.overlap && !batch.some((e) => e.unit !== null && holdsRecords(e.unit))) {
      // Its failure is seen when it is awaited (next flush, or finish); until then it must not count as unhandled.
      stored.catch(() => undefined);
      this.storing = stored;
    } else {
      await stored;
    }
  }

  /** Stores what is left and waits until every batch is committed. */
  async finish(): Promise<void> {
    await this.flush();
    await this.storing;
  }

  /**
   * For a `finally`: waits for a batch still being stored (never return while DuckDB works on one: the caller may
   * close the case next, and DuckDB reads the spool), then removes the spool folder. Errors are the caller's
   * business through `flush`/`finish`, not this.
   */
  async close(): Promise<void> {
    await this.storing?.catch(() => undefined);
    if (this.spool !== null) await removeSpool(this.spool);
    this.spool = null;
  }

  private async commit(batch: Entry<T>[]): Promise<void> {
    const { sourceId, signal, onStoring } = this.options;
    throwIfAborted(signal);
    const items = batch.map((e) => e.item);
    const units = batch.flatMap((e) => (e.unit ? [e.unit] : []));
    const value = this.options.checkpoint?.(items);
    if (units.length === 0) {
      if (value !== undefined) await saveCheckpoint(this.store, sourceId, value);
      this.options.onCommitted?.(items, []);
      return;
    }
    onStoring?.(0);
    const stored = ingestUnits(this.store, units, {
      sourceId,
      job: this.options.job,
      signal,
      ...(value !== undefined ? { checkpoint: { sourceId, value } } : {}),
    });
    const inputBytes = batch.reduce((n, e) => n + e.inputBytes, 0);
    const results = onStoring ? await this.estimate.track(stored, inputBytes, onStoring) : await stored;
    // Committed: its spool files are not needed again, and the spool should not grow with the import.
    await Promise.all(units.flatMap((u) => this.spoolFilesOf(u).map((path) => rm(path, { force: true }))));
    for (const r of results) {
      this.totals.added += r.added;
      this.totals.duplicates += r.duplicates;
      this.totals.rejected += r.rejected;
    }
    this.options.onCommitted?.(items, results);
  }

  /** The unit's files in the spool folder (a spooled unit's records, an S3 object's bytes); never a user's file. */
  private spoolFilesOf(unit: IngestUnit): string[] {
    const input = unit.input;
    if (this.spool === null || (input?.kind !== 'spooled' && input?.kind !== 'ndjson-file')) return [];
    return input.path.startsWith(this.spool + sep) ? [input.path] : [];
  }
}
