// A source row's state in words (source-status.ts, UX.md §8), from a job's events or the case's record.
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '@shared/domain/jobs';
import type { SourceDetails } from '@shared/domain/sources';
import {
  retryDelaySeconds,
  sourceStatus,
  type SourceJob,
} from '../../../../../src/renderer/src/features/sources/source-status';
import { progressPercent } from '../../../../../src/renderer/src/features/jobs/tracked-job';
import { apiSettings } from '../../../../helpers/source-settings';

const source: SourceDetails = {
  id: 'api-1',
  kind: 'api',
  problem: null,
  name: 'Okta',
  createdAt: '2025-03-14T08:00:00.000Z',
  checkpoint: null,
  summary: 'Okta System Log · acme.okta.com',
  credentials: 'token from environment variable OKTA_TOKEN',
  settings: apiSettings({ preset: 'okta', baseUrl: 'https://acme.okta.com', tokenRef: 'OKTA_TOKEN' }),
  lastSync: null,
  lastFailure: null,
  coverage: { events: 0, first: null, last: null },
  covered: [],
  gaps: [],
  retainedFrom: null,
  doubt: null,
  activeJob: null,
};
const progress = (p: Partial<JobProgress>): JobProgress => ({
  phase: 'logs: page 1',
  done: 1,
  total: null,
  events: 10,
  bytes: 0,
  fraction: null,
  rate: 5,
  etaSeconds: null,
  ...p,
});
const job = (j: Partial<SourceJob>): SourceJob => ({
  jobId: 'j',
  sourceId: 'api-1',
  follow: false,
  state: 'running',
  progress: null,
  progressAt: null,
  error: null,
  endedAt: null,
  added: null,
  ...j,
});
const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;
const NOW = Date.parse('2025-03-14T14:05:00Z');

describe('a source row’s state', () => {
  it('counts down a rate limit from the retry the core announced', () => {
    const issue = 'logs: rate limited (HTTP 429); retry 1 of 4 in 23.0 s';
    expect(retryDelaySeconds(issue)).toBe(23);
    const status = sourceStatus(
      source,
      job({ progress: progress({ phase: 'logs: waiting to retry', lastIssue: issue }), progressAt: NOW - 5_000 }),
      NOW,
      clock,
    );
    expect(status).toMatchObject({ tone: 'warning', label: 'Rate-limited', detail: 'retry in 18 s', active: true });
  });

  it('shows an ETA and a bar only when the total is known, capped at 100%', () => {
    const unknown = sourceStatus(source, job({ progress: progress({ etaSeconds: 40 }) }), NOW, clock);
    expect(unknown).toMatchObject({ label: 'Syncing', percent: null, etaSeconds: null });
    const known = sourceStatus(source, job({ progress: progress({ done: 12, total: 10, etaSeconds: 0 }) }), NOW, clock);
    expect(known).toMatchObject({ percent: 100, etaSeconds: 0 });
  });

  it('shows a journaled failure in any session until a sync completes after it', () => {
    const failed = {
      ...source,
      lastSync: { at: '2025-03-14T09:00:00Z', added: 5, duplicates: 0, rejected: 0 },
      lastFailure: { at: '2025-03-14T13:10:00Z', code: 'AUTH', message: 'Okta refused the token (HTTP 401).' },
    };
    expect(sourceStatus(failed, null, NOW, clock)).toMatchObject({
      tone: 'failure',
      label: 'Failed',
      detail: 'Okta refused the token (HTTP 401). (13:10 UTC)',
    });
    // A run of this session outranks what the journal says.
    expect(
      sourceStatus(failed, job({ state: 'completed', endedAt: '2025-03-14T14:02:10Z' }), NOW, clock),
    ).toMatchObject({ label: 'Up to date' });
  });

  it('follows the byte fraction over the object count, so the bar moves while a batch is stored', () => {
    const storing = sourceStatus(
      source,
      job({ progress: progress({ done: 40, total: 100, fraction: 0.634, etaSeconds: 12 }) }),
      NOW,
      clock,
    );
    expect(storing).toMatchObject({ percent: 63, etaSeconds: 12 });
    expect(progressPercent(progress({ done: 1, total: 4, fraction: null }))).toBe(25);
    expect(progressPercent(progress({ done: 0, total: null, fraction: null }))).toBeNull();
  });

  it('says Queued, Failed (in words), Up to date with the time, and Never synced', () => {
    expect(sourceStatus(source, job({ state: 'queued' }), NOW, clock).label).toBe('Queued');
    expect(
      sourceStatus(
        source,
        job({ progress: progress({ phase: 'queued: waiting for another import or sync to finish' }) }),
        NOW,
        clock,
      ).label,
    ).toBe('Queued');
    expect(
      sourceStatus(source, job({ state: 'failed', error: 'Okta refused the credential' }), NOW, clock),
    ).toMatchObject({ tone: 'failure', label: 'Failed', detail: 'Okta refused the credential', active: false });
    expect(
      sourceStatus(source, job({ state: 'completed', endedAt: '2025-03-14T14:02:10Z' }), NOW, clock),
    ).toMatchObject({ label: 'Up to date', detail: '14:02 UTC', percent: 100 });
    expect(sourceStatus(source, null, NOW, clock)).toMatchObject({ label: 'Never synced', percent: undefined });
    const old = { ...source, lastSync: { at: '2025-03-01T09:00:00.000Z', added: 5, duplicates: 0, rejected: 0 } };
    expect(sourceStatus(old, null, NOW, clock).label).toBe('Last synced');
  });

  it('says Cannot sync, with the field at fault, for a source whose saved settings fail the core’s checks', () => {
    const broken = { ...source, settings: null, problem: 'settings.tokenRef: "A B" is neither …' };
    expect(sourceStatus(broken, null, NOW, clock)).toMatchObject({
      tone: 'failure',
      label: 'Cannot sync',
      detail: 'settings.tokenRef: "A B" is neither …',
    });
  });
});
