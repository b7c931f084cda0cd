// What every integrity check is given and gives back (DESIGN.md §5): a read connection on the case, the job's
// signal and progress, and the options of the verification; it returns one CheckOutcome. The checks (chain.ts,
// cloudtrail.ts, case-ledger.ts) read the case only through the store's functions, never SQL of their own.
import {
  MAX_FINDINGS,
  type ChainHead,
  type ChainScheme,
  type CheckOutcome,
  type Finding,
} from '@shared/domain/integrity';
import type { CaseStore } from '../store/case-store';

export interface CheckContext {
  /** A read connection on the case. */
  store: CaseStore;
  signal: AbortSignal;
  /** Where this check stands, in words and items (events, digests, ledger rows) done of a total when known. */
  progress(phase: string, done: number, total: number | null): void;
  /** The text of `aws cloudtrail list-public-keys` output, when the user gave one. */
  publicKeys?: string;
  /** Chain ends expected (from an earlier verification or --expect-head). */
  expectHeads?: ChainHead[];
  /** Other providers' hash chains, per source (the chain check; the generic format's `chain` needs none). */
  chainSchemes?: ChainScheme[];
}

export type RunCheck = (context: CheckContext) => Promise<CheckOutcome>;

/** Findings as a check finds them: keeps the first MAX_FINDINGS, counts them all, and says whether any is damage. */
export class FindingList {
  readonly kept: Finding[] = [];
  total = 0;
  damage = 0;

  add(finding: Finding): void {
    this.total++;
    if (finding.severity === 'damage') this.damage++;
    if (this.kept.length < MAX_FINDINGS) this.kept.push(finding);
  }

  /** The verdict these findings give a check that had something to verify. */
  verdict(): 'intact' | 'findings' {
    return this.damage > 0 ? 'findings' : 'intact';
  }
}
