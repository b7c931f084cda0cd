// Integrity verification (DESIGN.md §5): what a verification checks, what it finds and what is kept of it in the
// case's `verifications` table. Types and the closed lists of checks and finding classes; shared by the core, the
// CLI and the renderer.

/**
 * chain: the providers' event hash chains (the generic format's `chain`, FORMATS.md). cloudtrail: CloudTrail digest
 * files, offline (signatures, the digest chain, each listed log file's hash). case: the case's own chain of
 * custody (each ledger row's rows digest re-derived from the stored events, and the ledger's hash links).
 */
export const INTEGRITY_CHECKS = ['chain', 'cloudtrail', 'case'] as const;
export type IntegrityCheck = (typeof INTEGRITY_CHECKS)[number];

/** Each check's finding classes, closed lists: a finding's class says what kind of damage, its fields say where. */
export const FINDING_CLASSES = {
  chain: [
    /** The event's hash is not what its content and `prev` give: the event was changed. */
    'modified',
    /** The event's `prev` is not the hash of the event before it in the chain. */
    'broken_link',
    /** Sequence numbers absent from the case (a gap): `seqs` names each, or the first and last of a long run. */
    'missing',
    /** More than one event holds the same seq (an event inserted, or one duplicated with other content). */
    'duplicate',
    /** Events whose seq order disagrees with their time order. */
    'reordered',
    /** The chain ends before the head expected (from an earlier verification or `--expect-head`). */
    'truncated_tail',
  ],
  cloudtrail: [
    /** The digest's RSA signature does not verify with the key its fingerprint names. */
    'signature_invalid',
    /** The signature could not be checked (imported from files: S3 metadata lost; no public key given). */
    'signature_unchecked',
    /** The digest names a public-key fingerprint that is not among the keys given. */
    'key_unknown',
    /** The digest's previousDigestSignature / previousDigestHashValue does not match the digest before it. */
    'digest_chain_broken',
    /** A digest expected between two others (by the hourly delivery) is not in the case. */
    'digest_missing',
    /** The digest's own bucket/key (digestS3Bucket / digestS3Object) is not where it was found. */
    'digest_moved',
    /** A listed log file's SHA-256 (uncompressed) differs from what the ledger recorded at import. */
    'log_file_modified',
    /** A log file a digest lists was never imported. */
    'log_file_missing',
    /** A log file imported but listed in no digest. */
    'log_file_unlisted',
    /** No log files were delivered between two times, as CloudTrail reports it (informational, not damage). */
    'delivery_gap',
  ],
  case: [
    /** The rows a ledger entry added are not the rows stored now: an event changed, deleted or inserted. */
    'rows_changed',
    /** A ledger row's own hash does not match its content (the ledger was edited). */
    'ledger_modified',
    /** A ledger row's link to the row before it is broken (a row removed, inserted or reordered). */
    'ledger_link_broken',
    /** Events that name no ledger row (inserted behind Trailscope's back). */
    'events_unledgered',
  ],
} as const satisfies Record<IntegrityCheck, readonly string[]>;

export type FindingClass<C extends IntegrityCheck = IntegrityCheck> = (typeof FINDING_CLASSES)[C][number];

export interface Finding {
  check: IntegrityCheck;
  class: FindingClass;
  /** One sentence for people, naming what and where ("seq 41–57 missing (17 events) in tenant acme"). */
  message: string;
  /** Informational findings (a CloudTrail delivery gap) do not make the verdict `findings`. */
  severity: 'damage' | 'info';
  tenantId?: string | null;
  /** Chain sequence numbers involved; for a long gap the first and the last. */
  seqs?: number[];
  /** Events involved (the UI opens them, the table marks them). */
  uids?: string[];
  /** S3 object keys or file paths involved (digests, log files). */
  objectKeys?: string[];
  /** Ledger rows involved (case check). */
  ledgerSeqs?: number[];
  /** When, for a mark on the timeline: the time of the first event involved, or the digest's start time. */
  at?: string | null;
}

/** One item a check looked at, for a per-file listing like `aws cloudtrail validate-logs` prints. */
export interface CheckedItem {
  name: string;
  kind: string;
  status: 'valid' | 'invalid' | 'unchecked';
  reason?: string;
}

/** A chain's end as verified: give it back as the expected head next time to detect a truncated tail. */
export interface ChainHead {
  tenantId: string;
  count: number;
  hash: string;
}

export interface CheckOutcome {
  check: IntegrityCheck;
  /** not_applicable: the case holds nothing this check can verify (no chain fields, no digests). */
  verdict: 'intact' | 'findings' | 'not_applicable';
  /** One line for people: what was checked and how it came out. */
  summary: string;
  /** What was checked, by name: events, chains, digests, log files, ledger rows… */
  counts: Record<string, number>;
  /** The first MAX_FINDINGS findings, in the order found. */
  findings: Finding[];
  /** All findings, also those not kept. */
  findingsTotal: number;
  /** Limits of the verdict a reader must know ("signatures not checked: digests imported from files …"). */
  notes: string[];
  /** The first MAX_ITEMS items checked (CloudTrail: each digest and log file). */
  items?: CheckedItem[];
  itemsTotal?: number;
  /** chain: each tenant's chain end. */
  heads?: ChainHead[];
}

/** Hash algorithms a provider's chain may use (node:crypto names; lowercase hex digests). */
export const CHAIN_ALGORITHMS = ['sha256', 'sha384', 'sha512'] as const;

/**
 * Another provider's hash chain, for the events of one source (the default is the generic format's `chain`,
 * FORMATS.md): where each record holds its seq, hash and prev (dotted paths of member names), which top-level
 * members are left out of the record before its RFC 8785 canonical JSON is hashed after prev, and the algorithm.
 */
export interface ChainScheme {
  sourceId: string;
  seq: string;
  hash: string;
  prev: string;
  /** Default: the first member name of the seq, hash and prev paths (`chain` for `chain.seq`). */
  omit?: string[];
  /** Default sha256. */
  algorithm?: (typeof CHAIN_ALGORITHMS)[number];
  /** prev of seq 1. Default: zeros, as many as the algorithm's hex digest has digits. */
  genesis?: string;
}

/** How many findings (and items) one check keeps: a case with a million gaps still gets a verdict of bounded size. */
export const MAX_FINDINGS = 10_000;
export const MAX_ITEMS = 100_000;

export type VerificationVerdict = 'intact' | 'findings' | 'not_applicable';

/** A row of `verifications`: one run of one or more checks. */
export interface VerificationRecord {
  seq: number;
  recordedAt: string;
  osUser: string;
  checks: IntegrityCheck[];
  verdict: VerificationVerdict;
  outcomes: CheckOutcome[];
}

// Names for people, the same in the CLI and the app.
export const CHECK_LABELS = {
  chain: 'Hash chain',
  cloudtrail: 'CloudTrail digests',
  case: 'Case chain of custody',
} as const satisfies Record<IntegrityCheck, string>;

export const VERDICT_LABELS = {
  intact: 'Intact',
  findings: 'Findings',
  not_applicable: 'Not applicable',
} as const satisfies Record<VerificationVerdict, string>;

export const CLASS_LABELS = {
  modified: 'Modified event',
  broken_link: 'Broken link',
  missing: 'Missing events',
  duplicate: 'Duplicate sequence number',
  reordered: 'Reordered events',
  truncated_tail: 'Truncated tail',
  signature_invalid: 'Invalid signature',
  signature_unchecked: 'Signature not checked',
  key_unknown: 'Unknown public key',
  digest_chain_broken: 'Digest chain broken',
  digest_missing: 'Missing digest',
  digest_moved: 'Digest moved',
  log_file_modified: 'Modified log file',
  log_file_missing: 'Missing log file',
  log_file_unlisted: 'Log file in no digest',
  delivery_gap: 'No log files delivered',
  rows_changed: 'Events changed since import',
  ledger_modified: 'Ledger row edited',
  ledger_link_broken: 'Ledger link broken',
  events_unledgered: 'Events in no ledger row',
} as const satisfies Record<FindingClass, string>;
