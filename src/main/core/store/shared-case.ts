// One case as a long-lived program keeps it open (the app, `trailscope serve`): read-only while it only reads, so
// other programs (`trailscope query` in a terminal) may read it too, and read-write only while it writes. DuckDB
// locks a file per process (read-only: shared, read-write: exclusive) and a read-only instance does not see later
// commits, so the case switches between one instance of each kind. Never both at once: in one process the second
// takes no lock of its own, and closing either releases the process's lock on the file (POSIX record locks).
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AttachmentInfo } from '@shared/domain/attachments';
import { AppError, isAppError } from '../errors';
import { CaseStore, type CaseMeta } from './case-store';
import { SCHEMA_VERSION } from './schema';

/** The readers' connections: the table's, the panels' (interrupted by the table, table-first.ts) and the rest. */
export type ReadLane = 'table' | 'panel' | 'other';

/** How long a write waits for another program to let go of the case before it fails with CASE_LOCKED. */
export const WRITE_WAIT_MS = 3000;
const RETRY_MS = 100;

interface OpenCase {
  mode: 'read' | 'write';
  base: CaseStore;
  /** Made when a lane first reads: a one-shot `trailscope stats`, or a switch for one write, needs one or none. */
  readers: Partial<Record<ReadLane, Promise<CaseStore>>>;
  made: Partial<Record<ReadLane, CaseStore>>;
}

export class SharedCase {
  private current: OpenCase | null;
  private holds = 0;
  /** Reads running on the current instance's connections; a switch waits for them to end. */
  private reads = 0;
  private drained: (() => void) | null = null;
  /** Set while a switch is under way: reads arriving then wait for it. */
  private switching: Promise<void> | null = null;
  private changes: Promise<void> = Promise.resolve();
  private closed = false;
  meta: CaseMeta;

  private constructor(
    readonly path: string,
    readonly readOnly: boolean,
    current: OpenCase,
    private readonly writeWaitMs: number,
    /** The file checked at the first open (device and inode): the same file is not checked again at a switch. */
    private readonly identity: string,
  ) {
    this.current = current;
    this.meta = current.base.meta;
  }

  /** Opens the case read-only; a writable one from an older version is migrated (and given its id) at once. */
  static async open(path: string, options: { readOnly?: boolean; writeWaitMs?: number } = {}): Promise<SharedCase> {
    // Taken before the open: were the file replaced in between, the one checked would not match it later.
    const identity = await fileIdentity(path).catch(() => '');
    const first = await openCase(path, 'read', { lockAsWriter: !(options.readOnly ?? false) });
    const shared = new SharedCase(
      path,
      options.readOnly ?? false,
      first,
      options.writeWaitMs ?? WRITE_WAIT_MS,
      identity,
    );
    const { schemaVersion, caseId } = shared.meta;
    if (!shared.readOnly && (schemaVersion < SCHEMA_VERSION || caseId === null)) {
      try {
        await shared.hold();
        await shared.release();
      } catch (error) {
        await shared.close();
        throw error;
      }
    }
    return shared;
  }

  /** The folders of Parquet attached to the case, as the open instance last read them. */
  get attachments(): AttachmentInfo[] {
    return this.current?.base.attachments ?? [];
  }

  /**
   * Opens the case again in the mode it is in, its attachments read anew, once the reads under way have ended
   * (a folder that went while the case was open). While it is held for writing it does nothing: the switch back
   * after the last write opens it anew.
   */
  reopen(): Promise<void> {
    const change = this.changes.then(() =>
      this.closed || this.holds > 0 ? undefined : this.switchTo(this.current?.mode ?? 'read'),
    );
    this.changes = change.catch(() => undefined);
    return change;
  }

  assertWritable(): void {
    if (this.readOnly) throw new AppError('READ_ONLY', `Case ${this.path} is open read-only.`);
  }

  /** Runs `work` on the lane's reader, on whichever instance is open; a switch waits for it to end. */
  async read<T>(lane: ReadLane, work: (reader: CaseStore) => Promise<T>): Promise<T> {
    let open: OpenCase | null;
    for (;;) {
      while (this.switching) await this.switching;
      if (this.closed) throw new AppError('INTERNAL', `Case ${this.path} is closed.`);
      open = this.current;
      if (open) break;
      // A switch that failed half-way (another program took the case in the gap) left nothing open: try again.
      await this.settle();
    }
    this.reads++;
    try {
      return await work(await readerOf(open, lane));
    } finally {
      if (--this.reads === 0) this.drained?.();
    }
  }

  /** Stops the panel lane's running query (TableFirst runs it again). */
  interruptPanel(): void {
    this.current?.made.panel?.connection.interrupt();
  }

  /**
   * Takes the case for writing, until the matching release(); the first hold switches to the read-write instance,
   * waiting up to writeWaitMs for another program to let go of the file, then fails with CASE_LOCKED.
   */
  async hold(): Promise<void> {
    this.assertWritable();
    this.holds++;
    try {
      await this.settle();
    } catch (error) {
      this.holds--;
      throw error;
    }
  }

  /** The read-write store: only between hold() and release(). */
  get writer(): CaseStore {
    if (this.holds === 0 || this.current?.mode !== 'write')
      throw new AppError('INTERNAL', `Case ${this.path} is not held for writing.`);
    return this.current.base;
  }

  /** Ends a hold; the last one checkpoints and switches back to read-only, letting other programs read the case. */
  release(): Promise<void> {
    this.holds--;
    return this.settle();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.changes.catch(() => undefined);
    await this.drain();
    this.shut();
  }

  /** Brings the open instance in line with the holds, one change at a time. */
  private settle(): Promise<void> {
    const change = this.changes.then(() => (this.closed ? undefined : this.apply()));
    this.changes = change.catch(() => undefined);
    return change;
  }

  private async apply(): Promise<void> {
    const want = this.holds > 0 ? 'write' : 'read';
    if (this.current?.mode === want) return;
    if (want === 'read') {
      await this.switchTo('read');
      return;
    }
    const deadline = Date.now() + this.writeWaitMs;
    for (;;) {
      try {
        await this.switchTo('write');
        return;
      } catch (error) {
        if (!isAppError(error, 'CASE_LOCKED')) throw error;
        // Back to reading between tries, so this program's own reads go on while it waits.
        await this.switchTo('read').catch(() => undefined);
        if (Date.now() >= deadline) throw lockedForWriting(this.path, error.message, this.writeWaitMs);
        await sleep(RETRY_MS);
      }
    }
  }

  /** Closes what is open once its reads have ended, and opens the case in `mode`; reads wait meanwhile. */
  private async switchTo(mode: 'read' | 'write'): Promise<void> {
    let done = () => undefined as void;
    this.switching = new Promise((resolve) => (done = resolve));
    try {
      await this.drain();
      const leaving = this.current;
      // Committed writes go into the file itself before the lock goes: the next program to open it reads no WAL.
      if (leaving?.mode === 'write') await leaving.base.connection.run('CHECKPOINT').catch(() => undefined);
      this.shut();
      // Replaced in the gap (renamed over): a file this program has not checked.
      const shapeChecked = (await fileIdentity(this.path).catch(() => null)) === this.identity;
      this.current = await openCase(this.path, mode, { shapeChecked });
      this.meta = this.current.base.meta;
    } finally {
      this.switching = null;
      done();
    }
  }

  private drain(): Promise<void> {
    if (this.reads === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = () => {
        this.drained = null;
        resolve();
      };
    });
  }

  private shut(): void {
    const open = this.current;
    this.current = null;
    if (open) closeOpenCase(open);
  }
}

/** Only once no read runs: every reader asked for is made by then. */
function closeOpenCase(open: OpenCase): void {
  for (const reader of Object.values(open.made)) reader.close();
  open.base.close();
}

function readerOf(open: OpenCase, lane: ReadLane): Promise<CaseStore> {
  let reader = open.readers[lane];
  if (!reader) {
    reader = open.base.reader().then((made) => (open.made[lane] = made));
    // A reader that could not be made is asked for again by the next read.
    reader.catch(() => delete open.readers[lane]);
    open.readers[lane] = reader;
  }
  return reader;
}

async function fileIdentity(path: string): Promise<string> {
  const { dev, ino } = await stat(path);
  return `${dev}:${ino}`;
}

async function openCase(
  path: string,
  mode: 'read' | 'write',
  options: { lockAsWriter?: boolean; shapeChecked?: boolean } = {},
): Promise<OpenCase> {
  const base = await CaseStore.open(path, { readOnly: mode === 'read', ...options });
  return { mode, base, readers: {}, made: {} };
}

function lockedForWriting(path: string, message: string, waitedMs: number): AppError {
  const pid = /\(pid (\d+)\)/.exec(message)?.[1];
  return new AppError(
    'CASE_LOCKED',
    `Case ${path} is open in another program${pid ? ` (pid ${pid})` : ''}, a \`trailscope\` command or another ` +
      `window, so nothing can be written to it here (waited ${waitedMs / 1000} s). Let that command finish or close ` +
      'the case there, then try again.',
  );
}
