// A job this session follows (tracked-job.ts): whether it still runs, its progress in words, and the events that
// arrive before the call that starts it answers — kept per job, bounded, and handed over once its id is known.
import { describe, expect, it } from 'vitest';
import type { JobEvent, JobProgress } from '@shared/domain/jobs';
import {
  QUEUED_JOB,
  isActive,
  keepEarly,
  nextJob,
  progressDetail,
  takeEarly,
} from '../../../../../src/renderer/src/features/jobs/tracked-job';

const progress = (over: Partial<JobProgress> = {}): JobProgress => ({
  phase: 'hash chain',
  done: 1200,
  total: 4000,
  events: 0,
  bytes: 0,
  fraction: null,
  rate: 0,
  etaSeconds: null,
  ...over,
});

const started = (jobId: string): JobEvent => ({
  type: 'started',
  jobId,
  kind: 'verify',
  at: '2026-01-01T00:00:00.000Z',
});

describe('a tracked job', () => {
  it('is active while queued or running, not once it ended or when there is none', () => {
    expect(isActive(QUEUED_JOB)).toBe(true);
    expect(isActive(nextJob(QUEUED_JOB, started('j')))).toBe(true);
    expect(isActive(nextJob(QUEUED_JOB, { type: 'completed', jobId: 'j', summary: {} }))).toBe(false);
    expect(isActive(nextJob(QUEUED_JOB, { type: 'cancelled', jobId: 'j' }))).toBe(false);
    expect(
      isActive(nextJob(QUEUED_JOB, { type: 'failed', jobId: 'j', error: { code: 'INTERNAL', message: 'x' } })),
    ).toBe(false);
    expect(isActive(null)).toBe(false);
  });

  it('says its phase, and done of total only when the total is known', () => {
    expect(progressDetail(progress())).toBe('hash chain · 1,200 of 4,000');
    expect(progressDetail(progress({ phase: 'listing', total: null }))).toBe('listing');
  });
});

describe('events that arrive before the job id', () => {
  it('keeps them per job in order and hands over only the ones of the job now known', () => {
    let early = keepEarly({}, started('a'), 20);
    early = keepEarly(early, started('b'), 20);
    early = keepEarly(early, { type: 'progress', jobId: 'a', ...progress() }, 20);

    const { waiting, rest } = takeEarly(early, 'a');

    expect(waiting.map((e) => e.type)).toEqual(['started', 'progress']);
    expect(Object.keys(rest)).toEqual(['b']);
    expect(Object.keys(early)).toEqual(['a', 'b']);
    expect(takeEarly(rest, 'unknown').waiting).toEqual([]);
  });

  it('keeps the last 20 events of a job and drops the job seen first beyond the limit of jobs', () => {
    let early = {};
    for (let done = 0; done < 25; done++)
      early = keepEarly(early, { type: 'progress', jobId: 'a', ...progress({ done }) }, 2);
    early = keepEarly(early, started('b'), 2);
    const kept = takeEarly(early, 'a').waiting;
    expect(kept).toHaveLength(20);
    expect(kept[0]).toMatchObject({ done: 5 });

    early = keepEarly(early, started('c'), 2);

    expect(Object.keys(early)).toEqual(['b', 'c']);
  });
});
