// A detection run (issue 17): the built-in pack and the given rules (Sigma files compiled by sigma/compile.ts, or
// CompiledRules from a caller), one rule after the other on a reader of the case, with progress per rule and cancel
// (an abort interrupts the rule's query); then ONE stored run with every finding, journalled. Every run is kept
// (like verifications): `findings.list` shows the latest, and `finding:<id>` keeps working for older ones.
// Cancelled, it stores nothing. A rule that cannot run is reported with its reason, never silently skipped.
import type { JobProgress } from '@shared/domain/jobs';
import type { RuleFile, RuleRun, UnsupportedRuleInfo } from '@shared/domain/detections';
import { AppError, throwIfAborted } from '../errors';
import type { CaseStore } from '../store/case-store';
import { addDetectionRun, runRuleQuery, type NewFinding } from '../store/findings-repo';
import { BUILTIN_PACK } from './pack';
import { compilePackRule, Unsupported, type PackRule } from '../store/pack-sql';
import type { CompiledRule, UnsupportedRule } from '../store/detection-rule';
import { compileSigma } from './sigma/compile';

export interface DetectOptions {
  /** Rule files (Sigma) as read by the caller. */
  ruleFiles?: RuleFile[];
  /** Rules already compiled (tests, other front ends). */
  rules?: CompiledRule[];
  /** Replaces the built-in pack (tests); `[]` runs only the given rules. */
  pack?: PackRule[];
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}

export interface DetectSummary extends Record<string, unknown> {
  run: number;
  findings: number;
  rules: RuleRun[];
  unsupported: UnsupportedRuleInfo[];
}

export async function detect(writer: CaseStore, options: DetectOptions): Promise<DetectSummary> {
  writer.assertWritable();
  const reader = await writer.reader();
  const runs: RuleRun[] = [];
  const found: NewFinding[] = [];
  let unsupported: UnsupportedRule[] = [];
  try {
    const context = {
      timeZone: writer.meta.displayTimeZone,
      workingHours: writer.meta.workingHours,
    };
    const rules: CompiledRule[] = [];
    for (const rule of options.pack ?? BUILTIN_PACK) {
      try {
        rules.push(compilePackRule(rule, context));
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        unsupported.push({ file: null, id: rule.id, title: rule.title, reason: error.message });
      }
    }
    for (const { file, text } of options.ruleFiles ?? []) {
      const compiled = compileSigma(text, file);
      rules.push(...compiled.rules);
      unsupported = unsupported.concat(compiled.unsupported);
    }
    rules.push(...(options.rules ?? []));
    const ids = new Set<string>();
    for (const rule of rules) {
      if (ids.has(rule.id)) throw new AppError('USAGE', `Two rules have the id ${rule.id}${where(rule.file)}.`);
      ids.add(rule.id);
    }

    const started = performance.now();
    for (const [index, rule] of rules.entries()) {
      throwIfAborted(options.signal);
      options.onProgress?.(progress(rule.title, index, rules.length, started));
      const ruleStarted = performance.now();
      let rows;
      try {
        rows = await runRuleQuery(reader, rule, options.signal);
      } catch (error) {
        if (options.signal.aborted) throw error;
        // A rule whose SQL DuckDB refuses is that rule's problem: reported, and the others still run.
        unsupported.push({
          file: rule.file,
          id: rule.id,
          title: rule.title,
          reason: `the rule's query failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      runs.push({
        id: rule.id,
        title: rule.title,
        level: rule.level,
        version: rule.version,
        origin: rule.origin,
        file: rule.file,
        findings: rows.length,
        ms: Math.round(performance.now() - ruleStarted),
      });
      for (const row of rows)
        found.push({
          ...row,
          ruleId: rule.id,
          title: rule.title,
          level: rule.level,
          ruleVersion: rule.version,
          origin: rule.origin,
          file: rule.file,
        });
    }
    options.onProgress?.(progress('storing the findings', rules.length, rules.length, started));
  } finally {
    reader.close();
  }
  throwIfAborted(options.signal);
  const run = await addDetectionRun(writer, { rules: runs, unsupported }, found);
  return { run, findings: found.length, rules: runs, unsupported };
}

function where(file: string | null): string {
  return file === null ? ' (built-in pack)' : ` (${file})`;
}

function progress(phase: string, done: number, total: number, started: number): JobProgress {
  const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
  return {
    phase,
    done,
    total,
    events: 0,
    bytes: 0,
    fraction: total > 0 ? done / total : null,
    rate: done / seconds,
    etaSeconds: done > 0 ? (seconds / done) * (total - done) : null,
  };
}
