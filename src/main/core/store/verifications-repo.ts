// The case's `verifications` table: one row per verification (what was checked, when, by which OS user, the verdict
// and every check's outcome), written with its journal entry in one transaction.
import {
  INTEGRITY_CHECKS,
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

function verdictOf(text: string): VerificationVerdict {
  return text === 'intact' || text === 'findings' ? text : 'not_applicable';
}
