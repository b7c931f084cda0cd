// Sigma rules run the way the detection runner runs a CompiledRule (runRuleQuery), on the case's own connection.
import { expect } from 'vitest';
import type { CompiledRule } from '../../src/main/core/store/detection-rule';
import { compileSigma } from '../../src/main/core/detections/sigma/compile';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { runRuleQuery } from '../../src/main/core/store/findings-repo';

export interface Finding {
  tenant_id: string;
  subject: string | null;
  uids: string[];
}

export async function runRule(store: CaseStore, rule: CompiledRule): Promise<Finding[]> {
  const rows = await runRuleQuery(store, rule, new AbortController().signal);
  return rows.map((r) => ({ tenant_id: r.tenantId, subject: r.subject, uids: r.uids }));
}

/** The uids one rule file (of exactly one rule, which must compile) flags, sorted. */
export async function flagged(store: CaseStore, yaml: string): Promise<string[]> {
  const { rules, unsupported } = compileSigma(yaml, 'rule.yml');
  expect(unsupported).toEqual([]);
  expect(rules).toHaveLength(1);
  const findings = await runRule(store, rules[0] as CompiledRule);
  return findings.flatMap((f) => f.uids).sort();
}

/** The reason a rule file's one rule is refused. */
export function refusal(yaml: string): string {
  const { rules, unsupported } = compileSigma(yaml, 'rule.yml');
  expect(rules).toEqual([]);
  expect(unsupported).toHaveLength(1);
  return unsupported[0]?.reason ?? '';
}

/** A generic-format rule around a detection block (indented two spaces under `detection:`). */
export function genericRule(detection: string, extra = ''): string {
  return `title: test rule\nid: 5d5c7a1e-0000-4000-8000-000000000001\nlevel: high\n${extra}logsource:\n  product: generic\ndetection:\n${detection
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
}
