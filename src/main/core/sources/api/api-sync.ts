// Sync of an audit-log API source into a case: per stream, pages are fetched (ahead of the store, bounded) and
// ingested through the same mappings as files, each batch of pages in one transaction together with the checkpoint
// that says where to continue. A killed run resumes from that checkpoint: no gap, and dedup absorbs any overlap.
import type { JobProgress } from '@shared/domain/jobs';
import type { ApiSourceSettings } from '@shared/domain/sources';
import { AppError, isAppError, throwIfAborted } from '../../errors';
import { ProgressMeter } from '../../jobs/job';
import { requireSecret, type SecretStore } from '../../secrets';
import type { CaseStore } from '../../store/case-store';
import type { SavedSource } from '../../store/sources-repo';
import { IngestBatcher } from '../ingest-batcher';
import { prepareObject } from '../read-object';
import {
  DEFAULT_RETRY,
  fetchJson,
  redactUrl,
  type Credential,
  type HttpRequest,
  type HttpResponse,
  type RetryPolicy,
} from './http';
import { PRESETS, resolveBaseUrl, type Preset, type StreamContext, type TimeWindow } from './presets';

export interface ApiSyncOptions {
  secrets: SecretStore;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** An explicit window, passed to the server as given; without one a run continues from the checkpoint. */
  since?: string;
  until?: string;
  retry?: Partial<RetryPolicy>;
  /** Largest response body read (default MAX_API_BODY_BYTES, read-limits.ts). */
  maxBodyBytes?: number;
}

export interface ApiSyncSummary {
  pages: number;
  added: number;
  duplicates: number;
  rejected: number;
  bytes: number;
  /** Newest event time seen per stream (ISO), after this run. */
  newest: Record<string, string | null>;
  [key: string]: unknown;
}

/** Where a stream stands. Saved as part of the source's checkpoint, in the same transaction as the events. */
export interface StreamCheckpoint {
  /** Newest event time (ISO) of every completed incremental window: the next run starts there (minus the overlap). */
  highWater: string | null;
  /** A window in progress: the request to send next, so a killed run continues where it stopped. */
  pending: { window: TimeWindow; next: HttpRequest; maxSeen: string | null } | null;
  /** Where a caught-up stream polls next, for APIs that keep a cursor (1Password). */
  continuation: HttpRequest | null;
}

export interface ApiCheckpoint {
  streams: Record<string, StreamCheckpoint>;
}

/** What a batch keeps of a page until it commits: where the stream stands after it. */
interface PageMark {
  next: HttpRequest | null;
  /** The last page of a window: where the stream continues next run (the preset's continuation). */
  continuation: HttpRequest | null;
  maxSeenMs: number | null;
}

interface FetchedPage extends PageMark {
  request: HttpRequest;
  /**
   * The page as received, until its records are spooled: not its parsed JSON, which costs far more memory while the
   * page waits, and not kept by the batch (491 pages of 720 KB, two batches at once: 1.2 GB peak RSS).
   */
  body: Buffer;
  records: number;
}

/** Pages fetched ahead of the store. Their records wait in the spool, so a page held costs its body only. */
const READ_AHEAD_PAGES = 64;
/**
 * A batch closes by the batch rules (four row groups, as file import's), or once no page has come for this long: a
 * slow API's pages are stored as they come rather than held. Batches of what was waiting (16–32 pages, each its own
 * transaction through the WAL) had made a 1M sync 0.61× the import of the same records.
 */
const IDLE_FLUSH_MS = 200;
const MAX_PAGES_PER_BATCH = 512;
/** A server that keeps sending the same next request is looping; stop rather than spin. */
const MAX_SAME_REQUEST = 3;

export async function syncApi(store: CaseStore, source: SavedSource, options: ApiSyncOptions): Promise<ApiSyncSummary> {
  if (source.kind !== 'api') throw new AppError('INTERNAL', `Source ${source.id} is not an API source.`);
  store.assertWritable();
  const settings = source.settings;
  const preset = PRESETS[settings.preset];
  const baseUrl = resolveBaseUrl(settings);
  const credential = await credentialFor(settings, preset, options.secrets, new URL(baseUrl).origin);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const checkpoint = normalizeCheckpoint(source.checkpoint);
  const summary: ApiSyncSummary = { pages: 0, added: 0, duplicates: 0, rejected: 0, bytes: 0, newest: {} };
  const meter = new ProgressMeter();
  let lastIssue: string | null = null;
  const report = (phase: string) =>
    options.onProgress?.(
      meter.measure({ phase, done: summary.pages, events: summary.added, bytes: summary.bytes }, { lastIssue }),
    );

  const streams = settings.streams.length > 0 ? settings.streams : preset.defaultStreams;
  for (const stream of streams) {
    throwIfAborted(options.signal);
    const context: StreamContext = {
      settings,
      baseUrl,
      stream,
      pageSize: Math.min(settings.pageSize, preset.maxPageSize),
    };
    const fetchContext = {
      credential,
      retry,
      provider: preset.provider,
      maxBodyBytes: options.maxBodyBytes,
      onRetry: (issue: string) => {
        lastIssue = `${stream}: ${issue}`;
        report(`${stream}: waiting to retry`);
      },
    };
    await syncStream({
      store,
      source,
      preset,
      context,
      checkpoint,
      summary,
      options,
      report,
      fetchPage: (r, signal) => fetchJson(r, { ...fetchContext, signal }),
    });
    summary.newest[stream] = checkpoint.streams[stream]?.highWater ?? null;
  }
  await store.journal('sync', {
    source: source.id,
    preset: settings.preset,
    since: options.since ?? null,
    until: options.until ?? null,
    pages: summary.pages,
    added: summary.added,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
  });
  return summary;
}

interface StreamRun {
  store: CaseStore;
  source: SavedSource;
  preset: Preset;
  context: StreamContext;
  checkpoint: ApiCheckpoint;
  summary: ApiSyncSummary;
  options: ApiSyncOptions;
  report: (phase: string) => void;
  fetchPage: (request: HttpRequest, signal: AbortSignal) => Promise<HttpResponse>;
}

async function syncStream(run: StreamRun): Promise<void> {
  const { preset, context, checkpoint, options } = run;
  const stream = context.stream;
  const state: StreamCheckpoint = (checkpoint.streams[stream] ??= {
    highWater: null,
    pending: null,
    continuation: null,
  });
  const explicit = options.since !== undefined || options.until !== undefined;
  const window: TimeWindow = explicit
    ? { since: options.since ?? null, until: options.until ?? null }
    : { since: overlapStart(state.highWater, context.settings.overlapSeconds), until: null };

  let request: HttpRequest;
  let resumed = false;
  // A checkpoint is read from the case file: a request it saved that leaves the base URL's origin is not followed.
  const onOrigin = (saved: HttpRequest) => sameOrigin(saved.url, context.baseUrl);
  if (state.pending && sameWindow(state.pending.window, window) && onOrigin(state.pending.next)) {
    request = state.pending.next;
    resumed = true;
  } else if (!explicit && state.continuation && preset.continuation && onOrigin(state.continuation)) {
    request = state.continuation;
  } else {
    request = preset.first(context, window);
  }
  let maxSeenMs = resumed ? msOrNull(state.pending?.maxSeen ?? null) : null;

  const queue: FetchedPage[] = [];
  let producerDone = false;
  let producerError: unknown = null;
  let stopped = false;
  const stopProducer = new AbortController();
  const producerSignal = options.signal ? AbortSignal.any([options.signal, stopProducer.signal]) : stopProducer.signal;
  // Each side parks on a promise the other side resolves: the consumer waits for a page, the producer for room.
  const waiters: { page: (() => void) | null; room: (() => void) | null } = { page: null, room: null };
  const signalConsumer = () => {
    waiters.page?.();
    waiters.page = null;
  };
  const signalProducer = () => {
    waiters.room?.();
    waiters.room = null;
  };

  const produce = async () => {
    let current: HttpRequest | null = request;
    let repeats = 0;
    let previousKey = '';
    while (current && !stopped) {
      let response: HttpResponse;
      try {
        response = await run.fetchPage(current, producerSignal);
      } catch (error) {
        // A saved cursor can expire between runs: start the window again (dedup drops what is already here).
        if (resumed && isAppError(error, 'REMOTE') && /HTTP 4\d\d/.test(error.message)) {
          resumed = false;
          current = preset.first(context, window);
          continue;
        }
        throw error;
      }
      resumed = false;
      const records = preset.records(response.json);
      let pageMax: number | null = null;
      for (const record of records) {
        const ms = preset.timeMs(record);
        if (ms !== null && (pageMax === null || ms > pageMax)) pageMax = ms;
      }
      const next = preset.next(context, response, current);
      const key = next ? requestKey(next) : '';
      repeats = key !== '' && key === previousKey ? repeats + 1 : 0;
      if (repeats >= MAX_SAME_REQUEST) {
        throw new AppError(
          'REMOTE',
          `${preset.provider} keeps answering ${describe(current)} with the same next page; stopping.`,
        );
      }
      previousKey = key;
      queue.push({
        request: current,
        body: response.body,
        records: records.length,
        next,
        continuation: next ? null : (preset.continuation?.(context, response) ?? null),
        maxSeenMs: pageMax,
      });
      signalConsumer();
      current = next;
      while (queue.length >= READ_AHEAD_PAGES && !stopped)
        await new Promise<void>((resolve) => (waiters.room = resolve));
    }
  };
  const producer = produce()
    .catch((error: unknown) => {
      producerError = error;
    })
    .finally(() => {
      producerDone = true;
      signalConsumer();
    });

  // A batch's pages move the stream's checkpoint, saved with their events (or alone, when they hold none).
  const batcher = new IngestBatcher<PageMark>(run.store, {
    sourceId: run.source.id,
    job: 'sync',
    signal: options.signal,
    // The next pages are fetched and checked while DuckDB stores a batch whose records are spooled.
    overlap: true,
    // Pages of 1000 records: four row groups' worth, as an import's batch (at 64 units, half a row group).
    maxUnits: MAX_PAGES_PER_BATCH,
    totals: run.summary,
    checkpoint: (pages) => {
      for (const page of pages) {
        if (page.maxSeenMs !== null && (maxSeenMs === null || page.maxSeenMs > maxSeenMs)) maxSeenMs = page.maxSeenMs;
      }
      const last = pages.at(-1);
      if (last?.next) {
        state.pending = { window, next: last.next, maxSeen: isoOrNull(maxSeenMs) };
      } else if (last) {
        state.pending = null;
        // An explicit window that ends in the past says nothing about where the stream stands now.
        if (!(explicit && window.until !== null)) state.highWater = maxIso(state.highWater, isoOrNull(maxSeenMs));
        state.continuation = last.continuation;
      }
      return checkpoint;
    },
  });
  try {
    // A page's records wait in a private spool for their batch, as S3 sync's do, not as strings in memory (a batch
    // holds up to four row groups' records). No spool folder, no sync: an IO error, as S3 sync's.
    await batcher.openSpool('trailscope-api-');
    for (;;) {
      if (queue.length === 0) {
        if (producerDone) break;
        let idle: NodeJS.Timeout | undefined;
        const arrived = await new Promise<boolean>((resolve) => {
          waiters.page = () => resolve(true);
          idle = setTimeout(() => resolve(false), IDLE_FLUSH_MS);
        });
        clearTimeout(idle);
        if (!arrived && queue.length === 0) await batcher.flush();
        continue;
      }
      const pages = queue.splice(0);
      signalProducer();
      for (const page of pages) await addPage(run, batcher, page);
      run.report(`${stream}: page ${run.summary.pages}`);
    }
    await batcher.finish();
  } finally {
    // The producer must not keep fetching for a run that is over.
    if (!producerDone) {
      stopped = true;
      stopProducer.abort();
      signalProducer();
    }
    await producer;
    await batcher.close();
  }
  if (producerError) throw producerError;
  throwIfAborted(options.signal);
}

async function addPage(run: StreamRun, batcher: IngestBatcher<PageMark>, page: FetchedPage): Promise<void> {
  run.summary.pages++;
  run.summary.bytes += page.body.length;
  const mark: PageMark = { next: page.next, continuation: page.continuation, maxSeenMs: page.maxSeenMs };
  if (page.records === 0) return await batcher.add(null, mark, { contentBytes: 0 });
  const prepared = await prepareObject(describe(page.request), page.body, {
    format: run.preset.format,
    spoolPath: batcher.spoolFile(`${run.summary.pages}.records`),
    info: { cursorFrom: describe(page.request), ...(page.next ? { cursorTo: describe(page.next) } : {}) },
  });
  await batcher.add(prepared.unit, mark, { contentBytes: prepared.contentBytes });
}

async function credentialFor(
  settings: ApiSourceSettings,
  preset: Preset,
  secrets: SecretStore,
  destination: string,
): Promise<Credential> {
  if (settings.preset === 'google-workspace' && settings.serviceAccountKeyRef) {
    const origin = secrets.describe(settings.serviceAccountKeyRef);
    const keyText = await requireSecret(secrets, settings.serviceAccountKeyRef, 'This Google Workspace source');
    const token = await serviceAccountToken(keyText, settings.subject, origin);
    return { authorization: preset.authorization(token), origin, destination, secrets: [token, keyText] };
  }
  if (!settings.tokenRef)
    throw new AppError('USAGE', `This ${preset.provider} source has no token reference (--token-env).`);
  // The generic preset's provider is "The audit-log API": say "This audit-log API source", not "This The …".
  const purpose = settings.preset === 'generic' ? 'This audit-log API source' : `This ${preset.provider} source`;
  const token = await requireSecret(secrets, settings.tokenRef, purpose);
  return {
    authorization: preset.authorization(token),
    origin: secrets.describe(settings.tokenRef),
    destination,
    secrets: [token],
  };
}

/** An access token for a service account that impersonates `subject` (domain-wide delegation), via google-auth-library. */
async function serviceAccountToken(keyText: string, subject: string | null, origin: string): Promise<string> {
  let key: { client_email?: string; private_key?: string };
  try {
    key = JSON.parse(keyText) as typeof key;
  } catch {
    throw new AppError('AUTH', `The service-account key in ${origin} is not JSON.`);
  }
  if (!key.client_email || !key.private_key)
    throw new AppError('AUTH', `The service-account key in ${origin} has no client_email or private_key.`);
  if (!subject)
    throw new AppError('USAGE', 'A Google Workspace service account needs --subject (an admin to impersonate).');
  const { JWT } = await import('google-auth-library');
  const client = new JWT({
    email: key.client_email,
    key: key.private_key,
    subject,
    scopes: ['https://www.googleapis.com/auth/admin.reports.audit.readonly'],
  });
  try {
    const { token } = await client.getAccessToken();
    if (!token) throw new Error('no token returned');
    return token;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'AUTH',
      `Google refused the service account ${key.client_email} from ${origin} acting as ${subject}: ${message.split(key.private_key).join('[redacted]')}`,
    );
  }
}

function normalizeCheckpoint(value: unknown): ApiCheckpoint {
  const streams = (value as Partial<ApiCheckpoint> | null)?.streams;
  return { streams: typeof streams === 'object' && streams !== null ? { ...streams } : {} };
}

function overlapStart(highWater: string | null, overlapSeconds: number): string | null {
  const ms = msOrNull(highWater);
  return ms === null ? null : new Date(ms - overlapSeconds * 1000).toISOString();
}

function sameOrigin(url: string, baseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}
const sameWindow = (a: TimeWindow, b: TimeWindow) => a.since === b.since && a.until === b.until;
const msOrNull = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const maxIso = (a: string | null, b: string | null) =>
  a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b;
const requestKey = (r: HttpRequest) => `${r.method} ${r.url} ${r.body ?? ''}`;

/** How a page is named in the ledger and in source_ref: the request that fetched it (no credential is ever in it). */
function describe(request: HttpRequest): string {
  return `${request.method} ${redactUrl(request.url)}${request.body ? ` ${request.body}` : ''}`;
}
