// createEngine: the object that implements the contract (src/shared/contract.ts) over one open case. Queries run
// on reader connections so they never wait for an import or sync; writes (jobs, saving a source) take turns on
// the writer, start at once and report on the push channel. The case is held for writing only while writes are
// under way (store/shared-case.ts), so other programs can read it meanwhile; a follow-mode sync lets go between polls.
// Plain Node: the Electron shell, the web bridge, the CLI and tests all drive this same engine. What only some
// requests need (file import, sync and with it the HTTP, S3 and Google clients) is loaded when first asked for, so
// a one-shot `trailscope stats` does not pay for it.
import { randomUUID } from 'node:crypto';
import type { CaseInfo, Channel, PushEvents, Request, Response } from '@shared/contract';
import type { JobEvent } from '@shared/domain/jobs';
import { parseQuery, QueryParseError } from '@shared/domain/query-parser';
import { quoteValue } from '@shared/domain/query-edit';
import type { SavedQueryDraft } from '@shared/domain/saved-queries';
import { TRAIL_MAX } from '@shared/domain/evidence';
import { isTimeZone } from '@shared/domain/zoned-time';
import { AppError } from './errors';
import { runJob } from './jobs/job';
import { keychainRef, sealSecret, type SecretStore } from './secrets';
import { FORMAT_CHOICES, type FormatChoice } from './formats/formats';
import { checkDraft, settingsFromDraft } from './sources/source-settings';
import { PRESETS } from './sources/api/presets';
import { laneStates, sourceCoverage } from './sources/source-coverage';
import { describeSource, sourceDestination } from './sources/source-summary';
import { SourceTrust } from './sources/trust';
import { CaseStore } from './store/case-store';
import { SharedCase, type ReadLane } from './store/shared-case';
import {
  actorLanes,
  decodeCursor,
  encodeCursor,
  facetCounts,
  facetValues,
  fieldValues,
  histogram,
  queryPage,
  countMatching,
} from './store/events-query';
import { notableMarks } from './store/notable-query';
import { caseStats, caseSummary, listRejects } from './store/events-repo';
import { sourceBucketCounts, sourceHistories, type SourceHistory } from './store/source-history';
import {
  addSource,
  getSource,
  isUsable,
  listSources,
  nextSourceId,
  removeSource,
  type ListedSource,
  type SavedSource,
} from './store/sources-repo';
import { eventContext } from './store/sessions';
import { attachFolder, detachFolder } from './store/attachments-repo';
import { attachmentGone } from './store/attached-view';
import { TableFirst } from './store/table-first';
import { listVerifications } from './store/verifications-repo';
import { listJournal } from './store/journal-repo';
import { listSavedQueries, removeSavedQuery, saveSavedQuery } from './store/saved-queries-repo';
import { listLatestFindings } from './store/findings-repo';
import { FILE_SOURCE_ID, type SourceDetails } from '@shared/domain/sources';
import { addTrailEntry, listAnnotations, listTrail, setAnnotation } from './store/evidence-repo';
import { SECRET_SLOTS, type SourceDraft } from '@shared/domain/source-drafts';

/** `signal` aborts when the caller has gone (the web bridge's client closed the request): its query is dropped. */
export type Handlers = { [C in Channel]: (request: Request<C>, signal?: AbortSignal) => Promise<Response<C>> };

export interface Engine {
  handlers: Handlers;
  /** Subscribe to pushed events; returns the unsubscribe. */
  onPush(listener: (event: PushEvents['job']) => void): () => void;
  close(): Promise<void>;
}

/** How long the trail's steps wait before they are written (see writeTrail). */
const TRAIL_WRITE_MS = 10_000;

export interface EngineOptions {
  casePath: string;
  secrets: SecretStore;
  /**
   * Open the case read-only: any number of read-only engines (`trailscope query` twice at once) may share a case
   * that no process writes. Requests that write (jobs, adding or removing a source) then fail with READ_ONLY.
   */
  readOnly?: boolean;
  /**
   * This user's config folder, where their trust in the sources of cases is kept (sources/trust.ts): the CLI's
   * `$XDG_CONFIG_HOME/trailscope`, the app's user-data folder. Absent: trust lasts only as long as this engine.
   */
  trustDir?: string;
  /** Where this installation's package signing key is kept (reports/signing-key.ts); absent: no packages. */
  keyDir?: string;
  /** How long a write waits for another program to let go of the case (shared-case.ts WRITE_WAIT_MS); for tests. */
  writeWaitMs?: number;
}

/** Creates a new, empty case bound to one tenant (`trailscope case create`); open it with createEngine. */
export async function createCase(
  path: string,
  options: { tenantId: string; multiTenant?: boolean; sessionGapMinutes?: number },
): Promise<void> {
  const store = await CaseStore.create(path, options);
  store.close();
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const shared = await SharedCase.open(options.casePath, {
    readOnly: options.readOnly,
    writeWaitMs: options.writeWaitMs,
  });
  // Three readers: the table's own questions (its rows and their count), the panels' (histogram, facets, lanes,
  // suggestions) and the rest (case summary, sources, rejects). A connection runs one query at a time, and the
  // panels' connection is interrupted whenever the table asks something (table-first.ts). UX.md §7: the table
  // loads first.
  const lane = new TableFirst({ interrupt: () => shared.interruptPanel() });
  const on =
    (which: ReadLane) =>
    <T>(work: (store: CaseStore) => Promise<T>): Promise<T> =>
      shared.read(which, work);
  const table = on('table');
  const panel = on('panel');
  const read = on('other');
  const listeners = new Set<(event: JobEvent) => void>();
  const running = new Map<
    string,
    { controller: AbortController; sourceId: string | null; follow: boolean; done: Promise<unknown> }
  >();
  const secretStorage = options.secrets.set ? 'keychain' : 'environment';
  const trust = new SourceTrust(options.trustDir ?? null);
  /** The case's id: a writable store always has one (case-store.ts gives an older case its id on open). */
  const caseId = (): string => {
    if (!shared.meta.caseId) throw new AppError('INTERNAL', `Case ${shared.path} has no case id.`);
    return shared.meta.caseId;
  };
  // Writes share one connection and its transactions: they take turns. `tail` is the end of the line. Each turn
  // holds the case for writing from the moment it is asked for (so a request fails at once, with CASE_LOCKED, when
  // another program keeps the case) until the turn ends; the last hold's release lets other programs read again.
  let tail: Promise<unknown> = Promise.resolve();
  let writing = 0;
  const holdWriter = async (): Promise<void> => {
    writing++;
    try {
      await shared.hold();
    } catch (error) {
      writing--;
      throw error;
    }
  };
  /**
   * Takes the turn of a hold already taken with holdWriter. The turn ends once the hold is given back: when the last
   * write's answer arrives, other programs can read the case.
   */
  const inTurn = <T>(work: (writer: CaseStore) => Promise<T>): Promise<T> => {
    const turn = tail
      .then(() => work(shared.writer))
      .finally(async () => {
        writing--;
        // Switching back failed (another program took the case in the gap): the next read opens it again.
        await shared.release().catch(() => undefined);
      });
    tail = turn.catch(() => undefined);
    return turn;
  };
  const exclusive = async <T>(work: (writer: CaseStore) => Promise<T>): Promise<T> => {
    await holdWriter();
    return inTurn(work);
  };
  /**
   * Starts a job that writes: the case is held before its id is returned, so a locked case fails the request and
   * no job starts. Its terminal event waits for the end of its turn, so the case is free when the job says it ended.
   */
  const startWriting = async (
    work: (
      writer: CaseStore,
      jobId: string,
      signal: AbortSignal,
      onEvent: (event: JobEvent) => void,
    ) => Promise<unknown>,
  ): Promise<{ jobId: string }> => {
    await holdWriter();
    return startJob((jobId, signal) => {
      let ending: JobEvent | null = null;
      const onEvent = (event: JobEvent) => {
        if (event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled') ending = event;
        else push(event);
      };
      return inTurn((writer) => work(writer, jobId, signal, onEvent)).finally(() => {
        if (ending) push(ending);
      });
    });
  };

  const push = (event: JobEvent) => {
    for (const listener of listeners) listener(event);
  };

  /** Starts a job and returns its id at once; the work takes the writer itself (whole, or a turn per poll). */
  const startJob = (
    work: (jobId: string, signal: AbortSignal) => Promise<unknown>,
    about: { sourceId?: string; follow?: boolean } = {},
  ): { jobId: string } => {
    const jobId = randomUUID();
    const controller = new AbortController();
    const done = work(jobId, controller.signal)
      // The job's own terminal event already told the renderer how it ended.
      .catch(() => undefined)
      .finally(() => running.delete(jobId));
    running.set(jobId, { controller, sourceId: about.sourceId ?? null, follow: about.follow ?? false, done });
    return { jobId };
  };

  /** The saved sources as the panel shows them; `withImported`: with the file imports, once the ledger has any. */
  const details = async (sources: ListedSource[], withImported = false): Promise<SourceDetails[]> => {
    const histories = await read(sourceHistories);
    const now = Date.now();
    const caseId = shared.meta.caseId;
    const doubts = await Promise.all(
      sources.map((source) =>
        isUsable(source) && caseId ? trust.doubt(caseId, source, options.secrets) : Promise.resolve(null),
      ),
    );
    const saved = sources.map((source, i): SourceDetails => {
      const history = histories.get(source.id);
      const active = [...running.entries()].find(([, job]) => job.sourceId === source.id);
      const usable = isUsable(source);
      const { summary, credentials } = usable
        ? describeSource(source, options.secrets)
        : { summary: 'cannot sync: its saved settings fail a check', credentials: 'none sent' };
      const kind = usable ? source.kind : source.kind === 's3' || source.kind === 'api' ? source.kind : 'unknown';
      const retention = usable && source.kind === 'api' ? PRESETS[source.settings.preset].retentionDays : null;
      return {
        id: source.id,
        kind,
        problem: usable ? null : source.problem,
        name: source.name,
        createdAt: source.createdAt,
        checkpoint: source.checkpoint,
        summary,
        credentials,
        settings: usable ? source.settings : null,
        lastSync: history?.lastSync ?? null,
        lastFailure: history?.lastFailure ?? null,
        coverage: history?.coverage ?? { events: 0, first: null, last: null },
        ...sourceCoverage(kind, history, retention, now),
        doubt: doubts[i] ?? null,
        activeJob: active ? { jobId: active[0], follow: active[1].follow } : null,
      };
    });
    if (!withImported) return saved;
    const savedIds = new Set(sources.map((s) => s.id));
    const files = histories.get(FILE_SOURCE_ID);
    return files?.ledger && !savedIds.has(FILE_SOURCE_ID) ? [...saved, fileDetails(files, now)] : saved;
  };

  /**
   * Saves a source; on the desktop its secret values go to the keychain first, under
   * `case:<case id>:source:<id>:<slot>` and sealed to the source's destination. The user who adds a source trusts it.
   */
  const saveSource = async (writer: CaseStore, draft: SourceDraft): Promise<SavedSource> => {
    // Checked whole before anything is stored: a refused draft leaves no keychain entry behind.
    checkDraft(draft, secretStorage);
    const id = await nextSourceId(writer, draft.kind);
    const values: Record<string, string | undefined> = { ...draft.secrets };
    const slots = SECRET_SLOTS[draft.kind].filter((slot) => {
      const value = values[slot.value];
      return value !== undefined && value !== '' && options.secrets.set !== undefined;
    });
    // The refs are the engine's own (a keychain draft may name none itself: see sourceDraftProblems).
    const refs = Object.fromEntries(slots.map((slot) => [slot.ref, keychainRef(caseId(), id, slot.value)]));
    const { name, settings } = settingsFromDraft({ ...draft, settings: { ...draft.settings, ...refs } } as SourceDraft);
    const unsaved: SavedSource = { id, name, createdAt: '', checkpoint: null, ...settings };
    const destination = sourceDestination(unsaved);
    const stored: string[] = [];
    try {
      for (const slot of slots) {
        const ref = keychainRef(caseId(), id, slot.value);
        await options.secrets.set?.(ref, sealSecret(values[slot.value] ?? '', destination));
        stored.push(ref);
      }
      // Trusted before it is saved: a trust file that cannot be written leaves no source without its secret.
      await trust.grant(caseId(), unsaved, options.secrets);
      return await addSource(writer, name, settings, id);
    } catch (error) {
      for (const ref of stored) await options.secrets.delete?.(ref).catch(() => undefined);
      throw error;
    }
  };
  const caseInfo = async (): Promise<CaseInfo> => ({
    path: shared.path,
    caseId: shared.meta.caseId,
    tenantId: shared.meta.tenantId,
    multiTenant: shared.meta.multiTenant,
    displayTimeZone: shared.meta.displayTimeZone,
    stats: await read(caseSummary),
    capabilities: { secretStorage },
    attachments: shared.attachments,
  });
  /**
   * After an attach or detach (the writer has read the attachments again): every reader remakes its view from them.
   * Their set is the writer's (CaseStore.reader); once the last write ends, the case opens read-only anew anyway.
   */
  const refreshViews = async () => {
    await lane.table(() => table((r) => r.refreshView()));
    await lane.panel(() => panel((r) => r.refreshView()));
    await read((r) => r.refreshView());
  };
  // The investigation trail's steps wait here and are written together: writing takes the case for writing
  // (shared-case.ts), which stops other programs reading it for that moment, and the app adds a step per query run.
  // They are written TRAIL_WRITE_MS after the first, when the trail is read and when the engine closes; a write
  // refused (another program holds the case) keeps them for the next.
  let trailSteps: Request<'trail.add'>[] = [];
  let trailTimer: ReturnType<typeof setTimeout> | null = null;
  const writeTrail = async (): Promise<void> => {
    if (trailTimer) clearTimeout(trailTimer);
    trailTimer = null;
    const steps = trailSteps;
    trailSteps = [];
    if (steps.length === 0) return;
    try {
      await exclusive(async (writer) => {
        for (const step of steps) await addTrailEntry(writer, step);
      });
    } catch (error) {
      trailSteps = [...steps, ...trailSteps].slice(-TRAIL_MAX);
      throw error;
    }
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
    // A folder that went while the case is open would fail every read: asking what the case is (the app's Refresh)
    // opens it again, and the missing one is left out and listed as such.
    'case.info': async () => {
      if (await attachmentGone(shared.attachments)) await shared.reopen();
      return caseInfo();
    },
    // An attachment changes what every read sees: each connection's view of the events is remade once it is recorded.
    'case.attach': async (req) => {
      shared.assertWritable();
      const attachment = await exclusive(async (writer) => {
        const attached = await attachFolder(writer, req.path);
        await writer.reloadAttachments();
        return attached;
      });
      await refreshViews();
      return { attachment: shared.attachments.find((a) => a.path === attachment.path) ?? attachment };
    },
    'case.detach': async (req) => {
      shared.assertWritable();
      await exclusive(async (writer) => {
        await detachFolder(writer, req.path);
        await writer.reloadAttachments();
      });
      await refreshViews();
      return { detached: true };
    },
    'events.page': (req) =>
      lane.table(async () => {
        const page = await table((tableReader) =>
          queryPage(tableReader, {
            query: scope(req.query),
            order: req.order,
            limit: req.limit,
            timeZone: req.timeZone,
            after: req.after === undefined ? undefined : decodeCursor(req.after),
            before: req.before === undefined ? undefined : decodeCursor(req.before),
          }),
        );
        return {
          events: page.events,
          next: page.next ? encodeCursor(page.next) : null,
          previous: page.previous ? encodeCursor(page.previous) : null,
        };
      }),
    'events.count': (req) =>
      lane.table(async () => ({
        count: await table((r) => countMatching(r, scope(req.query), { timeZone: req.timeZone })),
      })),
    'events.context': (req) => lane.table(() => table((r) => eventContext(r, req.tenantId, req.uid))),
    'events.facets': (req, signal) =>
      lane.panel(
        () => panel((r) => facetCounts(r, scope(req.query), { timeZone: req.timeZone, top: req.top })),
        signal,
      ),
    'events.histogram': (req, signal) =>
      req.for === 'table'
        ? lane.table(() => table((r) => histogram(r, scope(req.query), histogramOptions(req))))
        : lane.panel(() => panel((r) => histogram(r, scope(req.query), histogramOptions(req))), signal),
    'events.lanes': (req, signal) =>
      lane.panel(
        () =>
          panel((r) =>
            actorLanes(r, scope(req.query), {
              timeZone: req.timeZone,
              top: req.top,
              rank: req.rank,
              ...(req.span ? { span: req.span } : {}),
            }),
          ),
        signal,
      ),
    'events.facetValues': (req, signal) =>
      lane.panel(
        () =>
          panel((r) =>
            facetValues(r, scope(req.query), {
              timeZone: req.timeZone,
              field: req.field,
              search: req.search,
              order: req.order,
              offset: req.offset,
              limit: req.limit,
            }),
          ),
        signal,
      ),
    'events.notable': (req, signal) =>
      lane.panel(
        () =>
          panel((r) =>
            notableMarks(r, scope(req.query), { timeZone: req.timeZone, failuresBefore: req.failuresBefore }),
          ),
        signal,
      ),
    'events.values': (req, signal) =>
      lane.panel(
        async () => ({
          values: await panel((r) =>
            fieldValues(r, scope(req.query), {
              timeZone: req.timeZone,
              field: req.field,
              prefix: req.prefix,
              limit: req.limit,
            }),
          ),
        }),
        signal,
      ),
    'case.stats': (req) => read((r) => caseStats(r, req.top)),
    'rejects.list': async (req) => ({ rejects: await read((r) => listRejects(r, req.limit)) }),
    'sources.list': async () => ({ sources: await details(await read(listSources), true) }),
    'sources.lanes': async (req, signal) =>
      lane.panel(async () => {
        const [counts, { sources }] = await Promise.all([
          panel((r) => sourceBucketCounts(r, req.starts, req.end)),
          handlers['sources.list']({}),
        ]);
        return {
          lanes: sources
            .filter((source) => source.coverage.events > 0 || source.lastSync !== null)
            .map((source) => {
              const laneCounts = counts.get(source.id) ?? new Array<number>(req.starts.length).fill(0);
              return {
                id: source.id,
                name: source.name,
                kind: source.kind,
                counts: laneCounts,
                states: laneStates(source.kind, source, laneCounts, req.starts, req.end),
              };
            }),
        };
      }, signal),
    'sources.add': async (req) => {
      shared.assertWritable();
      const saved = await exclusive((writer) => saveSource(writer, req));
      const [source] = await details([saved]);
      if (!source) throw new AppError('INTERNAL', `Source ${saved.id} was saved but cannot be read back.`);
      return { source };
    },
    'sources.remove': async (req) => {
      shared.assertWritable();
      if ([...running.values()].some((job) => job.sourceId === req.sourceId)) {
        throw new AppError('USAGE', `Source ${req.sourceId} is syncing; cancel the sync before removing it.`);
      }
      const removed = await exclusive((writer) => removeSource(writer, req.sourceId));
      // Only this case's own entries: the reference names the case, so another case's api-1 keeps its secret.
      for (const slot of SECRET_SLOTS[removed.kind])
        await options.secrets.delete?.(keychainRef(caseId(), removed.id, slot.value)).catch(() => undefined);
      return { removed: true };
    },
    'jobs.import': async (req) => {
      shared.assertWritable();
      const format = formatChoice(req.format);
      const { importFiles } = await import('./sources/files/import-files');
      return startWriting((writer, jobId, signal, onEvent) =>
        runJob(
          'import',
          ({ progress }) =>
            importFiles(writer, req.paths, { format, signal, onProgress: progress }).then(
              ({ objects: _objects, ...summary }) => summary,
            ),
          { jobId, signal, onEvent },
        ),
      );
    },
    'jobs.sync': async (req) => {
      shared.assertWritable();
      // Before the job starts: an untrusted source is refused at once (the app then asks), and nothing is sent.
      const source = await read((r) => getSource(r, req.sourceId));
      if (req.trust) await trust.grant(caseId(), source, options.secrets);
      else await trust.check(caseId(), source, options.secrets);
      const { syncSource } = await import('./sync/sync');
      // The first run's hold is taken now, so a case another program keeps fails the request, not a started job.
      const queued = writing > 0;
      await holdWriter();
      let firstHold = true;
      return startJob(
        (jobId, signal) =>
          syncSource(
            // Each run takes its turn on the writer; between follow-mode polls imports and other syncs go ahead.
            (work) => {
              if (firstHold) {
                firstHold = false;
                if (queued) push(queuedProgress(jobId));
                return inTurn(work);
              }
              if (writing > 0) push(queuedProgress(jobId));
              return exclusive(work);
            },
            req.sourceId,
            {
              secrets: options.secrets,
              signal,
              jobId,
              since: req.since,
              until: req.until,
              follow: req.follow,
              fullListing: req.fullListing,
              onEvent: push,
              authorize: (current) => trust.check(caseId(), current, options.secrets),
            },
          ).finally(async () => {
            // A job that ended before its first run (cancelled at once) gives back the hold taken for it.
            if (firstHold) {
              firstHold = false;
              writing--;
              await shared.release().catch(() => undefined);
            }
          }),
        { sourceId: req.sourceId, follow: req.follow ?? false },
      );
    },
    // A verification is recorded (who verified what, when): it needs the writer, as an import does, and takes its
    // turn on it so the case does not change under the checks. A read-only engine refuses (READ_ONLY).
    'jobs.verify': async (req) => {
      shared.assertWritable();
      const { verifyCase } = await import('./integrity/verify-job');
      return startWriting((writer, jobId, signal, onEvent) =>
        runJob(
          'verify',
          (context) =>
            verifyCase(writer, {
              checks: req.checks,
              publicKeys: req.publicKeys,
              expectHeads: req.expectHeads,
              chainSchemes: req.chainSchemes,
              signal: context.signal,
              onProgress: context.progress,
            }),
          { jobId, signal, onEvent },
        ),
      );
    },
    'verifications.list': async (req) => ({ verifications: await read((r) => listVerifications(r, req.limit)) }),
    'jobs.cancel': (req) => {
      const job = running.get(req.jobId);
      job?.controller.abort();
      return Promise.resolve({ cancelled: job !== undefined });
    },
    // A report is journalled, so it needs the writer; its turn on it keeps the case still while it is written.
    'jobs.report': async (req) => {
      shared.assertWritable();
      const out = outPath(req);
      scope(req.query); // a query that does not parse is refused before a job starts
      const { writeReport } = await import('./reports/report-pdf');
      return startWriting((writer, jobId, signal, onEvent) =>
        runJob(
          'report',
          async (context) => ({
            ...(await writeReport(writer, {
              scope: { query: req.query, timeZone: req.timeZone },
              out,
              force: req.force,
              exportedFiles: req.exportedFiles,
              signal: context.signal,
              onProgress: context.progress,
            })),
          }),
          { jobId, signal, onEvent },
        ),
      );
    },
    // A package is journalled (who packaged what, its hash): it takes its turn on the writer, as a verification does.
    'jobs.package': async (req) => {
      shared.assertWritable();
      const out = outPath(req);
      const keyDir = options.keyDir;
      if (keyDir === undefined)
        throw new AppError(
          'USAGE',
          'Packages are made with `trailscope package`: this engine has no signing key folder.',
        );
      scope(req.query);
      const [{ buildPackage }, { exportEvents }, { writeReport }] = await Promise.all([
        import('./reports/package'),
        import('./reports/export'),
        import('./reports/report-pdf'),
      ]);
      const packageScope = { query: req.query, timeZone: req.timeZone ?? shared.meta.displayTimeZone };
      return startWriting((writer, jobId, signal, onEvent) => {
        // The events as a spreadsheet and byte for byte as received, then the report, whose appendix lists both.
        const exported: { name: string; sha256: string; bytes: number }[] = [];
        const exportFile =
          (name: string, format: 'csv' | 'raw') =>
          async (path: string, fileSignal: AbortSignal): Promise<void> => {
            const { sha256, bytes } = await exportEvents(writer, {
              scope: packageScope,
              format,
              out: path,
              force: true,
              signal: fileSignal,
            });
            exported.push({ name, sha256, bytes });
          };
        return runJob(
          'package',
          async (context) => ({
            ...(await buildPackage(writer, {
              scope: packageScope,
              out,
              force: req.force,
              signal: context.signal,
              onProgress: context.progress,
              keyDir,
              files: [
                { name: 'events.csv', write: exportFile('events.csv', 'csv') },
                { name: 'events.ndjson', write: exportFile('events.ndjson', 'raw') },
                {
                  name: 'report.pdf',
                  write: async (path, fileSignal) => {
                    await writeReport(writer, {
                      scope: packageScope,
                      out: path,
                      force: true,
                      signal: fileSignal,
                      exportedFiles: exported,
                    });
                  },
                },
              ],
            })),
          }),
          { jobId, signal, onEvent },
        );
      });
    },
    // An export is journalled, so it needs the writer; it reads on a connection of its own and takes its turn so
    // the events it writes are those of one moment. The query is checked before the job starts (a typo is USAGE).
    'jobs.export': async (req) => {
      shared.assertWritable();
      const out = outPath(req);
      scope(req.query);
      const { exportEvents } = await import('./reports/export');
      return startWriting((writer, jobId, signal, onEvent) =>
        runJob(
          'export',
          (context) =>
            exportEvents(writer, {
              scope: { query: req.query, timeZone: req.timeZone },
              format: req.format,
              out,
              columns: req.columns,
              redact: req.redact,
              bom: req.bom,
              partitioned: req.partitioned,
              force: req.force,
              signal: context.signal,
              onProgress: context.progress,
            }),
          { jobId, signal, onEvent },
        ),
      );
    },
    // Findings are stored (which rules ran, what they flagged): a run needs the writer, and takes its turn on it so
    // the case does not change under the rules. The rules' queries run on a reader of their own.
    'jobs.detect': async (req) => {
      shared.assertWritable();
      const { detect } = await import('./detections/detect-job');
      return startWriting((writer, jobId, signal, onEvent) =>
        runJob(
          'detect',
          (context) =>
            detect(writer, { ruleFiles: req.ruleFiles, signal: context.signal, onProgress: context.progress }),
          { jobId, signal, onEvent },
        ),
      );
    },
    'findings.list': (req) => read((r) => listLatestFindings(r, req.uidLimit)),
    'journal.list': async (req) => ({ entries: await read((r) => listJournal(r, req.limit)) }),
    'saved.list': async () => ({ saved: await read(listSavedQueries) }),
    // Saving is a change to the case, journalled like the others: the writer's, in turn; READ_ONLY on a reader.
    'saved.save': async ({ previousName, ...draft }) => {
      shared.assertWritable();
      checkSavedDraft(draft, scope);
      return exclusive((writer) => saveSavedQuery(writer, draft, previousName));
    },
    'saved.remove': async (req) => {
      shared.assertWritable();
      return { removed: await exclusive((writer) => removeSavedQuery(writer, req.name)) };
    },
    // Annotations are the analyst's findings on the events: a change to the case, journalled, on the writer in turn.
    'annotations.set': async (req) => {
      shared.assertWritable();
      return { annotation: await exclusive((writer) => setAnnotation(writer, req)) };
    },
    'annotations.list': (req) => read((r) => listAnnotations(r, req)),
    // A step per query run (not per keystroke); a query that does not parse is no step.
    'trail.add': async (req) => {
      shared.assertWritable();
      scope(req.query);
      if (!isTimeZone(req.timeZone)) throw new AppError('USAGE', `Unknown time zone "${req.timeZone}".`);
      trailSteps.push(req);
      trailTimer ??= setTimeout(() => void writeTrail().catch(() => undefined), TRAIL_WRITE_MS).unref();
      return { pending: trailSteps.length };
    },
    'trail.list': async (req) => {
      if (trailSteps.length > 0) await writeTrail();
      return read((r) => listTrail(r, req.limit));
    },
    // Reads a zip, not the case: the same check as `trailscope verify-package`.
    'packages.verify': async (req) => {
      if (req.path === undefined)
        throw new AppError('USAGE', 'Only the browser UI of `trailscope serve` takes uploads: name the package file.');
      const { verifyPackage } = await import('./reports/verify-package');
      return verifyPackage(req.path, req.publicKey === undefined ? {} : { publicKeyPem: req.publicKey });
    },
  };

  return {
    handlers,
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await writeTrail().catch(() => undefined);
      const jobs = [...running.values()];
      for (const job of jobs) job.controller.abort();
      await Promise.all(jobs.map((job) => job.done));
      await tail;
      await shared.close();
    },
  };
}

/**
 * What a saved query must be to be kept: a query that parses (through the engine's `scope`, as a query to run
 * would), range ends that `after:`/`before:` read, a zone DuckDB knows, and each column once.
 */
function checkSavedDraft(draft: SavedQueryDraft, scope: (query: string) => unknown): void {
  scope(draft.query);
  for (const [end, field, value] of [
    ['start', 'after', draft.from],
    ['end', 'before', draft.to],
  ] as const) {
    if (value === null) continue;
    try {
      parseQuery(`${field}:${quoteValue(value)}`);
    } catch (error) {
      if (!(error instanceof QueryParseError)) throw error;
      throw new AppError(
        'USAGE',
        `The range's ${end} "${value}" is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z|±HH:MM].`,
      );
    }
  }
  if (draft.zone !== null && !isTimeZone(draft.zone))
    throw new AppError(
      'USAGE',
      `Unknown time zone "${draft.zone}": give an IANA zone name such as UTC or Europe/Berlin.`,
    );
  const twice = draft.columns?.find((column, i) => draft.columns?.indexOf(column) !== i);
  if (twice !== undefined) throw new AppError('USAGE', `The column "${twice}" is listed twice.`);
}

/**
 * The file a job writes. A `download` is the web bridge's to turn into a path of its own (web/bridge-files.ts): one that
 * reaches the engine came through a transport that makes no downloads.
 */
function outPath(req: { out?: string; download?: string }): string {
  if (req.out === undefined)
    throw new AppError('USAGE', 'Only the browser UI of `trailscope serve` makes downloads: name the file to write.');
  return req.out;
}

/** A `--format` choice, checked here because the contract carries it as text. */
function formatChoice(format: string | undefined): FormatChoice {
  if (format === undefined) return 'auto';
  if (!(FORMAT_CHOICES as readonly string[]).includes(format))
    throw new AppError('USAGE', `Unknown format "${format}": use ${FORMAT_CHOICES.join(', ')}.`);
  return format as FormatChoice;
}

/** What a sync waiting for the writer reports, so the panel can say "Queued" rather than look stuck. */
function queuedProgress(jobId: string): JobEvent {
  return {
    type: 'progress',
    jobId,
    phase: 'queued: waiting for another import or sync to finish',
    done: 0,
    total: null,
    events: 0,
    bytes: 0,
    fraction: null,
    rate: 0,
    etaSeconds: null,
  };
}

/** A histogram request's options for the store (exactOptionalPropertyTypes: an absent span stays absent). */
function histogramOptions(req: Request<'events.histogram'>): Parameters<typeof histogram>[2] {
  return { timeZone: req.timeZone, by: req.by, ...(req.span ? { span: req.span } : {}) };
}

/** Every file import, as one source: nothing to sync, so no settings, credentials, trust or job. */
function fileDetails(history: SourceHistory, now: number): SourceDetails {
  const objects = history.ledger?.objects ?? 0;
  return {
    id: FILE_SOURCE_ID,
    kind: 'files',
    problem: null,
    name: 'Imported files',
    createdAt: history.ledger?.first ?? '',
    checkpoint: null,
    summary: `${objects.toLocaleString('en-US')} ${objects === 1 ? 'file' : 'files'} imported from disk`,
    credentials: 'none sent',
    settings: null,
    lastSync: history.lastSync,
    lastFailure: null,
    coverage: history.coverage,
    ...sourceCoverage('files', history, null, now),
    doubt: null,
    activeJob: null,
  };
}
