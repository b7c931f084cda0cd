// The one API between the renderer and the core, declared once: each channel's request and response, and the push
// channel for jobs. The Electron preload and the web bridge are two transports of exactly this. Types only; the
// runtime schemas of the requests are in schemas.ts.
import type {
  ActorLanes,
  CaseStats,
  CaseSummary,
  EventContext,
  Facet,
  FacetName,
  FacetOrder,
  FacetValuesPage,
  LaneRank,
  NotableMarks,
  Histogram,
  NormalizedEvent,
  RejectRow,
  ValueCount,
} from './domain/audit-event';
import type { ValueField } from './domain/query-ast';
import type { ChainHead, ChainScheme, IntegrityCheck, VerificationRecord } from './domain/integrity';
import type { ExportFormat, JournalEntry, PackageCheck, Redaction } from './domain/exports';
import type { FindingsList, RuleFile } from './domain/detections';
import type { AttachmentInfo } from './domain/attachments';
import type { JobEvent } from './domain/jobs';
import type { SavedQuery, SavedQueryDraft } from './domain/saved-queries';
import type { AnnotatedEvent, Annotation, AnnotationChange, TrailEntry, TrailKind } from './domain/evidence';
import type { SecretStorage, SourceDraft } from './domain/source-drafts';
import type { SourceDetails, SourceLane } from './domain/sources';

export interface CaseInfo {
  path: string;
  /** The case's own id (a UUID made at creation): its keychain entries and this user's trust in its sources name it. */
  caseId: string | null;
  tenantId: string;
  multiTenant: boolean;
  displayTimeZone: string;
  stats: CaseSummary;
  /** keychain: `sources.add` takes secret values (desktop); environment: only environment-variable names (serve, CLI). */
  capabilities: { secretStorage: SecretStorage };
  /** Folders of Parquet read beside the case's events (`trailscope case attach`), each with its status. */
  attachments: AttachmentInfo[];
}

/** A query in the language of DESIGN.md §7, as the user typed it: the core parses it, never SQL. */
export interface QueryScope {
  query: string;
  /** IANA zone that times without a zone in the query are read in. */
  timeZone: string;
}

export interface EventsPage {
  events: NormalizedEvent[];
  /** Opaque cursors: pass `next` as `after` to continue, `previous` as `before` to go back. */
  next: string | null;
  previous: string | null;
}

/**
 * Where a job's file goes: `out`, a path on the machine running the core (never replaced without `force`; the desktop
 * app takes only a path its save dialog granted), or — through `trailscope serve`'s web bridge only — `download`, the
 * name the browser saves it under: the bridge writes it to a private folder of its own, and the job's completed
 * summary then carries `path` = that name and `download` = the URL that serves it once. Exactly one of the two.
 */
export interface JobOutput {
  out?: string;
  force?: boolean;
  download?: string;
}

export interface Contract {
  'case.info': { req: Record<string, never>; res: CaseInfo };
  /**
   * Attaches a folder of Hive-partitioned Parquet (a partitioned export) to read beside the case's events; refused,
   * naming the file and the column, unless its files are such an export's. CLI only (CLI_ONLY_CHANNELS).
   */
  'case.attach': { req: { path: string }; res: { attachment: AttachmentInfo } };
  /** Stops reading an attached folder. CLI only. */
  'case.detach': { req: { path: string }; res: { detached: true } };
  'events.page': {
    req: QueryScope & { order: 'asc' | 'desc'; limit: number; after?: string; before?: string };
    res: EventsPage;
  };
  'events.count': { req: QueryScope; res: { count: number } };
  /** One event's country, first uses and session (the detail drawer). */
  'events.context': { req: { tenantId: string; uid: string }; res: EventContext };
  'events.facets': { req: QueryScope & { top: number }; res: { total: number; facets: Record<FacetName, Facet> } };
  /**
   * `for: 'table'` when the table asks (to find where a far scroll lands): it then goes ahead of the panels'
   * questions instead of queueing behind them. `span`: ISO instants the buckets must reach whatever the query
   * matches (the case's span, or the zoomed range), so the chart's x-range does not fit each query.
   */
  'events.histogram': {
    req: QueryScope & { by?: 'outcome' | 'category'; for?: 'table'; span?: { from: string; to: string } };
    res: Histogram;
  };
  /** The top actors' counts on the histogram's buckets (the timeline's lanes), over the same `span`. */
  'events.lanes': {
    req: QueryScope & { top: number; span?: { from: string; to: string }; rank?: LaneRank };
    res: ActorLanes;
  };
  /** A page of one facet's values containing `search`, most or least frequent first (the facet's "show all"). */
  'events.facetValues': {
    req: QueryScope & { field: FacetName; search: string; order: FacetOrder; offset: number; limit: number };
    res: FacetValuesPage;
  };
  /** The histogram's notable lane: security and config events, successes after failures, first IPs, findings. */
  'events.notable': { req: QueryScope & { failuresBefore?: number }; res: NotableMarks };
  /** The top values of a field containing `prefix`, among the query's events (the query bar's autocomplete). */
  'events.values': {
    req: QueryScope & { field: ValueField; prefix: string; limit: number };
    res: { values: ValueCount[] };
  };
  /** The summary plus the `top` (default 10) actions and actors: two group-bys over every event (`trailscope stats`). */
  'case.stats': { req: { top?: number }; res: CaseStats };
  /** Every reject, in the order they were recorded, or the first `limit`. */
  'rejects.list': { req: { limit?: number }; res: { rejects: RejectRow[] } };
  /** Every source the case has data from: the saved ones, then the file imports (kind `files`) once there are any. */
  'sources.list': { req: Record<string, never>; res: { sources: SourceDetails[] } };
  /**
   * One coverage lane per source on the timeline's buckets (bucket i from starts[i] to starts[i + 1], the last to
   * `end`): its events there, whatever the query, and why a bucket without any has none.
   */
  'sources.lanes': { req: { starts: string[]; end: string }; res: { lanes: SourceLane[] } };
  /** Saves a source; secret values are kept in the OS keychain (desktop) or refused (see CaseInfo.capabilities). */
  'sources.add': { req: SourceDraft; res: { source: SourceDetails } };
  /** Removes a source that has never brought anything into the case (its ledger history must stay). */
  'sources.remove': { req: { sourceId: string }; res: { removed: boolean } };
  /** `format`: one of the `--format` choices (`auto`, the default, detects per file; FORMATS.md). */
  'jobs.import': { req: { paths: string[]; format?: string }; res: { jobId: string } };
  /**
   * `fullListing` (S3): list the whole prefix, not only the recent days of date-partitioned folders. `trust`: the
   * user confirmed that this source may send the secret it names to its host (asked after an UNTRUSTED_SOURCE).
   */
  'jobs.sync': {
    req: {
      sourceId: string;
      since?: string;
      until?: string;
      follow?: boolean;
      fullListing?: boolean;
      trust?: boolean;
    };
    res: { jobId: string };
  };
  /**
   * Verifies the case's integrity as a job (`checks` absent: every check the case supports). Its summary is
   * `{ verificationSeq, verdict, findings }`; the full result is stored in `verifications`. `publicKeys`: the JSON
   * `aws cloudtrail list-public-keys` prints (its text). `expectHeads`: chain ends from an earlier verification
   * (a chain now shorter is a truncated tail). `chainSchemes`: other providers' chains, per source.
   */
  'jobs.verify': {
    req: { checks?: IntegrityCheck[]; publicKeys?: string; expectHeads?: ChainHead[]; chainSchemes?: ChainScheme[] };
    res: { jobId: string };
  };
  /** The case's stored verifications, newest first (the first `limit`, default 20). */
  'verifications.list': { req: { limit?: number }; res: { verifications: VerificationRecord[] } };
  'jobs.cancel': { req: { jobId: string }; res: { cancelled: boolean } };
  /**
   * Writes the PDF report of a query to `out` as a job (`force`: replace an existing file). Its summary is
   * `{ path, pages, events, bytes, sha256 }`; the report is journalled. `exportedFiles`: files exported with it,
   * listed with their SHA-256 in its appendix.
   */
  'jobs.report': {
    req: QueryScope &
      JobOutput & {
        exportedFiles?: { name: string; sha256: string; bytes: number }[];
      };
    res: { jobId: string };
  };
  /**
   * Writes a signed evidence package of the query's events to `out` (a zip) as a job. Its summary is
   * `{ path, bytes, sha256, events, files, fingerprint }` (fingerprint: the signing key's, signing-key.ts).
   */
  'jobs.package': { req: JobOutput & { query: string; timeZone?: string }; res: { jobId: string } };
  /**
   * Exports the query's events to a file as a job; its summary is `{ path, format, events, bytes, sha256 }`.
   * `out`: a file in a folder that exists, never overwritten without `force` (or `download`: see JobOutput).
   * `redact`: not with raw or parquet. `partitioned` (parquet only): `out` is a folder of Hive-partitioned files
   * `tenant_id=…/date=YYYY-MM-DD/`; its summary adds `files`, and its sha256 is that of the files' `sha256sum` listing.
   */
  'jobs.export': {
    req: QueryScope &
      JobOutput & {
        format: ExportFormat;
        columns?: string[];
        redact?: Redaction[];
        bom?: boolean;
        partitioned?: boolean;
      };
    res: { jobId: string };
  };
  /**
   * Runs the built-in detection pack and the given rule files (Sigma YAML: their text, never SQL; the core compiles
   * them) as a job; its summary is `{ run, findings, rules, unsupported }` (per-rule findings and times, and every
   * rule that could not run with the reason). The run and its findings are stored in the case and journalled.
   */
  'jobs.detect': { req: { ruleFiles?: RuleFile[] }; res: { jobId: string } };
  /**
   * The latest detection run and its findings, most severe first, with counts per level (`run` null before any).
   * `uidLimit`: each finding's first uids only (its `count` is still all of them): a Sigma rule may flag millions.
   */
  'findings.list': { req: { uidLimit?: number }; res: FindingsList };
  /**
   * Checks an evidence package offline (every file's hash and size, the manifest's signature): `path`, on the machine
   * running the core (the desktop app: only a file chosen in its open dialog), or — through `trailscope serve`'s web
   * bridge only — `upload`, the id POST /api/upload answered for the file's bytes. Exactly one of the two.
   * `publicKey`: the sender's public key (PEM text), to prove who made it, not only that it is whole.
   */
  'packages.verify': { req: { path?: string; upload?: string; publicKey?: string }; res: PackageCheck };
  /** The case journal, oldest first (the last `limit` entries when given). */
  'journal.list': { req: { limit?: number }; res: { entries: JournalEntry[] } };
  /** The case's saved queries, by name. */
  'saved.list': { req: Record<string, never>; res: { saved: SavedQuery[] } };
  /**
   * Saves a query under its name, replacing the one of that name (names are unique per case, any case); the query
   * and range must parse. `previousName`: rename that saved query (refused if `name` is another one's). Journalled.
   */
  'saved.save': { req: SavedQueryDraft & { previousName?: string }; res: { saved: SavedQuery; replaced: boolean } };
  /** Removes the saved query of that name (any case); journalled. */
  'saved.remove': { req: { name: string }; res: { removed: SavedQuery } };
  /**
   * Stars, tags or comments one event (domain/evidence.ts AnnotationChange); journalled. `annotation` null: the
   * event has none left.
   */
  'annotations.set': { req: AnnotationChange; res: { annotation: Annotation | null } };
  /** The case's annotations with their events' summary, in event time order; `total` counts them all. */
  'annotations.list': {
    req: { starredOnly?: boolean; limit?: number };
    res: { annotations: AnnotatedEvent[]; total: number };
  };
  /** Adds a step to the investigation trail (a query that was run, with its count); the same query twice is one. */
  'trail.add': {
    req: { kind: TrailKind; query: string; timeZone: string; count: number | null };
    /** `pending`: the steps not yet written (the engine writes them together, a few seconds later). */
    res: { pending: number };
  };
  /** The investigation trail, oldest first (the newest `limit` entries). */
  'trail.list': { req: { limit?: number }; res: { entries: TrailEntry[]; total: number } };
}

export type Channel = keyof Contract;
export type Request<C extends Channel> = Contract[C]['req'];
export type Response<C extends Channel> = Contract[C]['res'];

/** Pushed from the core to every window / browser tab: progress and the end of every job. */
export interface PushEvents {
  job: JobEvent;
}
