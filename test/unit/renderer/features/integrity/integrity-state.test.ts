// How the Integrity view's state moves (integrity-state.ts): a verify job follows its pushed events, also those that
// arrive before jobs.verify answers; other jobs' events do not touch it, and an import or sync that completes makes
// the newest verification stale until a newer one is listed; a new list keeps or drops the verification chosen and
// takes the newest one's marks.
import { describe, expect, it } from 'vitest';
import type { VerificationRecord } from '@shared/domain/integrity';
import type { JobEvent } from '@shared/domain/jobs';
import {
  afterList,
  applyJobEvent,
  shownVerification,
  type JobsPart,
  type ListPart,
} from '../../../../../src/renderer/src/features/integrity/integrity-state';
import { nextJob } from '../../../../../src/renderer/src/features/jobs/tracked-job';

const VERIFY = '3b0c1f8e-5f0e-4d7a-9b1e-1a2b3c4d5e6f';
const IMPORT = '11111111-1111-4111-8111-111111111111';

const jobs = (over: Partial<JobsPart> = {}): JobsPart => ({
  job: null,
  early: {},
  addingJobs: {},
  eventsAddedSince: false,
  ...over,
});

const progress = (jobId: string, done: number): JobEvent => ({
  type: 'progress',
  jobId,
  phase: 'hash chain',
  done,
  total: 3000,
  events: 0,
  bytes: 0,
  fraction: done / 3000,
  rate: 0,
  etaSeconds: null,
});

/** Applies events in order, collecting whether any asked for a reload. */
function applyAll(part: JobsPart, events: JobEvent[]): { part: JobsPart; reloads: number } {
  let reloads = 0;
  for (const event of events) {
    const next = applyJobEvent(part, event);
    part = next.part;
    if (next.reload) reloads++;
  }
  return { part, reloads };
}

function verification(seq: number, over: Partial<VerificationRecord> = {}): VerificationRecord {
  return {
    seq,
    recordedAt: `2025-03-0${seq}T12:00:00.000Z`,
    osUser: 'ana',
    checks: ['chain'],
    verdict: 'intact',
    outcomes: [],
    ...over,
  };
}

describe('a verify job', () => {
  it('keeps events that arrive before its id is known, then follows them once it is', () => {
    const before = applyAll(jobs({ job: { jobId: null, state: 'queued', progress: null, error: null } }), [
      { type: 'started', jobId: VERIFY, kind: 'verify', at: '2025-03-02T12:00:00Z' },
      progress(VERIFY, 1200),
    ]);
    expect(before.part.job?.state).toBe('queued');
    const waiting = before.part.early[VERIFY] ?? [];
    expect(waiting.map((e) => e.type)).toEqual(['started', 'progress']);

    // jobs.verify answered: the store sets the id and replays what waited.
    const known = { ...before.part, job: { jobId: VERIFY, state: 'queued' as const, progress: null, error: null } };
    const after = applyAll(known, waiting);
    expect(after.part.job).toMatchObject({ state: 'running', progress: { phase: 'hash chain', done: 1200 } });
    expect(after.reloads).toBe(0);

    const done = applyAll(after.part, [{ type: 'completed', jobId: VERIFY, summary: { verificationSeq: 2 } }]);
    expect(done.part.job?.state).toBe('completed');
    expect(done.reloads).toBe(1);
  });

  it('fails with the core’s words and asks for no reload; another job’s end does not touch it', () => {
    const start = jobs({ job: { jobId: VERIFY, state: 'running', progress: null, error: null } });
    const other = applyAll(start, [{ type: 'completed', jobId: '00000000-0000-4000-8000-000000000000', summary: {} }]);
    expect(other.part.job?.state).toBe('running');
    expect(other.reloads).toBe(0);
    const failed = applyAll(start, [
      { type: 'failed', jobId: VERIFY, error: { code: 'INTERNAL', message: 'disk gone' } },
    ]);
    expect(failed.part.job).toMatchObject({ state: 'failed', error: 'disk gone' });
    expect(failed.reloads).toBe(0);
    const running = { jobId: VERIFY, state: 'running' as const, progress: null, error: null };
    expect(nextJob(running, { type: 'cancelled', jobId: VERIFY }).state).toBe('cancelled');
  });

  it('keeps at most 20 jobs’ early events, the newest', () => {
    const events = Array.from({ length: 25 }, (_, i) => progress(`job-${i}`, i));
    const { part } = applyAll(jobs(), events);
    expect(Object.keys(part.early)).toEqual(events.slice(5).map((e) => e.jobId));
  });
});

describe('imports and syncs', () => {
  it('make the newest verification stale once one completes, not when one fails', () => {
    const failed = applyAll(jobs(), [
      { type: 'started', jobId: IMPORT, kind: 'import', at: '2025-03-02T00:00:00Z' },
      progress(IMPORT, 1),
      { type: 'failed', jobId: IMPORT, error: { code: 'IO', message: 'gone' } },
    ]);
    expect(failed.part.eventsAddedSince).toBe(false);
    expect(failed.part.early).toEqual({});

    const completed = applyAll(jobs(), [
      { type: 'started', jobId: IMPORT, kind: 'sync', at: '2025-03-02T00:00:00Z' },
      { type: 'completed', jobId: IMPORT, summary: { added: 5 } },
    ]);
    expect(completed.part.eventsAddedSince).toBe(true);
    expect(completed.part.addingJobs).toEqual({});
  });
});

describe('a new list of verifications', () => {
  const empty: ListPart = { verifications: [], shownSeq: null, eventsAddedSince: false, marks: [], flagged: new Map() };

  it('keeps the verification chosen while it is listed, and forgets it when it is not', () => {
    const listed = { ...afterList(empty, [verification(3), verification(2), verification(1)]), shownSeq: 1 };
    expect(shownVerification(listed)?.seq).toBe(1);
    expect(afterList(listed, [verification(4), verification(3), verification(2), verification(1)]).shownSeq).toBe(1);
    const later = afterList(listed, [verification(4), verification(3)]);
    expect(later.shownSeq).toBeNull();
    expect(shownVerification(later)?.seq).toBe(4);
    expect(shownVerification(empty)).toBeNull();
  });

  it('stays stale for the same newest verification, and is fresh with a newer one', () => {
    const listed = { ...afterList(empty, [verification(1)]), eventsAddedSince: true };
    expect(afterList(listed, [verification(1)]).eventsAddedSince).toBe(true);
    expect(afterList(listed, [verification(2), verification(1)]).eventsAddedSince).toBe(false);
  });

  it('takes the marks of the newest verification only', () => {
    const at = '2025-03-02T10:00:00.000Z';
    const broken = verification(2, {
      verdict: 'findings',
      outcomes: [
        {
          check: 'chain',
          verdict: 'findings',
          summary: '1 event modified',
          counts: { events: 3000 },
          findings: [
            {
              check: 'chain',
              class: 'modified',
              message: 'The event at seq 2500 was changed.',
              severity: 'damage',
              seqs: [2500],
              uids: ['evt_2500'],
              at,
            },
          ],
          findingsTotal: 1,
          notes: [],
        },
      ],
    });
    const newestBroken = afterList(empty, [broken, verification(1)]);
    expect(newestBroken.marks).toEqual([
      { at, label: 'Hash chain: Modified event — The event at seq 2500 was changed.' },
    ]);
    expect([...newestBroken.flagged.keys()]).toEqual(['evt_2500']);
    const newestIntact = afterList(newestBroken, [verification(3), broken]);
    expect(newestIntact.marks).toEqual([]);
    expect(newestIntact.flagged.size).toBe(0);
  });
});
