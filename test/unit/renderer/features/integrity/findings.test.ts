// The Integrity view's words and marks (findings.ts): every check, verdict and finding class has a readable name;
// findings group by class with damage first; positions read as text with long lists cut; the timeline's ticks and
// the flagged rows come from damage findings only (a CloudTrail delivery gap is information, not a break).
import { describe, expect, it } from 'vitest';
import {
  CLASS_LABELS,
  FINDING_CLASSES,
  INTEGRITY_CHECKS,
  type CheckOutcome,
  type Finding,
  type VerificationRecord,
} from '@shared/domain/integrity';
import {
  LIST_SHOWN,
  MAX_TIME_MARKS,
  checkLabel,
  classLabel,
  findingInstant,
  flaggedEvents,
  groupFindings,
  positionText,
  timelineMarks,
  verdictLabel,
} from '../../../../../src/renderer/src/features/integrity/findings';

const finding = (over: Partial<Finding>): Finding => ({
  check: 'chain',
  class: 'modified',
  message: 'The event at seq 7 was changed.',
  severity: 'damage',
  ...over,
});

const outcome = (findings: Finding[], over: Partial<CheckOutcome> = {}): CheckOutcome => ({
  check: 'chain',
  verdict: findings.some((f) => f.severity === 'damage') ? 'findings' : 'intact',
  summary: '',
  counts: {},
  findings,
  findingsTotal: findings.length,
  notes: [],
  ...over,
});

const record = (outcomes: CheckOutcome[]): VerificationRecord => ({
  seq: 1,
  recordedAt: '2025-03-01T00:00:00Z',
  osUser: 'ana',
  checks: outcomes.map((o) => o.check),
  verdict: 'findings',
  outcomes,
});

describe('labels', () => {
  it('names every finding class of every check, and no class twice', () => {
    const classes = INTEGRITY_CHECKS.flatMap((check) => [...FINDING_CLASSES[check]]);
    for (const c of classes) expect(classLabel(c)).not.toBe(c);
    expect(Object.keys(CLASS_LABELS).sort()).toEqual([...classes].sort());
    expect(new Set(Object.values(CLASS_LABELS)).size).toBe(classes.length);
  });

  it('reads checks and verdicts, and shows an unknown one as it is', () => {
    expect(checkLabel('chain')).toBe('Hash chain');
    expect(checkLabel('cloudtrail')).toBe('CloudTrail digests');
    expect(verdictLabel('not_applicable')).toBe('Not applicable');
    expect(classLabel('from_a_newer_version')).toBe('from_a_newer_version');
  });
});

describe('groupFindings', () => {
  it('groups by class in the order found, damage before information', () => {
    const gap = finding({ check: 'cloudtrail', class: 'delivery_gap', severity: 'info', message: 'gap' });
    const a = finding({ class: 'missing', message: 'a' });
    const b = finding({ class: 'modified', message: 'b' });
    const c = finding({ class: 'missing', message: 'c' });
    const groups = groupFindings(outcome([gap, a, b, c]));
    expect(groups.map((g) => [g.label, g.findings.map((f) => f.message)])).toEqual([
      ['Missing events', ['a', 'c']],
      ['Modified event', ['b']],
      ['No log files delivered', ['gap']],
    ]);
  });
});

describe('positionText', () => {
  it('names tenant, seqs and ledger rows', () => {
    expect(positionText(finding({ tenantId: 'acme', seqs: [41, 57] }))).toBe('tenant acme · seqs 41, 57');
    expect(positionText(finding({ seqs: [1200] }))).toBe('seq 1,200');
    expect(positionText(finding({ check: 'case', class: 'ledger_modified', ledgerSeqs: [3] }))).toBe('ledger row 3');
    expect(positionText(finding({}))).toBe('');
  });

  it('cuts a long list after LIST_SHOWN and says how many more', () => {
    const seqs = Array.from({ length: LIST_SHOWN + 5 }, (_, i) => i + 1);
    const text = positionText(finding({ seqs }));
    expect(text).toMatch(new RegExp(`^seqs 1, 2, .*, ${LIST_SHOWN} … and 5 more$`));
  });
});

describe('findingInstant', () => {
  it('reads ISO-8601 and the SQL form of a time, and nothing else', () => {
    const ms = Date.UTC(2025, 9, 10, 19, 41, 39, 795);
    expect(findingInstant('2025-10-10T19:41:39.795Z')).toBe(ms);
    expect(findingInstant('2025-10-10T19:41:39.795123Z')).toBe(ms);
    expect(findingInstant('2025-10-10 19:41:39.795+00')).toBe(ms);
    expect(findingInstant('2025-10-10 21:41:39.795+02:00')).toBe(ms);
    expect(findingInstant('2025-10-10 14:11:39.795-0530')).toBe(ms);
    expect(findingInstant('2025-10-10 19:41:39.795')).toBe(ms);
    expect(findingInstant('yesterday')).toBeNaN();
    expect(findingInstant(null)).toBeNaN();
    expect(findingInstant(undefined)).toBeNaN();
  });
});

describe('timelineMarks and flaggedEvents', () => {
  it('mark each damage finding with a time once per time and class, and flag its uids', () => {
    const at = '2025-03-01T10:00:00.123456Z';
    const verification = record([
      outcome([
        finding({ class: 'modified', uids: ['u7'], at, message: 'seq 7 changed' }),
        finding({ class: 'modified', uids: ['u7'], at, message: 'seq 7 changed' }),
        finding({ class: 'broken_link', uids: ['u8', 'u7'], at, message: 'seq 8 link' }),
        finding({ class: 'missing', seqs: [9], message: 'seq 9 missing', at: null }),
      ]),
      outcome(
        [finding({ check: 'cloudtrail', class: 'delivery_gap', severity: 'info', at, uids: ['u1'], message: 'gap' })],
        { check: 'cloudtrail' },
      ),
    ]);
    // Ticks carry the time as ISO-8601 in UTC, to the millisecond.
    const tick = '2025-03-01T10:00:00.123Z';
    expect(timelineMarks(verification)).toEqual([
      { at: tick, label: 'Hash chain: Modified event — seq 7 changed' },
      { at: tick, label: 'Hash chain: Broken link — seq 8 link' },
    ]);
    const flagged = flaggedEvents(verification);
    expect([...flagged.keys()]).toEqual(['u7', 'u8']);
    expect(flagged.get('u7')?.split('\n')).toEqual([
      'Hash chain: Modified event — seq 7 changed',
      'Hash chain: Broken link — seq 8 link',
    ]);
    expect(flagged.has('u1')).toBe(false);
  });

  it('draw at most MAX_TIME_MARKS ticks, and nothing without a verification', () => {
    const many = Array.from({ length: MAX_TIME_MARKS + 10 }, (_, i) =>
      finding({ at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), message: `m${i}` }),
    );
    expect(timelineMarks(record([outcome(many)]))).toHaveLength(MAX_TIME_MARKS);
    expect(timelineMarks(null)).toEqual([]);
    expect(flaggedEvents(null).size).toBe(0);
  });
});
