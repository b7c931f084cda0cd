// Detections as the renderer and the CLI see them: a run's summary and its findings (the Findings view, `trailscope
// detect`). Shared by every side: no node:*, no electron, no DuckDB. Rules themselves never cross the contract as
// SQL: a caller sends rule files' text, and the core compiles them.

export const FINDING_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type FindingLevel = (typeof FINDING_LEVELS)[number];

/** A rule file as read by the caller: its text and the name it is reported under. */
export interface RuleFile {
  file: string;
  text: string;
}

/** How one rule of a run went. */
export interface RuleRun {
  id: string;
  title: string;
  level: FindingLevel;
  /** SHA-256 of the rule's source text. */
  version: string;
  origin: 'builtin' | 'sigma';
  file: string | null;
  findings: number;
  /** Wall time of the rule's query. */
  ms: number;
}

export interface UnsupportedRuleInfo {
  file: string | null;
  id: string | null;
  title: string | null;
  reason: string;
}

export interface Finding {
  /** Stable across runs: `finding:<id>` in the query language shows its events. */
  id: number;
  run: number;
  ruleId: string;
  title: string;
  level: FindingLevel;
  ruleVersion: string;
  origin: 'builtin' | 'sigma';
  file: string | null;
  tenantId: string;
  /** Who or what it is about (an actor, an address, a key); null when the rule names nobody. */
  subject: string | null;
  /** The events it flags, oldest first. */
  uids: string[];
  count: number;
  first: string;
  last: string;
  foundAt: string;
  /** The query that shows its events (`finding:<id>`). */
  query: string;
}

export interface DetectionRun {
  seq: number;
  recordedAt: string;
  osUser: string;
  rules: RuleRun[];
  unsupported: UnsupportedRuleInfo[];
}

/** `findings.list`: the latest run (null before the first) and its findings, most severe first. */
export interface FindingsList {
  run: DetectionRun | null;
  findings: Finding[];
  /** Findings per level in the run, every level present. */
  counts: Record<FindingLevel, number>;
}

/** The query that shows a finding's events. */
export function findingQuery(id: number): string {
  return `finding:${id}`;
}
