// The case's `verifications` table: one row per verification (what was checked, when, by which OS user, the verdict
// and every check's outcome), written with its journal entry in one transaction.
import {
  INTEGRITY_CHECKS,
  type ChainHead,
  type CheckOutcome,
  type IntegrityCheck,
  type VerificationRecord,
  type VerificationVerdict,
} from '@shared/domain/integrity';
import { osUser, type CaseStore } from './case-store';
import { inTransaction, queryRows } from './sql';

export interface NewVerification {
  checks: IntegrityCheck[];
  /** What the verification was asked to cover (the checks, expected heads, whether public keys were given). */
  scope: Record<string, unknown>;
  verdict: VerificationVerdict;
  outcomes: CheckOutcome[];
}

/** Stores a verification and journals it; returns its seq. */
export async function addVerification(store: CaseStore, verification: NewVerification): Promise<number> {
  store.assertWritable();
  return inTransaction(store.connection, async () => {
    const [row] = await queryRows(
      store.connection,
      `INSERT INTO verifications
       SELECT coalesce(max(seq), 0) + 1, now(), $1, $2, $3::JSON, $4, $5::JSON FROM verifications
       RETURNING seq`,
      [
        osUser(),
        verification.checks.join(','),
        JSON.stringify(verification.scope),
        verification.verdict,
        JSON.stringify(verification.outcomes),
      ],
    );
    const seq = Number(row?.['seq']);
    await store.journal('verify', {
      verificationSeq: seq,
      checks: verification.checks,
      verdict: verification.verdict,
      findings: verification.outcomes.reduce((sum, outcome) => sum + outcome.findingsTotal, 0),
    });
    return seq;
  });
}

/** The newest `limit` verifications, newest first. */
export async function listVerifications(store: CaseStore, limit = 20): Promise<VerificationRecord[]> {
  const rows = await queryRows(
    store.connection,
    `SELECT seq, strftime(recorded_at, '%Y-%m-%dT%H:%M:%S.%fZ') AS recorded_at, os_user, kind, verdict,
       details::VARCHAR AS details
     FROM verifications ORDER BY seq DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => {
    const details: unknown = JSON.parse(String(r['details']));
    return {
      seq: Number(r['seq']),
      recordedAt: String(r['recorded_at']),
      osUser: String(r['os_user']),
      // A case may come from anyone: only the names this version knows.
      checks: String(r['kind'])
        .split(',')
        .filter((name): name is IntegrityCheck => (INTEGRITY_CHECKS as readonly string[]).includes(name)),
      verdict: verdictOf(String(r['verdict'])),
      outcomes: Array.isArray(details) ? (details as CheckOutcome[]) : [],
    };
  });
}

/**
 * The chain heads of the newest verification that found its chains intact, and its seq: where each chain should
 * still reach. Intact only: a run that found a chain cut short records the shorter end, and the next would then
 * take the cut for the chain. A case may come from anyone: heads of any other shape are left out.
 */
export async function lastChainHeads(store: CaseStore): Promise<{ seq: number; heads: ChainHead[] } | null> {
  for (const verification of await listVerifications(store, 100)) {
    const outcome = verification.outcomes.find((o) => o?.check === 'chain' && o.verdict === 'intact');
    if (!outcome || !Array.isArray(outcome.heads)) continue;
    const heads = outcome.heads.filter(
      (head) =>
        typeof head?.tenantId === 'string' &&
        Number.isSafeInteger(head.count) &&
        head.count > 0 &&
        typeof head.hash === 'string' &&
        /^[0-9a-f]{64}$/.test(head.hash),
    );
    return { seq: verification.seq, heads: heads.map(({ tenantId, count, hash }) => ({ tenantId, count, hash })) };
  }
  return null;
}

function verdictOf(text: string): VerificationVerdict {
  return text === 'intact' || text === 'findings' ? text : 'not_applicable';
}
