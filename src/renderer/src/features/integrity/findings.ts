// The Integrity view's words and marks, from a stored verification (UX.md §13): readable names for checks, verdicts
// and finding classes, findings grouped by class, their positions as text, the timeline's ticks and the rows to
// mark. Pure: no store, no bridge, so it is tested on its own.
import {
  CHECK_LABELS,
  CLASS_LABELS,
  VERDICT_LABELS,
  type CheckOutcome,
  type Finding,
  type VerificationRecord,
} from '@shared/domain/integrity';
import type { TimeMark } from '../histogram/time-marks';

/** A class's name for people; an unknown one (from a newer version) as it is. */
export function classLabel(findingClass: string): string {
  return (CLASS_LABELS as Record<string, string>)[findingClass] ?? findingClass;
}

export function checkLabel(check: string): string {
  return (CHECK_LABELS as Record<string, string>)[check] ?? check;
}

export function verdictLabel(verdict: string): string {
  return (VERDICT_LABELS as Record<string, string>)[verdict] ?? verdict;
}

/** The glyph beside a verdict, so it never rests on colour alone. */
export function verdictIcon(verdict: string): string {
  return verdict === 'intact' ? '✓' : verdict === 'findings' ? '✖' : '–';
}

export interface FindingGroup {
  findingClass: string;
  label: string;
  findings: Finding[];
}

/** An outcome's kept findings grouped by class, damage before information, each group in the order found. */
export function groupFindings(outcome: CheckOutcome): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of outcome.findings) {
    let group = groups.get(finding.class);
    if (!group) {
      group = { findingClass: finding.class, label: classLabel(finding.class), findings: [] };
      groups.set(finding.class, group);
    }
    group.findings.push(finding);
  }
  const isInfo = (g: FindingGroup) => g.findings.every((f) => f.severity === 'info');
  return [...groups.values()].sort((a, b) => Number(isInfo(a)) - Number(isInfo(b)));
}

/** How many of a list a finding shows before "… and N more". */
export const LIST_SHOWN = 20;

function listed(prefix: string, values: readonly (string | number)[]): string {
  const shown = values.slice(0, LIST_SHOWN).map((v) => (typeof v === 'number' ? v.toLocaleString('en-US') : v));
  const more = values.length - shown.length;
  return `${prefix} ${shown.join(', ')}${more > 0 ? ` … and ${more.toLocaleString('en-US')} more` : ''}`;
}

/** Where a finding is, in words: its tenant, seq numbers and ledger rows (keys and uids are listed apart). */
export function positionText(finding: Finding): string {
  const parts: string[] = [];
  if (finding.tenantId) parts.push(`tenant ${finding.tenantId}`);
  if (finding.seqs && finding.seqs.length > 0)
    parts.push(listed(finding.seqs.length === 1 ? 'seq' : 'seqs', finding.seqs));
  if (finding.ledgerSeqs && finding.ledgerSeqs.length > 0)
    parts.push(listed(finding.ledgerSeqs.length === 1 ? 'ledger row' : 'ledger rows', finding.ledgerSeqs));
  return parts.join(' · ');
}

/** The findings that are damage (not information like a CloudTrail delivery gap), over every outcome. */
function damage(record: VerificationRecord): { outcome: CheckOutcome; finding: Finding }[] {
  return record.outcomes.flatMap((outcome) =>
    outcome.findings.filter((f) => f.severity === 'damage').map((finding) => ({ outcome, finding })),
  );
}

/** A time as SQL prints it: `2025-10-10 19:41:39.795+00` (a zone-less one is UTC, as the store keeps times). */
const SQL_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?)?$/;

/**
 * A finding's time in epoch ms (NaN when it has none that reads as a time): ISO-8601, and also the SQL form a check
 * may hand over as it came from the store.
 */
export function findingInstant(at: string | null | undefined): number {
  if (!at) return NaN;
  const sql = SQL_TIME.exec(at.trim());
  if (!sql) return Date.parse(at);
  const [, date, time, hours, minutes] = sql;
  return Date.parse(`${date}T${time}${hours ? `${hours}:${minutes ?? '00'}` : 'Z'}`);
}

/** What a mark or a flagged row says on hover: the check, the class and the finding's sentence. */
export function findingTitle(finding: Finding): string {
  return `${checkLabel(finding.check)}: ${classLabel(finding.class)} — ${finding.message}`;
}

/** Ticks on the timeline: at most this many (a chain with a million gaps still draws a readable chart). */
export const MAX_TIME_MARKS = 500;

/** The timeline's ticks from a verification: each damage finding that has a time, once per time and class. */
export function timelineMarks(record: VerificationRecord | null): TimeMark[] {
  if (!record) return [];
  const seen = new Set<string>();
  const marks: TimeMark[] = [];
  for (const { finding } of damage(record)) {
    const ms = findingInstant(finding.at);
    if (Number.isNaN(ms)) continue;
    const at = new Date(ms).toISOString();
    const key = `${at}\u0000${finding.class}`;
    if (seen.has(key)) continue;
    seen.add(key);
    marks.push({ at, label: findingTitle(finding) });
    if (marks.length >= MAX_TIME_MARKS) break;
  }
  return marks;
}

/** The events a verification flags (uid → what flagged it): the table marks their rows, the drawer says why. */
export function flaggedEvents(record: VerificationRecord | null): ReadonlyMap<string, string> {
  const flagged = new Map<string, string>();
  if (!record) return flagged;
  for (const { finding } of damage(record)) {
    for (const uid of finding.uids ?? []) {
      const title = findingTitle(finding);
      const before = flagged.get(uid);
      if (before === undefined) flagged.set(uid, title);
      else if (!before.includes(title)) flagged.set(uid, `${before}\n${title}`);
    }
  }
  return flagged;
}
