// createEngine: the object that implements the contract (src/shared/contract.ts) over one open case. Queries run
// on a reader connection so they never wait for an import or sync; jobs that write run one at a time on the
// writer, start at once and report on the push channel. Plain Node: the Electron shell, the web bridge and tests
// all drive this same engine.
import { randomUUID } from 'node:crypto';
import type { Channel, PushEvents, Request, Response } from '../../shared/contract';
import type { JobEvent } from '../../shared/domain/jobs';
import { parseQuery, QueryParseError } from '../../shared/domain/query-parser';
import { AppError } from './errors';
import { runJob } from './jobs/job';
import type { SecretStore } from './secrets';
import { importFiles } from './sources/files/import-files';
import { CaseStore } from './store/case-store';
import { decodeCursor, encodeCursor, facetCounts, histogram, queryPage, countMatching } from './store/events-query';
import { caseStats, listRejects } from './store/events-repo';
import { listSources } from './store/sources-repo';
import { syncSource } from './sync/sync';

export type Handlers = { [C in Channel]: (request: Request<C>) => Promise<Response<C>> };

export interface Engine {
  handlers: Handlers;
  /** Subscribe to pushed events; returns the unsubscribe. */
  onPush(listener: (event: PushEvents['job']) => void): () => void;
  close(): Promise<void>;
}

export interface EngineOptions {
  casePath: string;
  secrets: SecretStore;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const writer = await CaseStore.open(options.casePath);
  const reader = await writer.reader();
  const listeners = new Set<(event: JobEvent) => void>();
  const running = new Map<string, AbortController>();
  // Writes share one connection and its transactions: they run one after the other.
  let writeQueue: Promise<unknown> = Promise.resolve();

  const push = (event: JobEvent) => {
    for (const listener of listeners) listener(event);
  };

  /** Starts a writing job behind the ones already queued and returns its id at once. */
  const startJob = (work: (jobId: string, signal: AbortSignal) => Promise<unknown>): { jobId: string } => {
    const jobId = randomUUID();
    const controller = new AbortController();
    running.set(jobId, controller);
    writeQueue = writeQueue
      .then(() => work(jobId, controller.signal))
      // The job's own terminal event already told the renderer how it ended.
      .catch(() => undefined)
      .finally(() => running.delete(jobId));
    return { jobId };
  };

  const scope = (query: string) => {
    try {
      return parseQuery(query);
    } catch (error) {
      // The parser's message already names the column ("… at column 21").
      if (error instanceof QueryParseError) throw new AppError('USAGE', error.message);
      throw error;
    }
  };

  const handlers: Handlers = {
    'case.info': async () => ({
      path: writer.path,
      tenantId: writer.meta.tenantId,
      multiTenant: writer.meta.multiTenant,
      displayTimeZone: writer.meta.displayTimeZone,
      stats: await caseStats(reader),
    }),
    'events.page': async (req) => {
      const page = await queryPage(reader, {
        query: scope(req.query),
        order: req.order,
        limit: req.limit,
        timeZone: req.timeZone,
        after: req.after === undefined ? undefined : decodeCursor(req.after),
        before: req.before === undefined ? undefined : decodeCursor(req.before),
      });
      return {
        events: page.events,
        next: page.next ? encodeCursor(page.next) : null,
        previous: page.previous ? encodeCursor(page.previous) : null,
      };
    },
    'events.count': async (req) => ({ count: await countMatching(reader, scope(req.query), { timeZone: req.timeZone }) }),
    'events.facets': (req) => facetCounts(reader, scope(req.query), { timeZone: req.timeZone, top: req.top }),
    'events.histogram': (req) => histogram(reader, scope(req.query), { timeZone: req.timeZone, by: req.by }),
    'rejects.list': async (req) => ({ rejects: await listRejects(reader, req.limit) }),
    'sources.list': async () => ({
      sources: (await listSources(reader)).map(({ id, kind, name, createdAt, checkpoint }) => ({ id, kind, name, createdAt, checkpoint })),
    }),
    'jobs.import': (req) =>
      Promise.resolve(
        startJob((jobId, signal) =>
          runJob('import', ({ progress }) => importFiles(writer, req.paths, { signal, onProgress: progress }).then(({ objects: _objects, ...summary }) => summary), {
            jobId,
            signal,
            onEvent: push,
          }),
        ),
      ),
    'jobs.sync': (req) =>
      Promise.resolve(
        startJob((jobId, signal) =>
          syncSource(writer, req.sourceId, { secrets: options.secrets, signal, jobId, since: req.since, until: req.until, follow: req.follow, onEvent: push }),
        ),
      ),
    'jobs.cancel': (req) => {
      const controller = running.get(req.jobId);
      controller?.abort();
      return Promise.resolve({ cancelled: controller !== undefined });
    },
  };

  return {
    handlers,
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      for (const controller of running.values()) controller.abort();
      await writeQueue;
      reader.close();
      writer.close();
    },
  };
}

