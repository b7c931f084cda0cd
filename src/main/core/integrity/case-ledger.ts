// Case verification (DESIGN.md §5): the case's own chain of custody. Every import or sync appended one ingest_ledger
// row per object, hash-linked to the row before and holding a digest of the rows it added; every event names its
// ledger row (ingest_seq). This re-derives each row's digest from the events stored now, each ledger row's hash from
// its stored content, and each link, so an event changed, deleted or inserted behind Trailscope's back, or a ledger
// row edited, removed or reordered, is named. An empty case (no ledger row, no event) is not_applicable.
import type { CheckOutcome, Finding } from '@shared/domain/integrity';
import { throwIfAborted } from '../errors';
import { LEDGER_GENESIS_HASH, ledgerEntryHash } from '../store/ledger';
import {
  EMPTY_ROWS_DIGEST,
  eventGroups,
  eventsOf,
  readLedger,
  type EventGroup,
  type EventRef,
  type StoredLedgerRow,
} from '../store/ledger-check';
import { FindingList, type CheckContext, type RunCheck } from './check';

/** A changed ledger row with at most this many events names them all: the change is among them. */
const FEW_EVENTS = 20;
/** Uids named per finding otherwise (events inserted as copies, received at another time, unledgered). */
const UIDS_PER_FINDING = 20;
/** Changed ledger rows (and unledgered seqs) whose events are looked up by uid; any beyond get counts only. */
const DETAILED_SEQS = 1_000;
/**
 * Events per GROUP BY: one query up to this many, so a 10M-event case takes a handful, not one per ledger row. It
 * bounds what the ordered aggregate holds at once and gives progress and a chance to cancel between queries. An
 * object, so that tests can shrink it.
 */
export const CASE_CHECK_CHUNK = { events: 2_000_000 };

export const runCaseCheck: RunCheck = async (ctx) => {
  throwIfAborted(ctx.signal);
  const onAbort = () => ctx.store.connection.interrupt();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await checkCase(ctx);
  } catch (error) {
    throwIfAborted(ctx.signal);
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
};

interface RowState {
  row: StoredLedgerRow;
  group: EventGroup | undefined;
  digestMatches: boolean;
  /** Some of its events have a received_at other than the row's recorded_at (not covered by the digest). */
  receivedOff: boolean;
}

async function checkCase(ctx: CheckContext): Promise<CheckOutcome> {
  const { store, signal } = ctx;
  const ledger = await readLedger(store);
  ctx.progress('rows digests', 0, ledger.length);

  const groups = new Map<number, EventGroup>();
  let done = 0;
  for (const chunk of chunksOf(ledger)) {
    throwIfAborted(signal);
    for (const group of await eventGroups(store, chunk.from, chunk.to)) groups.set(group.ingestSeq, group);
    done += chunk.rows;
    ctx.progress('rows digests', done, ledger.length);
  }
  throwIfAborted(signal);
  const events = [...groups.values()].reduce((n, g) => n + g.events, 0);
  if (ledger.length === 0 && events === 0) {
    return {
      check: 'case',
      verdict: 'not_applicable',
      summary: 'Nothing was imported into this case: its ledger and its events are empty.',
      counts: { ledgerRows: 0, events: 0 },
      findings: [],
      findingsTotal: 0,
      notes: [],
    };
  }

  const states: RowState[] = ledger.map((row) => {
    const group = groups.get(row.entry.seq);
    groups.delete(row.entry.seq);
    return {
      row,
      group,
      digestMatches: (group?.rowsDigest ?? EMPTY_ROWS_DIGEST) === row.entry.rows_digest,
      receivedOff:
        group !== undefined && (group.receivedMinUs !== row.recordedAtUs || group.receivedMaxUs !== row.recordedAtUs),
    };
  });
  const unledgered = [...groups.values()];
  const modified = new Set(
    states.filter((s) => ledgerEntryHash(s.row.entry) !== s.row.entryHash).map((s) => s.row.entry.seq),
  );
  const changed = states.filter((s) => !modified.has(s.row.entry.seq) && (!s.digestMatches || s.receivedOff));

  // Which events: only for the rows that need it, a few queries whatever their number.
  const detailed = changed.slice(0, DETAILED_SEQS);
  const listed = bySeq(
    await eventsOf(
      store,
      // Not after a net loss: the events left may be untouched, and a deleted one is gone.
      detailed
        .filter((s) => !s.digestMatches && (s.group?.events ?? 0) <= FEW_EVENTS)
        .filter((s) => (s.group?.events ?? 0) >= s.row.entry.added)
        .map((s) => s.row.entry.seq),
      'all',
      FEW_EVENTS,
    ),
  );
  const twice = bySeq(
    await eventsOf(
      store,
      detailed.filter((s) => (s.group?.events ?? 0) > s.row.entry.added).map((s) => s.row.entry.seq),
      'held_twice',
      UIDS_PER_FINDING,
    ),
  );
  const offTime = bySeq(
    await eventsOf(
      store,
      detailed.filter((s) => s.receivedOff).map((s) => s.row.entry.seq),
      'received_off_ledger',
      UIDS_PER_FINDING,
    ),
  );
  const orphans = bySeq(
    await eventsOf(
      store,
      unledgered.slice(0, DETAILED_SEQS).map((g) => g.ingestSeq),
      'all',
      UIDS_PER_FINDING,
    ),
  );
  throwIfAborted(signal);

  const findings = new FindingList();
  let previous: StoredLedgerRow | undefined;
  for (const state of states) {
    const link = linkFinding(state.row, previous);
    if (link) findings.add(link);
    const { entry } = state.row;
    if (modified.has(entry.seq)) {
      findings.add({
        ...where(state.row),
        check: 'case',
        class: 'ledger_modified',
        severity: 'damage',
        message:
          `Ledger row ${entry.seq}${objectText(state.row)} was edited: its hash does not match its content; its rows ` +
          `digest ${state.digestMatches ? 'still matches' : 'does not match'} the events stored under it.`,
        at: state.group?.firstAt ?? null,
      });
    } else if (!state.digestMatches || state.receivedOff) {
      const seq = entry.seq;
      findings.add(
        rowsChanged(
          state,
          listed.get(seq) ?? [],
          twice.get(seq) ?? [],
          offTime.get(seq) ?? [],
          detailed.includes(state),
        ),
      );
    }
    previous = state.row;
  }
  for (const group of unledgered) {
    const refs = orphans.get(group.ingestSeq) ?? [];
    const named = refs.length < group.events ? ` (the first ${refs.length} by uid named)` : '';
    findings.add({
      check: 'case',
      class: 'events_unledgered',
      severity: 'damage',
      message:
        `${plural(group.events, 'event')} ${group.events === 1 ? 'names' : 'name'} ledger row ${group.ingestSeq}, which the ledger does not hold: ` +
        `inserted behind Trailscope's back, or their ledger row removed${named}.`,
      ledgerSeqs: [group.ingestSeq],
      uids: refs.map((r) => r.uid),
      at: group.firstAt,
    });
  }

  const head = ledger.at(-1);
  const notes = [
    'Trailscope keeps one digest per ledger row, not per event: a change inside a ledger row of many events is ' +
      'named by its ledger row and object, not by the event (the chain check names events where a source chains them).',
  ];
  if (head) {
    notes.push(
      `Ledger head: row ${head.entry.seq}, hash ${head.entryHash}. The last rows removed together with their events ` +
        'leave no trace inside the case: compare this head with one noted earlier.',
    );
  }
  const byClass = new Map<string, number>();
  for (const f of findings.kept) byClass.set(f.class, (byClass.get(f.class) ?? 0) + 1);
  const checked = `${plural(ledger.length, 'ledger row')} and ${plural(events, 'event')}`;
  return {
    check: 'case',
    verdict: findings.verdict(),
    summary:
      findings.total === 0
        ? `${checked}: every rows digest, ledger hash and ledger link checks out.`
        : `${checked}: ${plural(findings.total, 'finding')} (${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')}).`,
    counts: { ledgerRows: ledger.length, events },
    findings: findings.kept,
    findingsTotal: findings.total,
    notes,
  };
}

/** Ledger rows in runs of about CASE_CHECK_CHUNK.events added events; the first and last runs are open-ended, so every event is
 *  in one run, also those whose ingest_seq names no ledger row. */
function chunksOf(ledger: StoredLedgerRow[]): { from: number | null; to: number | null; rows: number }[] {
  const starts: number[] = [];
  let inChunk = 0;
  for (const [index, row] of ledger.entries()) {
    if (index === 0 || inChunk + row.entry.added > CASE_CHECK_CHUNK.events) {
      starts.push(index);
      inChunk = 0;
    }
    inChunk += row.entry.added;
  }
  if (starts.length === 0) return [{ from: null, to: null, rows: 0 }];
  return starts.map((start, k) => {
    const next = starts[k + 1];
    return {
      from: k === 0 ? null : (ledger[start]?.entry.seq ?? null),
      to: next === undefined ? null : (ledger[next]?.entry.seq ?? 0) - 1,
      rows: (next ?? ledger.length) - start,
    };
  });
}

/** The link of `row` to the row before it (stored hashes: an edited row itself is ledger_modified, not a broken link). */
function linkFinding(row: StoredLedgerRow, previous: StoredLedgerRow | undefined): Finding | null {
  const { seq, prev_hash: prevHash } = row.entry;
  const expected = previous?.entryHash ?? LEDGER_GENESIS_HASH;
  if (prevHash === expected) return null;
  const firstMissing = (previous?.entry.seq ?? 0) + 1;
  const missing =
    firstMissing < seq
      ? `Ledger ${firstMissing === seq - 1 ? `row ${firstMissing} is` : `rows ${firstMissing}–${seq - 1} are`} missing: `
      : '';
  const message = previous
    ? `${missing}ledger row ${seq} does not link to row ${previous.entry.seq}` +
      (missing ? '.' : ': a row was removed and the rows renumbered, or rows were inserted or reordered.')
    : `${missing}ledger row ${seq}, the first, does not link to the start of the ledger` +
      (missing ? '.' : ': rows were inserted before it or it was replaced.');
  return {
    check: 'case',
    class: 'ledger_link_broken',
    severity: 'damage',
    message: message.charAt(0).toUpperCase() + message.slice(1),
    ledgerSeqs: previous ? [previous.entry.seq, seq] : [seq],
    ...(row.entry.object_key === null ? {} : { objectKeys: [row.entry.object_key] }),
  };
}

function rowsChanged(
  state: RowState,
  listed: EventRef[],
  twice: EventRef[],
  offTime: EventRef[],
  detailed: boolean,
): Finding {
  const { entry } = state.row;
  const now = state.group?.events ?? 0;
  const added = entry.added;
  const parts: string[] = [];
  if (!state.digestMatches) {
    let counts: string;
    if (now < added) counts = `it added ${plural(added, 'event')} and ${now} remain: ${added - now} deleted`;
    else if (now > added)
      counts = `it added ${plural(added, 'event')} and ${now} hold its seq now: ${now - added} inserted`;
    else
      counts = `it added ${plural(added, 'event')} and as many hold its seq now: one or more changed (or as many deleted as inserted)`;
    parts.push(`the events stored under it no longer give the rows digest recorded at import; ${counts}`);
  }
  if (twice.length > 0) parts.push(`${uidList(twice)} held twice in the case (an import stores a uid once)`);
  if (state.receivedOff) {
    parts.push(
      offTime.length > 0
        ? `${uidList(offTime)} received at a time other than the ledger row's`
        : "some of its events were received at a time other than the ledger row's",
    );
  }
  if (!state.digestMatches) {
    if (listed.length > 0) parts.push(`the change is among its ${plural(now, 'event')} named`);
    else if (now >= added && (now > FEW_EVENTS || !detailed))
      parts.push('which event cannot be told from the case alone (one digest per ledger row, not per event)');
    if (now < added) parts.push('a deleted event cannot be named');
  }
  const uids = [...new Set([...twice, ...offTime, ...listed].map((r) => r.uid))];
  const times = [...twice, ...offTime, ...listed].map((r) => r.at).sort();
  return {
    ...where(state.row),
    check: 'case',
    class: 'rows_changed',
    severity: 'damage',
    message: `Ledger row ${entry.seq}${objectText(state.row)}: ${parts.join('; ')}.`,
    ...(uids.length > 0 ? { uids } : {}),
    at: times[0] ?? state.group?.firstAt ?? null,
  };
}

function bySeq(refs: EventRef[]): Map<number, EventRef[]> {
  const map = new Map<number, EventRef[]>();
  for (const ref of refs) map.set(ref.ingestSeq, [...(map.get(ref.ingestSeq) ?? []), ref]);
  return map;
}

function where(row: StoredLedgerRow): Pick<Finding, 'ledgerSeqs' | 'objectKeys'> {
  return {
    ledgerSeqs: [row.entry.seq],
    ...(row.entry.object_key === null ? {} : { objectKeys: [row.entry.object_key] }),
  };
}

function objectText(row: StoredLedgerRow): string {
  return row.entry.object_key === null ? '' : ` (${row.entry.object_key})`;
}

function uidList(refs: EventRef[]): string {
  return refs.length === 1 ? `event ${refs[0]?.uid}` : `events ${refs.map((r) => r.uid).join(', ')}`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
