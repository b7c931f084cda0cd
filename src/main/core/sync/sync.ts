// Runs a saved source's sync as a job (started → progress → one terminal event), S3 or API alike, optionally in
// follow mode: sync, wait the source's poll interval showing how far behind the newest event is, sync again, until
// cancelled. Cancel between or inside runs leaves the case consistent (every batch is its own transaction).
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobEvent, JobProgress } from '@shared/domain/jobs';
import { cancelledError, isAppError, throwIfAborted } from '../errors';
import { runJob } from '../jobs/job';
import { bindSecrets, type SecretStore } from '../secrets';
import type { CaseStore } from '../store/case-store';
import { getSource, type SavedSource } from '../store/sources-repo';
import { syncApi, type ApiSyncSummary } from '../sources/api/api-sync';
import type { RetryPolicy } from '../sources/api/http';
import { sourceDestination } from '../sources/source-summary';

export interface SyncOptions {
  secrets: SecretStore;
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  jobId?: string;
  since?: string;
  until?: string;
  /** Keep polling until cancelled. */
  follow?: boolean;
  retry?: Partial<RetryPolicy>;
  /** S3: list the whole prefix rather than the recent days of each date-partitioned folder. */
  fullListing?: boolean;
  /**
   * Throws when this user has not confirmed that the source may send its secret where it does (the engine's
   * trust check), before every run: a follow-mode job re-reads the source each time.
   */
  authorize?: (source: SavedSource) => Promise<void>;
}

export interface SyncSummary {
  source: string;
  kind: 's3' | 'api';
  runs: number;
  added: number;
  duplicates: number;
  rejected: number;
  /** S3: objects that changed after they were imported (reported, never merged). */
  changed: number;
  [key: string]: unknown;
}

const S3_POLL_SECONDS = 300;

/**
 * Runs one sync run with the case's writer to itself (the engine's turn-taking), handing it the writer for that turn.
 * Called once per run, so in follow mode the case is free while the job waits for its next poll.
 */
export type WriterTurns = <T>(work: (store: CaseStore) => Promise<T>) => Promise<T>;

/** `writer`: the case's store, whose runs go straight ahead, or the engine's turns on it. */
export async function syncSource(
  writer: CaseStore | WriterTurns,
  sourceId: string,
  options: SyncOptions,
): Promise<SyncSummary> {
  const exclusive: WriterTurns = typeof writer === 'function' ? writer : (work) => work(writer);
  // Unknown sources fail here, before the job starts, as they always have.
  if (typeof writer !== 'function') await getSource(writer, sourceId);
  return runJob(
    'sync',
    async ({ signal, progress }) => {
      const summary: SyncSummary = {
        source: sourceId,
        kind: 'api',
        runs: 0,
        added: 0,
        duplicates: 0,
        rejected: 0,
        changed: 0,
      };
      for (;;) {
        // Each run reads the checkpoint the previous one (of this job or another) left, in its own turn.
        const { source, result } = await exclusive(async (store) => {
          throwIfAborted(signal);
          const source = await getSource(store, sourceId);
          await options.authorize?.(source);
          try {
            return { source, result: await runOnce(store, source, { ...options, signal }, progress) };
          } catch (error) {
            if (!signal.aborted && !isAppError(error, 'CANCELLED')) await journalFailure(store, sourceId, error);
            throw error;
          }
        });
        summary.kind = source.kind;
        summary.runs++;
        summary.added += result.added;
        summary.duplicates += result.duplicates;
        summary.rejected += result.rejected;
        summary.changed += result.changed;
        summary['last'] = result.detail;
        if (!options.follow) return summary;
        const pollSeconds = source.kind === 'api' ? source.settings.pollSeconds : S3_POLL_SECONDS;
        progress({
          phase: `up to date; next poll in ${pollSeconds} s`,
          done: summary.runs,
          total: null,
          fraction: null,
          events: summary.added,
          bytes: 0,
          rate: 0,
          etaSeconds: null,
          lagSeconds: result.newestMs === null ? null : Math.max(0, Math.round((Date.now() - result.newestMs) / 1000)),
        });
        try {
          await sleep(pollSeconds * 1000, undefined, { signal });
        } catch {
          throw cancelledError();
        }
      }
    },
    { signal: options.signal, onEvent: options.onEvent, jobId: options.jobId },
  );
}

/**
 * A failed run is journaled, so the Sources panel says so in any later session, until a run completes. Its words
 * are the error's, which name what went wrong (a status, a bucket, an environment variable), never a secret. A
 * journal that cannot be written (the case itself failing) must not hide the sync's own error.
 */
async function journalFailure(store: CaseStore, sourceId: string, error: unknown): Promise<void> {
  const code = isAppError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  await store.journal('sync-failed', { source: sourceId, code, message }).catch(() => undefined);
}

interface RunResult {
  added: number;
  duplicates: number;
  rejected: number;
  changed: number;
  newestMs: number | null;
  detail: Record<string, unknown>;
}

async function runOnce(
  store: CaseStore,
  source: SavedSource,
  options: SyncOptions & { signal: AbortSignal },
  onProgress: (progress: JobProgress) => void,
): Promise<RunResult> {
  // A keychain secret goes only where it was entered for (secrets.ts, bindSecrets).
  const secrets = bindSecrets(options.secrets, sourceDestination(source));
  if (source.kind === 's3') {
    // Loaded on demand: the AWS SDK is large, and most commands (and API syncs) never need it.
    const { syncS3 } = await import('../sources/s3/s3-sync');
    const result = await syncS3(store, source, {
      secrets,
      signal: options.signal,
      onProgress,
      fullListing: options.fullListing,
    });
    return { ...result, changed: result.changed.length, newestMs: null, detail: { ...result } };
  }
  const result: ApiSyncSummary = await syncApi(store, source, {
    secrets,
    signal: options.signal,
    onProgress,
    since: options.since,
    until: options.until,
    retry: options.retry,
  });
  const newest = Object.values(result.newest).flatMap((iso) => (iso ? [Date.parse(iso)] : []));
  return { ...result, changed: 0, newestMs: newest.length > 0 ? Math.max(...newest) : null, detail: { ...result } };
}
