// The one API between the renderer and the core, declared once: each channel's request and response, and the push
// channel for jobs. The Electron preload and the web bridge are two transports of exactly this. Types only; the
// runtime schemas of the requests are in schemas.ts.
import type { CaseStats, Facet, FacetName, Histogram, NormalizedEvent, RejectRow } from './domain/audit-event';
import type { JobEvent } from './domain/jobs';
import type { SourceInfo } from './domain/sources';

export interface CaseInfo {
  path: string;
  tenantId: string;
  multiTenant: boolean;
  displayTimeZone: string;
  stats: CaseStats;
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

export interface Contract {
  'case.info': { req: Record<string, never>; res: CaseInfo };
  'events.page': {
    req: QueryScope & { order: 'asc' | 'desc'; limit: number; after?: string; before?: string };
    res: EventsPage;
  };
  'events.count': { req: QueryScope; res: { count: number } };
  'events.facets': { req: QueryScope & { top: number }; res: { total: number; facets: Record<FacetName, Facet> } };
  'events.histogram': { req: QueryScope & { by?: 'outcome' | 'category' }; res: Histogram };
  'rejects.list': { req: { limit: number }; res: { rejects: RejectRow[] } };
  'sources.list': { req: Record<string, never>; res: { sources: SourceInfo[] } };
  'jobs.import': { req: { paths: string[] }; res: { jobId: string } };
  'jobs.sync': { req: { sourceId: string; since?: string; until?: string; follow?: boolean }; res: { jobId: string } };
  'jobs.cancel': { req: { jobId: string }; res: { cancelled: boolean } };
}

export type Channel = keyof Contract;
export type Request<C extends Channel> = Contract[C]['req'];
export type Response<C extends Channel> = Contract[C]['res'];

/** Pushed from the core to every window / browser tab: progress and the end of every job. */
export interface PushEvents {
  job: JobEvent;
}
