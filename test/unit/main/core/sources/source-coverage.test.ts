// What a source's runs covered (sources/source-coverage.ts), from the facts the store reads: covered periods merged
// from a sync's open run and its explicit windows, the holes between them, a failure since the last completed run,
// file spans with the holes between files, and each lane bucket's state.
import { describe, expect, it } from 'vitest';
import { laneStates, sourceCoverage } from '../../../../../src/main/core/sources/source-coverage';
import type { SourceHistory } from '../../../../../src/main/core/store/source-history';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-10T00:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

function history(extra: Partial<SourceHistory>): SourceHistory {
  return {
    coverage: { events: 10, first: at(0), last: at(5) },
    lastSync: null,
    lastFailure: null,
    lastOpenRun: null,
    windows: [],
    fileSpans: [],
    ledger: { first: at(6), objects: 1 },
    ...extra,
  };
}

describe('sourceCoverage', () => {
  it('a run with no window covers from the first event to when it ended', () => {
    expect(sourceCoverage('api', history({ lastOpenRun: at(8) }), null, T0)).toEqual({
      covered: [{ from: at(0), to: at(8) }],
      gaps: [],
      retainedFrom: null,
    });
  });

  it('explicit windows merge where they overlap; the hole between them is not synced', () => {
    const windows = [
      { since: at(0), until: at(2), at: at(9) },
      { since: at(1), until: at(3), at: at(9) },
      { since: at(5), until: null, at: at(6) },
    ];
    const { covered, gaps } = sourceCoverage('api', history({ windows }), null, T0);
    expect(covered).toEqual([
      { from: at(0), to: at(3) },
      { from: at(5), to: at(6) },
    ]);
    expect(gaps).toEqual([{ from: at(3), to: at(5), kind: 'not-synced', reason: 'no sync asked for this period' }]);
  });

  it('a window given in Unix seconds (Slack) is read as a time', () => {
    const windows = [{ since: String((T0 + HOUR) / 1000), until: String((T0 + 2 * HOUR) / 1000), at: at(9) }];
    expect(sourceCoverage('api', history({ windows }), null, T0).covered).toEqual([{ from: at(1), to: at(2) }]);
  });

  it('a failure since the last completed run is a gap from where coverage ends to the failure', () => {
    const failure = { at: at(12), code: 'AUTH', message: 'HTTP 401' };
    const { gaps } = sourceCoverage('api', history({ lastOpenRun: at(8), lastFailure: failure }), null, T0);
    expect(gaps).toEqual([
      {
        from: at(8),
        to: at(12),
        kind: 'failed',
        reason: `the sync at ${at(12)} failed: HTTP 401; none has completed since`,
      },
    ]);
  });

  it('a first sync that failed, with nothing in the case, is a gap at the failure', () => {
    const failure = { at: at(12), code: 'AUTH', message: 'HTTP 401' };
    const empty = history({ coverage: { events: 0, first: null, last: null }, lastFailure: failure });
    expect(sourceCoverage('s3', empty, null, T0).gaps).toEqual([
      expect.objectContaining({ from: at(12), to: at(12), kind: 'failed' }),
    ]);
  });

  it('file imports cover their files’ spans; the holes between are not imported', () => {
    const fileSpans = [
      { from: at(0), to: at(1) },
      { from: at(30), to: at(31) },
    ];
    expect(sourceCoverage('files', history({ fileSpans }), null, T0).gaps).toEqual([
      { from: at(1), to: at(30), kind: 'not-imported', reason: 'no imported file holds events in this period' },
    ]);
  });

  it('retention counts back from now', () => {
    expect(sourceCoverage('api', undefined, 90, T0).retainedFrom).toBe(new Date(T0 - 90 * 24 * HOUR).toISOString());
  });
});

describe('laneStates', () => {
  const coverage = {
    covered: [{ from: at(2), to: at(4) }],
    gaps: [{ from: at(4), to: at(6), kind: 'failed' as const, reason: '' }],
    retainedFrom: at(1),
  };
  const starts = [0, 1, 2, 3, 4, 5, 6].map(at);

  it('events first, then no activity inside coverage, outside retention, a gap’s kind, and not synced', () => {
    expect(laneStates('api', coverage, [0, 0, 3, 0, 0, 0, 0], starts, at(7))).toEqual([
      'retention',
      'not-synced',
      'events',
      'quiet',
      'failed',
      'failed',
      'not-synced',
    ]);
  });

  it('outside coverage is not imported for files and unknown for a source nothing records runs of', () => {
    const none = { covered: [], gaps: [], retainedFrom: null };
    expect(laneStates('files', none, [0], [at(0)], at(1))).toEqual(['not-imported']);
    expect(laneStates('unknown', none, [0], [at(0)], at(1))).toEqual(['unknown']);
  });
});
