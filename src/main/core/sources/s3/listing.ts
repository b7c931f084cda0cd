// What an S3 sync looks at. The first run lists everything under the prefix. Later runs list in key order but jump,
// inside each date-partitioned folder seen before (`…/<region>/YYYY/MM/DD/…` for CloudTrail, `YYYY/MM/DD/HH/…` for
// GitHub), straight to `lookbackDays` before the newest day seen there (StartAfter), so a bucket with years of
// deliveries is not listed from the start each time, while late deliveries into recent days (other regions,
// `_backfill` digests, delayed objects) are still found. Anything outside a known folder (a new region) is listed
// whole. No delimiter listing is needed, which S3-compatible servers implement unevenly.
import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { throwIfAborted } from '../../errors';
import { s3Failure, type S3Connection } from './s3-client';

export interface Listed {
  key: string;
  etag: string;
  size: number;
  lastModified: string | undefined;
}

/** Newest day (`YYYY/MM/DD`) seen under each date-partitioned folder (its key prefix, ending in `/` or empty). */
export type PartitionState = Record<string, string>;

export interface ListOptions {
  connection: S3Connection;
  bucket: string;
  prefix: string;
  /** Null lists everything: the first run, or a full re-list on request. */
  partitions: PartitionState | null;
  lookbackDays: number;
  signal?: AbortSignal;
  onPage?: (count: number) => void;
}

export interface Listing {
  objects: Listed[];
  /** The state after this listing; save it only once every listed object is in the case. */
  partitions: PartitionState;
}

const DATE_PATH = /(^|\/)(\d{4})\/(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\//;

export async function listForSync(options: ListOptions): Promise<Listing> {
  const objects: Listed[] = [];
  const add = (found: Listed[]) => {
    objects.push(...found);
    options.onPage?.(objects.length);
  };
  // Where each known folder's lookback window starts; keys of that folder before it are jumped over.
  const windows = Object.entries(options.partitions ?? {}).map(([root, day]) => ({
    root,
    from: root + daysBefore(day, options.lookbackDays),
  }));
  let startAfter: string | undefined;
  let token: string | undefined;
  for (;;) {
    const page = await send(options, options.prefix, {
      StartAfter: token ? undefined : startAfter,
      ContinuationToken: token,
    });
    const found = listedOf(page);
    const jump = found.findIndex((o) => windowJump(o.key, windows) !== null);
    if (jump === -1) {
      add(found);
      if (!page.IsTruncated) break;
      token = page.NextContinuationToken;
      continue;
    }
    add(found.slice(0, jump));
    // Continue just before the window of the folder this key is in: a new request, from that key on.
    startAfter = windowJump((found[jump] as Listed).key, windows) as string;
    token = undefined;
  }
  // "First imported wins" must not depend on the order a server lists in; a key met twice is one object.
  const unique = new Map(objects.map((o) => [o.key, o]));
  const sorted = [...unique.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { objects: sorted, partitions: { ...(options.partitions ?? {}), ...partitionsOf(sorted) } };
}

/** The newest day under each date-partitioned folder, from a set of keys. */
export function partitionsOf(objects: Listed[]): PartitionState {
  const state: PartitionState = {};
  for (const { key } of objects) {
    const match = DATE_PATH.exec(key);
    if (!match) continue;
    const root = key.slice(0, match.index + (match[1] ?? '').length);
    const day = `${match[2]}/${match[3]}/${match[4]}`;
    if (!(root in state) || (state[root] as string) < day) state[root] = day;
  }
  return state;
}

/** `YYYY/MM/DD` minus whole days. */
export function daysBefore(day: string, days: number): string {
  const [y, m, d] = day.split('/').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d) - days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
}

/** For a key inside a known folder but before its lookback window, the StartAfter that skips to the window. */
function windowJump(key: string, windows: { root: string; from: string }[]): string | null {
  for (const { root, from } of windows) {
    // Keys sort by day inside a partitioned folder; `from` sorts before every key of its first day.
    if (key.startsWith(root) && key < from) return from;
  }
  return null;
}

async function send(
  options: ListOptions,
  prefix: string,
  extra: { StartAfter?: string; ContinuationToken?: string },
): Promise<ListObjectsV2CommandOutput> {
  throwIfAborted(options.signal);
  const { connection, bucket, signal } = options;
  return connection.client
    .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ...extra }), { abortSignal: signal })
    .catch((error: unknown) => {
      throw s3Failure(error, connection, bucket, `listing prefix "${prefix}"`, signal);
    });
}

function listedOf(page: ListObjectsV2CommandOutput): Listed[] {
  return (page.Contents ?? []).flatMap((item) =>
    // A "folder" placeholder the S3 console makes holds no records.
    item.Key === undefined || (item.Key.endsWith('/') && !item.Size)
      ? []
      : [
          {
            key: item.Key,
            etag: unquote(item.ETag) ?? '',
            size: item.Size ?? 0,
            lastModified: item.LastModified?.toISOString(),
          },
        ],
  );
}

export function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/^"(.*)"$/, '$1');
}
