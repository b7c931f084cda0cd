// The audit-API peer's public types: presets, faults, options and the running peer's handle. Types only.

export type PeerPreset =
  'generic' | 'github' | 'okta' | 'slack' | 'onepassword-audit' | 'onepassword-signin' | 'google-workspace';

export const PEER_PRESETS: readonly PeerPreset[] = [
  'generic',
  'github',
  'okta',
  'slack',
  'onepassword-audit',
  'onepassword-signin',
  'google-workspace',
];

export type PeerRecord = Record<string, unknown>;

export interface Fault {
  kind:
    | '429'
    | '403-rate-limit'
    | '500'
    | '502'
    | '503'
    | 'reset'
    | 'slow'
    | 'truncated'
    | 'repeat'
    | 'expired-token'
    | 'oversized';
  /** 1-based index of the data request (counted across all data routes since start or since the last setFaults) at which the fault fires. */
  at: number;
  /** How many consecutive data requests it hits (default 1). 'expired-token' ignores this: it lasts until setFaults() replaces it. */
  times?: number;
  /** For 429 (Retry-After) and 403-rate-limit (x-ratelimit-reset = now + this); default 1. */
  retryAfterSeconds?: number;
  /** For 'slow'; default 1000. */
  delayMs?: number;
  /** For 'oversized': the page padded with whitespace to this many bytes, sent chunked (no Content-Length); 65 MiB. */
  sizeBytes?: number;
}

export const FAULT_KINDS: readonly Fault['kind'][] = [
  '429',
  '403-rate-limit',
  '500',
  '502',
  '503',
  'reset',
  'slow',
  'truncated',
  'repeat',
  'expired-token',
  'oversized',
];

export interface PeerOptions {
  token: string;
  /** Oldest first per preset. Any iterable: a generator (peerRecordStream) keeps a million records out of the heap. */
  records: Partial<Record<PeerPreset, Iterable<PeerRecord>>>;
  faults?: Fault[];
  /** Default 0 = any free port; the peer binds 127.0.0.1 only. */
  port?: number;
}

export interface PeerRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  /** Status sent, or 'reset' when the socket was destroyed without a response. */
  status: number | 'reset';
  /** The Authorization header's scheme only (never the token); '' when the header has no scheme, null when absent. */
  authScheme: string | null;
}

export interface AuditApiPeer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
  /** Every request seen, in the order responses were decided. */
  readonly requests: readonly PeerRequest[];
  /** Replaces the faults and resets the data-request counter. */
  setFaults(faults: Fault[]): void;
  /** Appends newer records (no older than the newest already served). */
  addRecords(preset: PeerPreset, records: Iterable<PeerRecord>): void;
}
