// A case's saved sources (S3 deliveries, audit-log APIs): their settings and checkpoints. Settings hold references
// to secrets (an environment variable's name, a key in the OS keychain), never a secret itself.

export const API_PRESETS = ['generic', 'github', 'okta', 'slack', 'onepassword', 'google-workspace'] as const;
export type ApiPreset = (typeof API_PRESETS)[number];

export interface S3SourceSettings {
  bucket: string;
  /** The plain S3 list prefix. */
  prefix: string;
  region: string;
  /** Any S3-compatible endpoint; null = AWS. */
  endpoint: string | null;
  pathStyle: boolean;
  /** Format override for every object (`auto` detects per object). */
  format: string;
  /** Named AWS profile; null = the default credential chain. */
  profile: string | null;
  /** Secret references for explicit keys; null = the default credential chain. */
  accessKeyIdRef: string | null;
  secretAccessKeyRef: string | null;
  concurrency: number;
  /** Days an incremental run re-lists in each date-partitioned folder, for late deliveries (absent: 7). */
  lookbackDays?: number;
}

export interface ApiSourceSettings {
  preset: ApiPreset;
  /** May hold `{region}`, filled from `region`. */
  baseUrl: string;
  region: string | null;
  /** Reference to the API token (CLI: an environment variable's name). */
  tokenRef: string | null;
  /** GitHub organization / enterprise. */
  org: string | null;
  enterprise: string | null;
  /** Google Workspace applications (`login`, `admin`, …); 1Password streams (`auditevents`, `signinattempts`). */
  streams: string[];
  /** Generic API: the tenant query parameter's value. */
  tenant: string | null;
  /** Google Workspace service account: reference to its JSON key, and the user to impersonate. */
  serviceAccountKeyRef: string | null;
  subject: string | null;
  pageSize: number;
  /** Follow mode: seconds between polls. */
  pollSeconds: number;
  /** Each incremental run re-reads this much before the newest event seen, for late arrivals (dedup drops repeats). */
  overlapSeconds: number;
}

export type SourceSettings = { kind: 's3'; settings: S3SourceSettings } | { kind: 'api'; settings: ApiSourceSettings };

export interface SourceInfo {
  id: string;
  kind: 's3' | 'api';
  name: string;
  createdAt: string;
  /** Where the last sync stopped (per stream for APIs); null before the first sync. */
  checkpoint: unknown;
}

/** A stretch of time: ISO-8601 UTC instants, `from` ≤ `to`. */
export interface TimeSpan {
  from: string;
  to: string;
}

/** A period a source's runs did not cover, and why. */
export interface SourceGap extends TimeSpan {
  /**
   * `not-synced`: no completed sync asked for it; `failed`: a sync failed there and none completed since;
   * `not-imported`: no imported file holds events in it.
   */
  kind: 'not-synced' | 'failed' | 'not-imported';
  /** In words: "no sync asked for this period", "the sync at … failed: …". */
  reason: string;
}

/** The id under which every file import puts its events and ledger entries (a source nobody saves). */
export const FILE_SOURCE_ID = 'files';

/**
 * A source as the Sources panel shows it: a saved source, or the case's file imports (kind `files`), plus what the
 * case knows about it. Never a secret.
 */
export interface SourceDetails extends Omit<SourceInfo, 'kind'> {
  /**
   * `files`: every file import (no settings; nothing to sync). `unknown`: the case file holds a kind this
   * Trailscope does not have (see `problem`).
   */
  kind: SourceInfo['kind'] | 'files' | 'unknown';
  /**
   * Why the source cannot sync: its saved settings fail a check (the field is named), e.g. a secret reference that
   * is neither an environment variable's name nor this case's own keychain entry. Null for a usable source.
   */
  problem: string | null;
  /** Where it reads from, in words: `s3://bucket/prefix · eu-west-1 · minio.local`, `Okta · acme.okta.com`. */
  summary: string;
  /** The saved settings: references to secrets (a variable's name, a keychain entry), never a secret itself; null when unusable. */
  settings: S3SourceSettings | ApiSourceSettings | null;
  /** Where its credentials come from, in words ("token from environment variable GITHUB_TOKEN"); never the secret. */
  credentials: string;
  /** The last run that completed, from the case's journal (for `files`, the last import); null before the first. */
  lastSync: { at: string; added: number; duplicates: number; rejected: number } | null;
  /** The last sync that failed, from the journal, unless one completed after it: shown in every session until then. */
  lastFailure: { at: string; code: string; message: string } | null;
  /** The events this source has put in the case and the time span they cover. */
  coverage: { events: number; first: string | null; last: string | null };
  /**
   * The periods the case holds this source's whole record of, oldest first: a completed sync asked for them (from
   * its first event on), or an imported file holds events across them. A time inside one without events had no
   * activity; a time outside one is unknown.
   */
  covered: TimeSpan[];
  /** Periods between and after the covered ones that no run covered, with why, oldest first. */
  gaps: SourceGap[];
  /** Before this instant the provider no longer keeps events (its documented retention, from now); null: unknown. */
  retainedFrom: string | null;
  /**
   * Null when this user trusts the source as it is now (they added it, or confirmed it): a sync sends its secret
   * without asking. Else why a sync asks first, naming the host and the secret (someone else saved the source, or
   * it changed since). Null too for a source that cannot sync (see `problem`).
   */
  doubt: string | null;
  /** A sync of this source started in this session and not ended yet. */
  activeJob: { jobId: string; follow: boolean } | null;
}

/** What a coverage lane shows for one bucket of the timeline (UX.md §12.2). */
export type CoverageState = 'events' | 'quiet' | SourceGap['kind'] | 'retention' | 'unknown';

/** One source's coverage lane on the histogram's buckets: its events per bucket and, where none, why. */
export interface SourceLane {
  id: string;
  name: string;
  kind: SourceDetails['kind'];
  /** All of the source's events per bucket (the query does not filter them: coverage is about the case). */
  counts: number[];
  states: CoverageState[];
}
