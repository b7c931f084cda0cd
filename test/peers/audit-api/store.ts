// One preset's records as the peer serves them: each record's JSON text written once, when it is added, into large
// append-only buffers (outside the V8 heap, so a million records cost their bytes and GC stays idle), plus typed
// arrays of times for binary search and per-key position lists (tenant, org, application) for the routes' filters.
// Append-only and oldest first, so a position, and a cursor holding one, never moves.
import { compareKeys, type TimeKey } from './time';

class GrowingArray<T extends Float64Array | Uint32Array> {
  length = 0;
  constructor(
    private data: T,
    private readonly make: (capacity: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }
}

const f64 = (capacity: number) => new GrowingArray(new Float64Array(capacity), (n) => new Float64Array(n));
const u32 = (capacity: number) => new GrowingArray(new Uint32Array(capacity), (n) => new Uint32Array(n));

export interface StoreSpec {
  /** Where the record's time is; throws if it has none. */
  timeOf(record: Record<string, unknown>): TimeKey;
  /** Filter keys the record belongs to (e.g. `tenant:acme`); a route serves the view of one key. */
  keysOf?(record: Record<string, unknown>): string[];
}

/** The positions a route can serve, in time order: all records, or those of one key. */
export interface View {
  readonly length: number;
  /** Store position of the view's i-th record. */
  at(i: number): number;
}

const FIRST_CHUNK = 64 * 1024;
const MAX_CHUNK = 8 * 1024 * 1024;
const COMMA = Buffer.from(',');

export class RecordStore {
  private readonly chunks: Buffer[] = [];
  /** Bytes used in the last chunk; records after the first in a chunk are preceded by a comma. */
  private used = 0;
  private readonly chunkOf = u32(1024);
  private readonly startOf = u32(1024);
  private readonly endOf = u32(1024);
  private readonly msOf = f64(1024);
  private readonly nsOf = u32(1024);
  private readonly lists = new Map<string, GrowingArray<Uint32Array>>();
  /** Every record of the preset. */
  readonly all: View;

  constructor(
    private readonly name: string,
    private readonly spec: StoreSpec,
  ) {
    const times = this.msOf;
    this.all = {
      get length() {
        return times.length;
      },
      at: (i) => i,
    };
  }

  get length(): number {
    return this.msOf.length;
  }

  /** Appends records, which must be oldest first and no older than the newest already held. */
  add(records: Iterable<Record<string, unknown>>): void {
    for (const record of records) {
      const time = this.spec.timeOf(record);
      const count = this.length;
      if (count > 0 && compareKeys(this.msOf.get(count - 1), this.nsOf.get(count - 1), time) > 0) {
        throw new Error(`${this.name} records must be oldest first: record #${count} is older than the one before it.`);
      }
      this.write(JSON.stringify(record));
      this.msOf.push(time.ms);
      this.nsOf.push(time.ns);
      for (const key of this.spec.keysOf?.(record) ?? []) {
        let list = this.lists.get(key);
        if (!list) this.lists.set(key, (list = u32(64)));
        list.push(count);
      }
    }
  }

  private write(text: string): void {
    let chunk = this.chunks[this.chunks.length - 1];
    const separator = this.used > 0 ? 1 : 0;
    // text.length * 3 bounds the UTF-8 size; measure exactly only when that bound does not fit.
    if (
      !chunk ||
      (this.used + separator + text.length * 3 > chunk.length &&
        this.used + separator + Buffer.byteLength(text) > chunk.length)
    ) {
      const size = Math.max(Buffer.byteLength(text), Math.min(MAX_CHUNK, (chunk?.length ?? FIRST_CHUNK / 2) * 2));
      chunk = Buffer.allocUnsafeSlow(size);
      this.chunks.push(chunk);
      this.used = 0;
    } else if (separator) {
      chunk[this.used++] = 0x2c;
    }
    const start = this.used;
    this.used += chunk.write(text, start, 'utf8');
    this.chunkOf.push(this.chunks.length - 1);
    this.startOf.push(start);
    this.endOf.push(this.used);
  }

  /** The records of one filter key (empty until records with that key arrive). */
  view(key: string): View {
    const lists = this.lists;
    return {
      get length() {
        return lists.get(key)?.length ?? 0;
      },
      at: (i) => lists.get(key)?.get(i) ?? -1,
    };
  }

  /** First view index whose time is ≥ key (binary search). */
  lowerBound(view: View, key: TimeKey): number {
    let lo = 0;
    let hi = view.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const pos = view.at(mid);
      if (compareKeys(this.msOf.get(pos), this.nsOf.get(pos), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The JSON texts of view indices [from, to), comma-separated, oldest first or (reverse) newest first. Neighbours in
   * one chunk are already adjacent bytes, so an ascending page is usually a single slice.
   */
  join(view: View, from: number, to: number, reverse: boolean): Buffer[] {
    const pieces: Buffer[] = [];
    let runChunk = -1;
    let runStart = 0;
    let runEnd = 0;
    let previous = -2;
    const flush = () => {
      if (runChunk < 0) return;
      if (pieces.length > 0) pieces.push(COMMA);
      pieces.push((this.chunks[runChunk] as Buffer).subarray(runStart, runEnd));
    };
    for (let k = 0; k < to - from; k++) {
      const pos = view.at(reverse ? to - 1 - k : from + k);
      const chunk = this.chunkOf.get(pos);
      if (chunk === runChunk && pos === previous + 1) {
        runEnd = this.endOf.get(pos);
      } else {
        flush();
        runChunk = chunk;
        runStart = this.startOf.get(pos);
        runEnd = this.endOf.get(pos);
      }
      previous = pos;
    }
    flush();
    return pieces;
  }
}
