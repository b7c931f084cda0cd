// The Findings view's words and marks, from the latest detection run (findings.list): levels in words and glyphs,
// findings grouped by level, a finding's line, the timeline's ticks and what each flagged row says. Pure: no store,
// no bridge, so it is tested on its own.
import { FINDING_LEVELS, type Finding, type FindingLevel } from '@shared/domain/detections';
import type { TimeMark } from '../histogram/time-marks';
import { findingInstant } from '../integrity/findings';

export const LEVEL_LABELS: Record<FindingLevel, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
};

/** The glyph beside a level, so it never rests on colour alone. */
const LEVEL_ICONS: Record<FindingLevel, string> = {
  critical: '‼',
  high: '!',
  medium: '▲',
  low: '•',
  informational: 'i',
};

export function levelLabel(level: string): string {
  return (LEVEL_LABELS as Record<string, string>)[level] ?? level;
}

export function levelIcon(level: string): string {
  return (LEVEL_ICONS as Record<string, string>)[level] ?? '•';
}

/** Most severe first. */
const LEVELS_DOWN = [...FINDING_LEVELS].reverse();

export interface LevelGroup {
  level: FindingLevel;
  findings: Finding[];
}

/** The findings by level, most severe first; each level's findings in the order listed (the core sorts them). */
export function groupByLevel(findings: readonly Finding[]): LevelGroup[] {
  return LEVELS_DOWN.map((level) => ({ level, findings: findings.filter((f) => f.level === level) })).filter(
    (group) => group.findings.length > 0,
  );
}

/** What a mark or a flagged row says: the level, the rule and whom it is about. */
export function findingTitle(finding: Finding): string {
  return `${levelLabel(finding.level)}: ${finding.title}${finding.subject ? ` — ${finding.subject}` : ''}`;
}

/** Ticks on the timeline: at most this many, the most severe kept first. */
export const MAX_FINDING_MARKS = 300;

/** A tick at each finding's first event (where it starts), once per time and rule. */
export function findingMarks(findings: readonly Finding[]): TimeMark[] {
  const seen = new Set<string>();
  const marks: TimeMark[] = [];
  for (const group of groupByLevel(findings)) {
    for (const finding of group.findings) {
      const ms = findingInstant(finding.first);
      if (Number.isNaN(ms)) continue;
      const at = new Date(ms).toISOString();
      const key = `${at}\u0000${finding.ruleId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      marks.push({ at, label: findingTitle(finding), kind: 'finding' });
      if (marks.length >= MAX_FINDING_MARKS) return marks;
    }
  }
  return marks;
}

/**
 * The events the run flags (uid → the titles of the findings that flag it), for the table's rows and the drawer:
 * those findings.list gave (the first of each finding's, detections.store.ts).
 */
export function detectedEvents(findings: readonly Finding[]): ReadonlyMap<string, string[]> {
  const detected = new Map<string, string[]>();
  for (const finding of findings) {
    const title = findingTitle(finding);
    for (const uid of finding.uids) {
      const titles = detected.get(uid);
      if (titles === undefined) detected.set(uid, [title]);
      else if (!titles.includes(title)) titles.push(title);
    }
  }
  return detected;
}
