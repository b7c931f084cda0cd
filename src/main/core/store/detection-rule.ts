// A detection rule, whatever it was written in (a Sigma rule file, the built-in pack), once compiled: a SELECT over
// the case's events that returns what it flags. One runner runs every rule and stores the findings, so Sigma rules
// and the built-in pack share one Findings view, one `trailscope detect` and one findings table.

import { FINDING_LEVELS, type FindingLevel } from '@shared/domain/detections';

/** The levels a rule may have (Sigma's), least severe first: the same list the Findings view counts. */
export const RULE_LEVELS = FINDING_LEVELS;
export type RuleLevel = FindingLevel;

export interface RuleInfo {
  /** A Sigma rule's `id` (a UUID), or the built-in pack's own name (`builtin.mfa-disabled`). */
  id: string;
  title: string;
  level: RuleLevel;
  description: string;
  /** Sigma's tags, ATT&CK's among them (`attack.t1556.006`). */
  tags: string[];
  /** SHA-256 of the rule's source text: a finding names the version of the rule that made it. */
  version: string;
  origin: 'builtin' | 'sigma';
  /** The file the rule came from (`--rules`), or null for the built-in pack. */
  file: string | null;
}

export interface CompiledRule extends RuleInfo {
  /**
   * A SELECT over the case's `events` table returning one row per finding: `tenant_id VARCHAR`, `subject VARCHAR`
   * (who or what it is about: an actor, an IP; may be NULL), `uids VARCHAR[]` (the events it flags, oldest first,
   * never empty) and `first_at`, `last_at` (the first and last of those events' times: the rule has them at hand,
   * where looking 317k uids up again took 1.7 s over 10M events). Values from the rule travel only in `params` ($1, $2, …): nothing a rule file says is spliced into
   * the SQL text.
   */
  sql: string;
  params: (string | number | boolean)[];
}

/** A rule the engine cannot run, and why: reported with the findings, never silently skipped. */
export interface UnsupportedRule {
  file: string | null;
  id: string | null;
  title: string | null;
  reason: string;
}
