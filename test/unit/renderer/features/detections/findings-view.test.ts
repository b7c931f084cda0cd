// The Findings view's words and marks (findings-view.ts): every level has a name and a glyph; findings group by
// level, most severe first; the timeline gets one tick per finding's first event (the store's SQL time form read
// too), capped with the most severe kept; rows flagged by several findings list each once.
import { describe, expect, it } from 'vitest';
import { FINDING_LEVELS, findingQuery, type Finding, type FindingLevel } from '@shared/domain/detections';
import {
  LEVEL_LABELS,
  MAX_FINDING_MARKS,
  detectedEvents,
  findingMarks,
  findingTitle,
  groupByLevel,
  levelIcon,
  levelLabel,
} from '../../../../../src/renderer/src/features/detections/findings-view';

let nextId = 1;
function finding(level: FindingLevel, overrides: Partial<Finding> = {}): Finding {
  const id = nextId++;
  return {
    id,
    run: 1,
    ruleId: `builtin.rule-${id}`,
    title: `Rule ${id}`,
    level,
    ruleVersion: 'v',
    origin: 'builtin',
    file: null,
    tenantId: 't',
    subject: 'alice@example.com',
    uids: [`u${id}`],
    count: 1,
    first: '2025-03-01T10:00:00Z',
    last: '2025-03-01T10:00:00Z',
    foundAt: '2025-03-02T00:00:00Z',
    query: findingQuery(id),
    ...overrides,
  };
}

describe('levels', () => {
  it('names every level and gives each its own glyph; an unknown level reads as itself', () => {
    for (const level of FINDING_LEVELS) expect(levelLabel(level)).toBe(LEVEL_LABELS[level]);
    expect(new Set(FINDING_LEVELS.map(levelIcon)).size).toBe(FINDING_LEVELS.length);
    expect(levelLabel('severe')).toBe('severe');
  });

  it('groups findings by level, most severe first, keeping the listed order within a level', () => {
    const low = finding('low');
    const critical = finding('critical');
    const high1 = finding('high');
    const high2 = finding('high');
    const groups = groupByLevel([low, high1, critical, high2]);
    expect(groups.map((g) => g.level)).toEqual(['critical', 'high', 'low']);
    expect(groups[1]?.findings).toEqual([high1, high2]);
  });
});

describe('findingMarks', () => {
  it('puts a tick at each finding’s first event, reading the SQL time form as well', () => {
    const a = finding('high', { first: '2025-03-01 10:00:00+00', last: '2025-03-01 11:00:00+00' });
    const b = finding('low', { first: '2025-03-04T08:30:00.000Z' });
    const marks = findingMarks([b, a]);
    expect(marks).toEqual([
      { at: '2025-03-01T10:00:00.000Z', label: findingTitle(a), kind: 'finding' },
      { at: '2025-03-04T08:30:00.000Z', label: findingTitle(b), kind: 'finding' },
    ]);
    expect(findingTitle(a)).toBe(`High: ${a.title} — alice@example.com`);
  });

  it('gives one tick per rule and time, skips a finding with no readable time, and keeps the most severe when capped', () => {
    const twice = finding('medium');
    const same = { ...finding('medium'), ruleId: twice.ruleId };
    const timeless = finding('critical', { first: 'not a time' });
    expect(findingMarks([twice, same, timeless])).toHaveLength(1);

    const many = Array.from({ length: MAX_FINDING_MARKS + 5 }, (_, i) =>
      finding('low', { first: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() }),
    );
    const critical = finding('critical', { first: '2026-01-01T00:00:00Z' });
    const marks = findingMarks([...many, critical]);
    expect(marks).toHaveLength(MAX_FINDING_MARKS);
    expect(marks[0]?.label).toBe(findingTitle(critical));
  });
});

describe('detectedEvents', () => {
  it('maps each flagged uid to the titles of the findings that flag it, each once', () => {
    const a = finding('high', { uids: ['x', 'y'] });
    const b = finding('low', { uids: ['y'] });
    const detected = detectedEvents([a, b, a]);
    expect(detected.get('x')).toEqual([findingTitle(a)]);
    expect(detected.get('y')).toEqual([findingTitle(a), findingTitle(b)]);
    expect(detected.has('z')).toBe(false);
  });
});
