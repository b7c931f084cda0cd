// The chain check: the generic format's event hash chain (FORMATS.md), verified per tenant over the case in chain
// order. chain.hash = lowercase hex SHA-256 of the UTF-8 bytes of chain.prev followed by the RFC 8785 canonical JSON
// of the record without its `chain` member; chain.seq counts from 1 per tenant; chain.prev of seq 1 is 64 zeros.
// The seq, hash and prev compared are the event's chain columns (taken from the record at import); the hash is
// recomputed from the record as stored (`raw`). Another provider's chain is described by a ChainScheme for the
// events of its source (where seq, hash and prev are in the record, the members left out, the algorithm, prev of
// seq 1): its fields are read from the stored record, and it is checked by the same rules; its events are then
// left out of the generic chains. Expected heads apply to the generic chains.
//
// Findings, each naming its seqs and uids:
// * modified: the hash recomputed from the event is not its chain.hash (or the event has no hash or prev to check).
// * broken_link: an event's prev is not the hash of the event at the seq before it (seq 1: not 64 zeros).
// * missing: seqs absent before the last one present; up to 20 named one by one, a longer run by its first and
//   last, its length in the message.
// * duplicate: a seq held by more than one event; each extra event is named beside the first one with that seq.
// * reordered: the rule is "time never goes back along the chain": for each seq present and the next seq present
//   after it, the later-seq event must not have occurred strictly before the earlier-seq one (equal times are
//   fine; duplicates are compared through the first event of their seq). Both events are named.
// * truncated_tail: an expected head (count and hash) is given for a tenant, and its chain ends before that count,
//   or the event at that count does not hold that hash (the tail was cut and re-grown).
import { createHash } from 'node:crypto';
import type { ChainHead, ChainScheme, Finding } from '@shared/domain/integrity';
import { throwIfAborted } from '../errors';
import { canonicalWithout } from '../formats/canonical-text';
import { chainEvents, chainTenants, eventUids, type ChainEventRow, type ChainSource } from '../store/chain-events';
import { FindingList, type RunCheck } from './check';

export const CHAIN_GENESIS = '0'.repeat(64);
/** A gap longer than this is named by its first and last seq. */
export const GAP_NAMED_ONE_BY_ONE = 20;
const PROGRESS_EVERY = 16_384;

/** A kind of chain in the case: where its fields are, and how its hashes are made. */
interface ChainKind {
  source: ChainSource;
  /** Names a chain in messages: "tenant acme", or "source api-1, tenant acme" for a scheme's chain. */
  label: (tenantId: string) => string;
  omit: ReadonlySet<string>;
  algorithm: string;
  genesis: string;
  /** Whether expected heads (keyed by tenant) apply: the default chains only. */
  heads: boolean;
}

const GENERIC_CHAIN = new Set(['chain']);

/** The generic format's chains (every source but those a scheme names), then each scheme's. */
function chainKinds(schemes: ChainScheme[]): ChainKind[] {
  const kinds: ChainKind[] = [
    {
      source: { kind: 'columns', except: schemes.map((scheme) => scheme.sourceId) },
      label: (tenantId) => `tenant ${tenantId}`,
      omit: GENERIC_CHAIN,
      algorithm: 'sha256',
      genesis: CHAIN_GENESIS,
      heads: true,
    },
  ];
  for (const scheme of schemes) {
    const algorithm = scheme.algorithm ?? 'sha256';
    kinds.push({
      source: { kind: 'paths', sourceId: scheme.sourceId, seq: scheme.seq, hash: scheme.hash, prev: scheme.prev },
      label: (tenantId) => `source ${scheme.sourceId}, tenant ${tenantId}`,
      omit: new Set(scheme.omit ?? [scheme.seq, scheme.hash, scheme.prev].map((path) => path.split('.')[0] as string)),
      algorithm,
      genesis: scheme.genesis ?? '0'.repeat(createHash(algorithm).digest('hex').length),
      heads: false,
    });
  }
  return kinds;
}

export const runChainCheck: RunCheck = async (ctx) => {
  const kinds = chainKinds(ctx.chainSchemes ?? []);
  const chains: { kind: ChainKind; tenantId: string }[] = [];
  let total = 0;
  for (const kind of kinds) {
    for (const { tenantId, events } of await chainTenants(ctx.store, kind.source)) {
      chains.push({ kind, tenantId });
      total += events;
    }
  }
  const expected = new Map((ctx.expectHeads ?? []).map((head) => [head.tenantId, head]));
  const findings = new FindingList();
  const heads: ChainHead[] = [];
  let done = 0;
  ctx.progress('hashing events', 0, total);
  for (const { kind, tenantId } of chains) {
    const walk = new ChainWalk(tenantId, kind, findings, kind.heads ? expected.get(tenantId) : undefined);
    for await (const rows of chainEvents(ctx.store, tenantId, kind.source)) {
      throwIfAborted(ctx.signal);
      for (const row of rows) walk.step(row);
      const before = done;
      done += rows.length;
      if (Math.floor(before / PROGRESS_EVERY) !== Math.floor(done / PROGRESS_EVERY))
        ctx.progress('hashing events', done, total);
    }
    const head = walk.finish();
    // Heads are keyed by tenant: those of the generic chains, which expected heads are checked against.
    if (kind.heads) heads.push(head);
    if (kind.heads) expected.delete(tenantId);
    // Between two streams the connection is free: name the events of this chain's findings.
    const uids = await eventUids(
      ctx.store,
      walk.named.flatMap((entry) => entry.rowids),
    );
    for (const { finding, rowids } of walk.named)
      finding.uids = rowids.map((rowid) => uids.get(rowid) ?? `rowid ${rowid}`);
  }
  // Expected heads of tenants with no chained event at all: the whole chain is gone.
  for (const head of expected.values()) if (head.count > 0) truncatedBefore(findings, head, 0);
  ctx.progress('hashing events', done, total);

  if (chains.length === 0 && findings.total === 0) {
    return {
      check: 'chain',
      verdict: 'not_applicable',
      summary: 'No event in this case carries a hash chain.',
      counts: { events: 0, chains: 0 },
      findings: [],
      findingsTotal: 0,
      notes: [],
      heads: [],
    };
  }
  const verdict = findings.verdict();
  return {
    check: 'chain',
    verdict,
    summary:
      `${done.toLocaleString('en-US')} event(s) in ${chains.length} chain(s): ` +
      (verdict === 'intact'
        ? 'intact.'
        : `${findings.total.toLocaleString('en-US')} finding(s) (${byClass(findings)}).`),
    counts: { events: done, chains: chains.length },
    findings: findings.kept,
    findingsTotal: findings.total,
    notes: [],
    heads,
  };
};

/** One tenant's chain, walked in order: what the event before looked like, and what is expected next. */
class ChainWalk {
  /** The last seq seen (0 before the first event). */
  private lastSeq = 0;
  /** The first event at lastSeq, and every hash held at lastSeq (more than one when the seq is duplicated). */
  private current: ChainEventRow | null = null;
  private currentHashes: (string | null)[] = [];
  /** Whether lastSeq follows the seq before it without a gap, and that seq's first event and hashes. */
  private currentLinked = false;
  private before: ChainEventRow | null = null;
  private beforeHashes: (string | null)[] = [];
  private expectedHashSeen: string | null | undefined;
  /** Kept findings and the rows they name, whose uids are looked up once the tenant is walked. */
  readonly named: { finding: Finding; rowids: number[] }[] = [];

  constructor(
    private readonly tenantId: string,
    private readonly kind: ChainKind,
    private readonly findings: FindingList,
    private readonly expected: ChainHead | undefined,
  ) {}

  step(row: ChainEventRow): void {
    this.checkHash(row);
    const { seq } = row;
    if (this.current !== null && seq === this.lastSeq) {
      this.add(row, 'duplicate', [seq], [this.current.rowid, row.rowid], `seq ${seq} is held by more than one event`);
      if (this.currentLinked) this.checkLink(row, this.before, this.beforeHashes);
      this.currentHashes.push(row.hash);
      return;
    }
    if (seq < 1) {
      this.add(row, 'modified', [seq], [row.rowid], `seq ${seq} is not a chain position (chains count from 1)`);
      return;
    }
    const linked = seq === this.lastSeq + 1;
    if (linked) this.checkLink(row, this.current, this.currentHashes);
    else this.gap(this.lastSeq + 1, seq - 1, row);
    const current = this.current;
    if (current !== null && row.occurredAtUs < current.occurredAtUs) {
      this.add(
        row,
        'reordered',
        [current.seq, seq],
        [current.rowid, row.rowid],
        `seq ${seq} occurred at ${isoMicros(row.occurredAtUs)}, before seq ${current.seq} at ${isoMicros(current.occurredAtUs)}`,
      );
    }
    if (this.expected !== undefined && seq === this.expected.count) this.expectedHashSeen = row.hash;
    this.before = current;
    this.beforeHashes = this.currentHashes;
    this.current = row;
    this.currentHashes = [row.hash];
    this.currentLinked = linked;
    this.lastSeq = seq;
  }

  /** The chain's head; checks it against the expected one. */
  finish(): ChainHead {
    const head = { tenantId: this.tenantId, count: this.lastSeq, hash: this.current?.hash ?? '' };
    const expected = this.expected;
    if (expected !== undefined && expected.count > 0) {
      if (this.lastSeq < expected.count) truncatedBefore(this.findings, expected, this.lastSeq);
      else if (this.expectedHashSeen !== expected.hash) {
        this.findings.add({
          check: 'chain',
          class: 'truncated_tail',
          severity: 'damage',
          tenantId: this.tenantId,
          seqs: [expected.count],
          message:
            `tenant ${this.tenantId}: the event at seq ${expected.count} has hash ${shown(this.expectedHashSeen ?? null)}, not the ` +
            `expected head ${expected.hash}: the chain was cut back and grown again`,
        });
      }
    }
    return head;
  }

  private checkHash(row: ChainEventRow): void {
    if (row.hash === null || row.prev === null) {
      const absent = row.hash === null ? 'hash' : 'prev';
      this.add(row, 'modified', [row.seq], [row.rowid], `seq ${row.seq} has no chain.${absent}`);
      return;
    }
    let canonical: string;
    try {
      canonical = canonicalWithout(row.raw, this.kind.omit);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.add(
        row,
        'modified',
        [row.seq],
        [row.rowid],
        `seq ${row.seq}: the record cannot be canonicalized (${reason})`,
      );
      return;
    }
    const hash = createHash(this.kind.algorithm)
      .update(row.prev + canonical, 'utf8')
      .digest('hex');
    if (hash !== row.hash)
      this.add(
        row,
        'modified',
        [row.seq],
        [row.rowid],
        `seq ${row.seq} was changed: its content hashes to ${hash}, its chain.hash is ${shown(row.hash)}`,
      );
  }

  /** row.prev against the hashes held at the seq before (`before`: its first event). */
  private checkLink(row: ChainEventRow, before: ChainEventRow | null, hashes: (string | null)[]): void {
    if (row.prev === null) return; // reported as modified
    if (row.seq === 1) {
      if (row.prev !== this.kind.genesis)
        this.add(
          row,
          'broken_link',
          [1],
          [row.rowid],
          `seq 1 has prev ${shown(row.prev)}, not ${this.kind.genesis === CHAIN_GENESIS ? '64 zeros' : this.kind.genesis}`,
        );
      return;
    }
    if (before === null || hashes.includes(row.prev)) return;
    this.add(
      row,
      'broken_link',
      [before.seq, row.seq],
      [before.rowid, row.rowid],
      `seq ${row.seq} has prev ${shown(row.prev)}, not the hash of seq ${before.seq} (${shown(before.hash)})`,
    );
  }

  /** Seqs first…last absent, between the last event seen and `after`; the events either side are named. */
  private gap(first: number, last: number, after: ChainEventRow): void {
    const count = last - first + 1;
    const seqs =
      count > GAP_NAMED_ONE_BY_ONE ? [first, last] : Array.from({ length: count }, (_, index) => first + index);
    const what = count === 1 ? `seq ${first} is missing` : `seq ${first}–${last} are missing (${count} events)`;
    this.add(after, 'missing', seqs, this.current === null ? [after.rowid] : [this.current.rowid, after.rowid], what);
  }

  private add(row: ChainEventRow, kind: Finding['class'], seqs: number[], rowids: number[], message: string): void {
    const finding: Finding = {
      check: 'chain',
      class: kind,
      severity: 'damage',
      tenantId: this.tenantId,
      seqs,
      uids: [],
      message: `${this.kind.label(this.tenantId)}: ${message}`,
      // The first event involved: the one before for a link, a gap or an order; the event itself otherwise.
      at: isoMicros(
        kind === 'duplicate' || kind === 'modified'
          ? row.occurredAtUs
          : (this.current?.occurredAtUs ?? row.occurredAtUs),
      ),
    };
    const kept = this.findings.kept.length;
    this.findings.add(finding);
    if (this.findings.kept.length > kept) this.named.push({ finding, rowids });
  }
}

function truncatedBefore(findings: FindingList, expected: ChainHead, lastSeq: number): void {
  const first = lastSeq + 1;
  const count = expected.count - lastSeq;
  findings.add({
    check: 'chain',
    class: 'truncated_tail',
    severity: 'damage',
    tenantId: expected.tenantId,
    seqs: first === expected.count ? [first] : [first, expected.count],
    message:
      `tenant ${expected.tenantId}: the chain ends at seq ${lastSeq}; the expected head is seq ${expected.count} ` +
      `(${count} event(s) missing from the tail)`,
  });
}

/** A stored hash for a message: chain-events.ts gives a text that is no hex SHA-256 as `~` + its SHA-256. */
function shown(hash: string | null): string {
  if (hash === null) return 'none';
  return hash.startsWith('~') ? 'a text that is no SHA-256' : hash;
}

function byClass(findings: FindingList): string {
  const counts = new Map<string, number>();
  for (const finding of findings.kept) counts.set(finding.class, (counts.get(finding.class) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind.replace('_', ' ')}`).join(', ');
}

/** ISO-8601 UTC with microseconds when the time has them. */
function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micros = us - ms * 1000;
  return micros <= 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
