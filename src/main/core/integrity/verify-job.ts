// A verification (DESIGN.md §5): the selected checks, or every registered one, run in order over a read connection
// of the case; then ONE `verifications` row holding every outcome, journalled. A check that finds damage gives a
// verdict, not an error: the job completes with its findings. Cancelled, it stores nothing.
import {
  INTEGRITY_CHECKS,
  type ChainHead,
  type ChainScheme,
  type CheckOutcome,
  type IntegrityCheck,
  type VerificationVerdict,
} from '@shared/domain/integrity';
import type { JobProgress } from '@shared/domain/jobs';
import { AppError, throwIfAborted } from '../errors';
import type { CaseStore } from '../store/case-store';
import { addVerification, lastChainHeads } from '../store/verifications-repo';
import { runCaseCheck } from './case-ledger';
import { runChainCheck } from './chain';
import { runCloudTrailCheck } from './cloudtrail';
import type { RunCheck } from './check';

/** The checks, in INTEGRITY_CHECKS order. */
export const CHECKS: Record<IntegrityCheck, RunCheck> = {
  chain: runChainCheck,
  cloudtrail: runCloudTrailCheck,
  case: runCaseCheck,
};

export interface VerifyOptions {
  /** Absent: every registered check. */
  checks?: IntegrityCheck[];
  publicKeys?: string;
  expectHeads?: ChainHead[];
  chainSchemes?: ChainScheme[];
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Replaces the registry (tests). */
  registry?: Partial<Record<IntegrityCheck, RunCheck>>;
}

export interface VerifySummary extends Record<string, unknown> {
  verificationSeq: number;
  verdict: VerificationVerdict;
  /** Findings of every check (damage and informational), all counted. */
  findings: number;
}

export async function verifyCase(writer: CaseStore, options: VerifyOptions): Promise<VerifySummary> {
  writer.assertWritable();
  const registry = options.registry ?? CHECKS;
  const requested = options.checks ?? INTEGRITY_CHECKS.filter((name) => registry[name] !== undefined);
  const unknown = requested.filter((name) => registry[name] === undefined);
  if (unknown.length > 0)
    throw new AppError('USAGE', `This Trailscope cannot run the ${unknown.join(', ')} check(s) yet.`);
  const checks = INTEGRITY_CHECKS.filter((name) => requested.includes(name));

  const reader = await writer.reader();
  const outcomes: CheckOutcome[] = [];
  let scope: Record<string, unknown>;
  try {
    // Without heads given, a chain should still reach where the last verification that found it intact saw it end.
    const earlier = options.expectHeads === undefined && checks.includes('chain') ? await lastChainHeads(reader) : null;
    const expectHeads = options.expectHeads ?? earlier?.heads;
    for (const [index, name] of checks.entries()) {
      throwIfAborted(options.signal);
      const run = registry[name] as RunCheck;
      const started = performance.now();
      outcomes.push(
        await run({
          store: reader,
          signal: options.signal,
          publicKeys: options.publicKeys,
          expectHeads,
          chainSchemes: options.chainSchemes,
          progress: (phase, done, total) => {
            const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
            const share = total ? Math.min(done / total, 1) : null;
            options.onProgress?.({
              phase: `${name}: ${phase}`,
              done,
              total,
              events: done,
              bytes: 0,
              // The whole verification's share: each check an equal part.
              fraction: share === null ? null : (index + share) / checks.length,
              rate: done / seconds,
              etaSeconds: total && done > 0 ? (seconds / done) * Math.max(total - done, 0) : null,
            });
          },
        }),
      );
      const outcome = outcomes.at(-1);
      if (name === 'chain' && earlier && earlier.heads.length > 0 && outcome?.verdict !== 'not_applicable')
        outcome?.notes.push(`Each chain's expected end is where verification ${earlier.seq} found it intact.`);
    }
    scope = {
      checks,
      ...(expectHeads ? { expectHeads } : {}),
      ...(earlier ? { expectHeadsFrom: earlier.seq } : {}),
      ...(options.chainSchemes ? { chainSchemes: options.chainSchemes } : {}),
      publicKeys: options.publicKeys !== undefined,
    };
  } finally {
    reader.close();
  }
  throwIfAborted(options.signal);
  const verdict = overallVerdict(outcomes);
  const verificationSeq = await addVerification(writer, {
    checks,
    scope,
    verdict,
    outcomes,
  });
  return { verificationSeq, verdict, findings: outcomes.reduce((sum, outcome) => sum + outcome.findingsTotal, 0) };
}

/** findings if any check found something; intact if one at least was intact; not_applicable if none applied. */
export function overallVerdict(outcomes: CheckOutcome[]): VerificationVerdict {
  if (outcomes.some((outcome) => outcome.verdict === 'findings')) return 'findings';
  if (outcomes.some((outcome) => outcome.verdict === 'intact')) return 'intact';
  return 'not_applicable';
}
