// CloudTrail digest validation, offline: the checks `aws cloudtrail validate-logs` makes, over what the case holds.
// Per trail (account, region, trail name, home region from the digest's file name), digests in digestEndTime order:
// the RSA signature (SHA256withRSA over the string to sign, key chosen by digestPublicKeyFingerprint among the keys
// the user gives), the link to the previous digest (previousDigestHashValue / previousDigestSignature), the digest's
// own location, and each listed log file's SHA-256 (uncompressed) against the ledger. Then log files imported but
// listed in no digest, and delivery gaps (a chain that starts again) as CloudTrail reports them.
//
// Matching a location given in a digest (s3Bucket/s3Object) to what was imported: an object synced from S3 is in the
// ledger as `s3://bucket/key` and must match exactly; a file imported from a local copy (`aws s3 sync` keeps the key
// layout) matches by the path from its last `AWSLogs/` on, a trailing `.gz` ignored (a gunzipped copy hashes the
// same), or by its file name when the copy kept no `AWSLogs/` folder (CloudTrail's names are unique: account,
// region, time and a random part). Log files are found in the ledger by their CloudTrail file name.
import { createHash, constants, verify } from 'node:crypto';
import { MAX_ITEMS, type CheckOutcome, type CheckedItem, type Finding } from '@shared/domain/integrity';
import { throwIfAborted } from '../errors';
import { listCloudTrailLogFiles, listDigests, type LedgerLogFile, type StoredDigest } from '../store/digests-repo';
import { FindingList, type CheckContext, type RunCheck } from './check';
import { parsePublicKeys, type CloudTrailPublicKey } from './public-keys';

export const SIGNATURE_LOST_NOTE =
  "the signature lives only in the digest object's S3 metadata, which a local copy loses: sync from the bucket to check it";
const NO_KEYS_NOTE =
  'no public keys were given (the output of `aws cloudtrail list-public-keys` for the trail’s region, --public-keys)';
const NO_METADATA_NOTE = 'the S3 object carried no x-amz-meta-signature';
/** A log file named this close to the newest digest's end may be delivered after it, into a digest not yet made. */
const DELIVERY_MARGIN_MS = 15 * 60_000;

interface LogFileEntry {
  s3Bucket: string;
  s3Object: string;
  hashValue: string | null;
  hashAlgorithm: string | null;
  oldestEventTime: string | null;
}

interface DigestDocument {
  digestStartTime: string | null;
  digestEndTime: string | null;
  digestS3Bucket: string | null;
  digestS3Object: string | null;
  digestPublicKeyFingerprint: string | null;
  digestSignatureAlgorithm: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestSignature: string | null;
  logFiles: LogFileEntry[];
}

interface Digest {
  stored: StoredDigest;
  doc: DigestDocument;
  /** Hex SHA-256 of the uncompressed document: what the next digest's previousDigestHashValue names. */
  hash: string;
  fromS3: boolean;
  trail: string;
  backfill: boolean;
  endMs: number;
  /** Reasons this digest is invalid, and why its signature went unchecked (if it did). */
  problems: string[];
  unchecked: string | null;
  /** The digest this one names as its previous: undefined when it starts a chain, null when it is not in the case. */
  previous?: Digest | null;
}

export const runCloudTrailCheck: RunCheck = async (ctx: CheckContext): Promise<CheckOutcome> => {
  const keys = ctx.publicKeys?.trim() ? parsePublicKeys(ctx.publicKeys) : null;
  const stored = await listDigests(ctx.store);
  if (stored.length === 0) {
    return {
      check: 'cloudtrail',
      verdict: 'not_applicable',
      summary: 'The case holds no CloudTrail digest files: nothing to validate.',
      counts: { trails: 0, digests: 0, logFiles: 0 },
      findings: [],
      findingsTotal: 0,
      notes: [],
    };
  }
  const findings = new FindingList();
  const notes: string[] = [];
  const items = new ItemList();

  // The same digest imported twice (two copies, or a file import and a sync) is checked once, with its signature.
  const byHash = new Map<string, Digest>();
  for (const row of stored) {
    const digest = toDigest(row);
    const seen = byHash.get(digest.hash);
    if (!seen || (seen.stored.signature === null && row.signature !== null)) byHash.set(digest.hash, digest);
  }
  const digests = [...byHash.values()];
  if (digests.length < stored.length)
    notes.push(`${stored.length - digests.length} digest file(s) were imported more than once: each checked once.`);

  const index = new DigestIndex(digests);
  const trails = new Map<string, Digest[]>();
  for (const digest of digests) push(trails, digest.trail, digest);
  for (const list of trails.values())
    list.sort((a, b) => a.endMs - b.endMs || (a.backfill ? 1 : 0) - (b.backfill ? 1 : 0));

  const named = new Set<Digest>();
  for (const digest of digests) {
    digest.previous = startsChain(digest) ? undefined : index.previousOf(digest);
    if (digest.previous) named.add(digest.previous);
  }

  const logRows = await listCloudTrailLogFiles(ctx.store);
  const logIndex = new LogIndex(logRows);
  const listed = new Set<number>();
  let logFiles = 0;
  let done = 0;
  ctx.progress('validating digests', 0, digests.length);

  for (const [trail, list] of trails) {
    const unchecked = new Map<string, string[]>();
    let lastRegular: Digest | null = null;
    const nextRegular = new Map<Digest, Digest>();
    for (let i = list.length - 1, next: Digest | undefined; i >= 0; i--) {
      const digest = list[i];
      if (!digest) continue;
      if (next) nextRegular.set(digest, next);
      if (!digest.backfill) next = digest;
    }
    for (const digest of list) {
      throwIfAborted(ctx.signal);
      const { doc } = digest;
      const at = doc.digestStartTime;
      const where = digest.stored.objectKey;

      checkSignature(digest, keys, findings);
      if (digest.unchecked !== null) push(unchecked, digest.unchecked, where);

      const claimed = `s3://${doc.digestS3Bucket ?? '?'}/${doc.digestS3Object ?? '?'}`;
      const moved = digest.fromS3
        ? where !== claimed
        : doc.digestS3Object === null || !isCopyOf(where, doc.digestS3Object);
      if (moved) {
        digest.problems.push(`has been moved from its original location (${claimed})`);
        findings.add(
          finding('digest_moved', `Digest ${where} was delivered to ${claimed}: it has been moved.`, [where], at),
        );
      }

      if (digest.previous === undefined) {
        // A chain starts again: CloudTrail delivered nothing in between (logging or validation was off).
        if (lastRegular && !digest.backfill) {
          const from = lastRegular.doc.digestEndTime ?? '?';
          findings.add({
            ...finding(
              'delivery_gap',
              `No log files were delivered by CloudTrail between ${from} and ${at ?? '?'} (trail ${trail}).`,
              [lastRegular.stored.objectKey, where],
              from,
            ),
            severity: 'info',
          });
        }
      } else {
        checkLink(digest, findings);
      }
      if (!digest.backfill) lastRegular = digest;
      // A digest no later one names, though the chain goes on past it (not broken by a digest missing after it):
      // not part of the chain CloudTrail signed (inserted, or the one after it replaced).
      const next = nextRegular.get(digest);
      if (!digest.backfill && !named.has(digest) && next?.previous) {
        digest.problems.push('no later digest names it as its previous');
        findings.add(
          finding(
            'digest_chain_broken',
            `Digest ${where} is named by no later digest (${next.stored.objectKey} follows another): it is not part of the chain.`,
            [where],
            at,
          ),
        );
      }

      const logItems: CheckedItem[] = [];
      for (const log of doc.logFiles) {
        logFiles++;
        const location = `s3://${log.s3Bucket}/${log.s3Object}`;
        const rows = logIndex.find(log.s3Bucket, log.s3Object);
        const logAt = log.oldestEventTime ?? at;
        for (const row of rows) listed.add(row.ledgerSeq);
        if (rows.length === 0) {
          logItems.push({ name: location, kind: 'log file', status: 'invalid', reason: 'not found in the case' });
          findings.add(
            finding(
              'log_file_missing',
              `Log file ${location}, listed in digest ${where}, was never imported.`,
              [location],
              logAt,
            ),
          );
          continue;
        }
        if (log.hashAlgorithm !== null && log.hashAlgorithm.toUpperCase() !== 'SHA-256') {
          logItems.push({
            name: location,
            kind: 'log file',
            status: 'unchecked',
            reason: `hash algorithm ${log.hashAlgorithm} is not supported`,
          });
          continue;
        }
        const changed = rows.filter((row) => row.sha256Content?.toLowerCase() !== log.hashValue?.toLowerCase());
        if (changed.length > 0) {
          const keysChanged = changed.map((row) => row.objectKey);
          logItems.push({ name: location, kind: 'log file', status: 'invalid', reason: "hash value doesn't match" });
          findings.add(
            finding(
              'log_file_modified',
              `Log file ${keysChanged.join(', ')}: its SHA-256 is not the one digest ${where} lists (${log.hashValue ?? 'none'}).`,
              keysChanged,
              logAt,
            ),
          );
        } else {
          logItems.push({ name: location, kind: 'log file', status: 'valid' });
        }
      }

      items.add({
        name: where,
        kind: 'digest',
        status: digest.problems.length > 0 ? 'invalid' : digest.unchecked !== null ? 'unchecked' : 'valid',
        reason: digest.problems.length > 0 ? digest.problems.join('; ') : (digest.unchecked ?? undefined),
      });
      for (const item of logItems) items.add(item);
      ctx.progress('validating digests', ++done, digests.length);
    }
    for (const [reason, objectKeys] of unchecked) {
      findings.add({
        ...finding(
          'signature_unchecked',
          `Signatures of ${objectKeys.length} digest(s) of trail ${trail} were not checked: ${reason}.`,
          objectKeys,
          null,
        ),
        severity: 'info',
      });
    }
  }

  const uncheckedCount = digests.filter((d) => d.unchecked !== null).length;
  if (uncheckedCount > 0) {
    for (const reason of [SIGNATURE_LOST_NOTE, NO_KEYS_NOTE, NO_METADATA_NOTE]) {
      const n = digests.filter((d) => d.unchecked === reason).length;
      if (n > 0) notes.push(`Signatures of ${n} digest(s) not checked: ${reason}.`);
    }
    notes.push(
      'Without its signature a digest is vouched for only by the next digest’s previousDigestHashValue: a change to the newest digest of a trail goes unnoticed.',
    );
  }

  checkUnlisted(digests, logRows, listed, findings, items, notes);

  const verdict = findings.verdict();
  const damage = findings.damage;
  return {
    check: 'cloudtrail',
    verdict,
    summary:
      `${digests.length} digest file(s) and ${logFiles} log file(s) of ${trails.size} trail(s): ` +
      (damage > 0 ? `${damage} finding(s)` : 'intact') +
      (uncheckedCount > 0 ? `; ${uncheckedCount} signature(s) NOT checked (see notes)` : '') +
      '.',
    counts: { trails: trails.size, digests: digests.length, logFiles },
    findings: findings.kept,
    findingsTotal: findings.total,
    notes,
    items: items.kept,
    itemsTotal: items.total,
  };
};

function finding(kind: Finding['class'], message: string, objectKeys: string[], at: string | null): Finding {
  return { check: 'cloudtrail', class: kind, message, severity: 'damage', objectKeys, at };
}

function checkSignature(digest: Digest, keys: Map<string, CloudTrailPublicKey> | null, findings: FindingList): void {
  const { doc, stored } = digest;
  const where = stored.objectKey;
  const at = doc.digestStartTime;
  if (stored.signature === null) {
    digest.unchecked = digest.fromS3 ? NO_METADATA_NOTE : SIGNATURE_LOST_NOTE;
    return;
  }
  if (keys === null) {
    digest.unchecked = NO_KEYS_NOTE;
    return;
  }
  const fingerprint = doc.digestPublicKeyFingerprint?.toLowerCase() ?? '';
  const key = keys.get(fingerprint);
  if (!key) {
    digest.problems.push(`public key not found for fingerprint ${fingerprint || '(none)'}`);
    findings.add(
      finding(
        'key_unknown',
        `Digest ${where} was signed with the key ${fingerprint || '(none)'}, which is not among the public keys given.`,
        [where],
        at,
      ),
    );
    return;
  }
  const algorithm = stored.signatureAlgorithm ?? doc.digestSignatureAlgorithm ?? 'SHA256withRSA';
  let reason: string | null = null;
  if (algorithm !== 'SHA256withRSA') reason = `signature algorithm ${algorithm} is not SHA256withRSA`;
  else if (doc.digestEndTime === null || doc.digestS3Bucket === null || doc.digestS3Object === null)
    reason = 'invalid format: it lacks a field its signature covers';
  else if (!/^(?:[0-9a-f]{2})+$/i.test(stored.signature)) reason = 'the signature is not hex';
  else {
    const toSign =
      `${doc.digestEndTime}\n${doc.digestS3Bucket}/${doc.digestS3Object}\n${digest.hash}\n` +
      (doc.previousDigestSignature ?? 'null');
    const valid = verify(
      'sha256',
      Buffer.from(toSign, 'utf8'),
      { key: key.key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(stored.signature, 'hex'),
    );
    if (!valid) reason = 'signature verification failed';
  }
  if (reason !== null) {
    digest.problems.push(reason);
    findings.add(finding('signature_invalid', `Digest ${where}: ${reason}.`, [where], at));
  }
}

function checkLink(digest: Digest, findings: FindingList): void {
  const { doc, previous } = digest;
  const where = digest.stored.objectKey;
  const previousKey = `s3://${doc.previousDigestS3Bucket}/${doc.previousDigestS3Object}`;
  if (!previous) {
    digest.problems.push(`the previous digest ${previousKey} is not in the case`);
    findings.add(
      finding(
        'digest_missing',
        `Digest ${previousKey}, the one before ${where} in its chain, is not in the case.`,
        [previousKey],
        doc.digestStartTime,
      ),
    );
    return;
  }
  const broken: string[] = [];
  if (previous.hash !== doc.previousDigestHashValue?.toLowerCase())
    broken.push(`previousDigestHashValue is not the SHA-256 of ${previous.stored.objectKey}`);
  const signature = previous.stored.signature;
  if (signature !== null && signature.toLowerCase() !== doc.previousDigestSignature?.toLowerCase())
    broken.push(`previousDigestSignature is not the signature of ${previous.stored.objectKey}`);
  if (broken.length > 0) {
    digest.problems.push(broken.join('; '));
    findings.add(
      finding(
        'digest_chain_broken',
        `Digest ${where}: ${broken.join('; ')} (changed after it was signed, or not the digest it follows).`,
        [where, previous.stored.objectKey],
        doc.digestStartTime,
      ),
    );
  }
}

const startsChain = (digest: Digest) =>
  digest.doc.previousDigestS3Object === null || digest.doc.previousDigestS3Bucket === null;

/** Log files imported where a trail with digests delivers, yet listed in none of its digests. */
function checkUnlisted(
  digests: Digest[],
  logRows: LedgerLogFile[],
  listed: Set<number>,
  findings: FindingList,
  items: ItemList,
  notes: string[],
): void {
  const coverage = new Map<string, { first: number; last: number }>();
  for (const digest of digests) {
    const root = deliveryRoot(digest.stored.objectKey);
    const start = Date.parse(digest.doc.digestStartTime ?? '');
    if (root === null || Number.isNaN(start) || Number.isNaN(digest.endMs)) continue;
    const span = coverage.get(root);
    coverage.set(root, {
      first: Math.min(span?.first ?? start, start),
      last: Math.max(span?.last ?? digest.endMs, digest.endMs),
    });
  }
  let notYet = 0;
  let before = 0;
  for (const row of logRows) {
    if (listed.has(row.ledgerSeq)) continue;
    const root = deliveryRoot(row.objectKey);
    const span = root === null ? undefined : coverage.get(root);
    if (!span) continue;
    const named = logFileTime(row.objectKey);
    if (named !== null && named > span.last - DELIVERY_MARGIN_MS) {
      notYet++;
      items.add({ name: row.objectKey, kind: 'log file', status: 'unchecked', reason: 'newer than the newest digest' });
      continue;
    }
    if (named !== null && named < span.first - DELIVERY_MARGIN_MS) {
      before++;
      items.add({ name: row.objectKey, kind: 'log file', status: 'unchecked', reason: 'older than the oldest digest' });
      continue;
    }
    items.add({ name: row.objectKey, kind: 'log file', status: 'invalid', reason: 'listed in no digest' });
    findings.add(
      finding(
        'log_file_unlisted',
        `Log file ${row.objectKey} was imported but no digest lists it.`,
        [row.objectKey],
        named === null ? null : new Date(named).toISOString(),
      ),
    );
  }
  if (notYet > 0)
    notes.push(
      `${notYet} log file(s) are newer than the newest digest of their trail: no digest covers them yet (sync again later to check them).`,
    );
  if (before > 0)
    notes.push(
      `${before} log file(s) are older than the oldest digest of their trail: no digest in the case covers them.`,
    );
}

function toDigest(stored: StoredDigest): Digest {
  const doc = parseDocument(stored.content);
  const name = fileNameOf(stored.objectKey);
  const parsed = DIGEST_NAME.exec(name) ?? DIGEST_NAME.exec(fileNameOf(doc.digestS3Object ?? ''));
  const trail = parsed
    ? `${parsed[3]} (account ${parsed[1]}, region ${parsed[2]}, home region ${parsed[4]})`
    : `unnamed (${stored.objectKey})`;
  return {
    stored,
    doc,
    hash: createHash('sha256').update(stored.content, 'utf8').digest('hex'),
    fromS3: stored.objectKey.startsWith('s3://'),
    trail,
    backfill: parsed?.[6] !== undefined,
    endMs: Date.parse(doc.digestEndTime ?? ''),
    problems: [],
    unchecked: null,
  };
}

// `<account>_CloudTrail-Digest_<region>_<trail>_<home-region>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz`; a trail name
// may hold underscores, regions do not.
const DIGEST_NAME = /^(\d{12})_CloudTrail-Digest_([^_]+)_(.+)_([^_]+)_(\d{8}T\d{6}Z)(_backfill)?\.json(?:\.gz)?$/;
// `…/CloudTrail[-Digest]/<region>/YYYY/MM/DD/<name>`: the part before names the bucket, prefix and account.
const DELIVERY_PATH = /^(.*\/)?CloudTrail(?:-Digest)?\/[^/]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/;
// Log files and digests both start `<account>_CloudTrail[-Digest]_<region>_`.
const ACCOUNT_REGION = /^(\d{12})_CloudTrail(?:-Digest)?_([^_]+)_/;
const LOG_NAME_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;

const slashes = (path: string) => path.replaceAll('\\', '/');
const fileNameOf = (path: string) => slashes(path).split('/').pop() ?? '';
const bareName = (path: string) => fileNameOf(path).replace(/\.gz$/i, '');

/** Where a key or path sits in CloudTrail's layout: from its last `AWSLogs/` on, `.gz` dropped; null if outside it. */
function layoutOf(path: string): string | null {
  const match = /(?:^|.*\/)(AWSLogs\/.*)$/.exec(slashes(path));
  return match?.[1] ? match[1].replace(/\.gz$/i, '') : null;
}

/** Whether a local path is a copy of this S3 key: same layout, or the same file name when the copy kept no layout. */
function isCopyOf(path: string, key: string): boolean {
  const layout = layoutOf(path);
  return layout !== null ? layout === layoutOf(key) : bareName(path) === bareName(key);
}

/** The bucket, prefix, account and region a log file or digest was delivered under (as found, not as claimed). */
function deliveryRoot(objectKey: string): string | null {
  const path = slashes(objectKey);
  const names = ACCOUNT_REGION.exec(fileNameOf(path));
  if (!names) return null;
  const folder = DELIVERY_PATH.exec(path)?.[1] ?? path.slice(0, path.length - fileNameOf(path).length);
  return `${folder}|${names[1]}|${names[2]}`;
}

function logFileTime(objectKey: string): number | null {
  const m = LOG_NAME_TIME.exec(slashes(objectKey));
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) : null;
}

function parseDocument(content: string): DigestDocument {
  let parsed: unknown;
  try {
    // A BOM is part of the bytes hashed, not of the JSON.
    parsed = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch {
    parsed = {};
  }
  const doc = isObject(parsed) ? parsed : {};
  const logFiles = Array.isArray(doc['logFiles']) ? doc['logFiles'] : [];
  return {
    digestStartTime: text(doc['digestStartTime']),
    digestEndTime: text(doc['digestEndTime']),
    digestS3Bucket: text(doc['digestS3Bucket']),
    digestS3Object: text(doc['digestS3Object']),
    digestPublicKeyFingerprint: text(doc['digestPublicKeyFingerprint']),
    digestSignatureAlgorithm: text(doc['digestSignatureAlgorithm']),
    previousDigestS3Bucket: text(doc['previousDigestS3Bucket']),
    previousDigestS3Object: text(doc['previousDigestS3Object']),
    previousDigestHashValue: text(doc['previousDigestHashValue']),
    previousDigestSignature: text(doc['previousDigestSignature']),
    logFiles: logFiles.filter(isObject).map((log) => ({
      s3Bucket: text(log['s3Bucket']) ?? '',
      s3Object: text(log['s3Object']) ?? '',
      hashValue: text(log['hashValue']),
      hashAlgorithm: text(log['hashAlgorithm']),
      oldestEventTime: text(log['oldestEventTime']),
    })),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Digests by the location they claim, and by where they were found (exactly from S3, by layout from files). */
class DigestIndex {
  private readonly claimed = new Map<string, Digest[]>();
  private readonly foundS3 = new Map<string, Digest[]>();
  private readonly foundLayout = new Map<string, Digest[]>();
  private readonly foundName = new Map<string, Digest[]>();

  constructor(digests: Digest[]) {
    for (const digest of digests) {
      const { doc, stored } = digest;
      if (doc.digestS3Bucket !== null && doc.digestS3Object !== null)
        push(this.claimed, `s3://${doc.digestS3Bucket}/${doc.digestS3Object}`, digest);
      if (digest.fromS3) push(this.foundS3, stored.objectKey, digest);
      else pushLocal(this.foundLayout, this.foundName, stored.objectKey, digest);
    }
  }

  /** The digest another names as its previous: by location, the one with the hash it names if several; or null. */
  previousOf(digest: Digest): Digest | null {
    const { previousDigestS3Bucket, previousDigestS3Object, previousDigestHashValue } = digest.doc;
    const candidates = this.find(previousDigestS3Bucket ?? '', previousDigestS3Object ?? '');
    return candidates.find((c) => c.hash === previousDigestHashValue?.toLowerCase()) ?? candidates[0] ?? null;
  }

  private find(bucket: string, key: string): Digest[] {
    const location = `s3://${bucket}/${key}`;
    const found = [
      ...(this.claimed.get(location) ?? []),
      ...(this.foundS3.get(location) ?? []),
      ...(this.foundLayout.get(layoutOf(key) ?? '') ?? []),
      ...(this.foundName.get(bareName(key)) ?? []),
    ];
    return [...new Set(found)];
  }
}

/** Ledger rows of log files: synced ones by `s3://bucket/key`, imported ones by their layout path. */
class LogIndex {
  private readonly s3 = new Map<string, LedgerLogFile[]>();
  private readonly layout = new Map<string, LedgerLogFile[]>();
  private readonly name = new Map<string, LedgerLogFile[]>();

  constructor(rows: LedgerLogFile[]) {
    for (const row of rows) {
      if (row.objectKey.startsWith('s3://')) push(this.s3, row.objectKey, row);
      else pushLocal(this.layout, this.name, row.objectKey, row);
    }
  }

  find(bucket: string, key: string): LedgerLogFile[] {
    return [
      ...(this.s3.get(`s3://${bucket}/${key}`) ?? []),
      ...(this.layout.get(layoutOf(key) ?? '') ?? []),
      ...(this.name.get(bareName(key)) ?? []),
    ];
  }
}

/** A local copy: by its layout path, or by its file name when it kept no `AWSLogs/` folder. */
function pushLocal<T>(byLayout: Map<string, T[]>, byName: Map<string, T[]>, path: string, value: T): void {
  const layout = layoutOf(path);
  if (layout !== null) push(byLayout, layout, value);
  else push(byName, bareName(path), value);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Items as validate-logs lists them (each digest, then its log files), the first MAX_ITEMS kept. */
class ItemList {
  readonly kept: CheckedItem[] = [];
  total = 0;

  add(item: CheckedItem): void {
    this.total++;
    if (this.kept.length < MAX_ITEMS) this.kept.push(item);
  }
}
