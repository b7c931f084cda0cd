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
