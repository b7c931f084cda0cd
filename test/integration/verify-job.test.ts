// The verify job through the engine (jobs.verify, verifications.list), as the app and the CLI run it: one stored
// verifications row per run with every outcome, a journal entry, the overall verdict, cancellation storing nothing,
// and a read-only engine refusing before any job starts.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '@shared/domain/integrity';
import type { JobEvent } from '@shared/domain/jobs';
import { createCase, createEngine, type Engine } from '../../src/main/core/engine';
import { overallVerdict, verifyCase } from '../../src/main/core/integrity/verify-job';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { CaseStore } from '../../src/main/core/store/case-store';
import { queryRows } from '../../src/main/core/store/sql';
import { makeChain, type ChainedRecord } from '../helpers/chain';
import { ndjson } from '../helpers/records';
import { tempDir } from '../helpers/temp';

/** Resolves with the job's terminal event, and collects its progress. */
function ending(engine: Engine, jobId: string, progress: JobEvent[] = []): Promise<JobEvent> {
  return new Promise((resolve) => {
    const stop = engine.onPush((event) => {
      if (event.jobId !== jobId) return;
      if (event.type === 'progress') progress.push(event);
      if (event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled') {
        stop();
        resolve(event);
      }
    });
  });
}

async function caseFile(records: object[]): Promise<string> {
  const dir = await tempDir();
  const casePath = join(dir, 'case.duckdb');
  await createCase(casePath, { tenantId: 'acme' });
  await writeFile(join(dir, 'events.ndjson'), ndjson(records));
  const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
  try {
    const { jobId } = await engine.handlers['jobs.import']({ paths: [join(dir, 'events.ndjson')] });
    expect(await ending(engine, jobId)).toMatchObject({ type: 'completed' });
  } finally {
    await engine.close();
  }
  return casePath;
}

describe('jobs.verify', () => {
  it('stores one verification per run, journals it and lists them newest first', async () => {
    const records = makeChain(20);
    const head = { tenantId: 'acme', count: 25, hash: 'a'.repeat(64) };
    const casePath = await caseFile(records);
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
    try {
      const progress: JobEvent[] = [];
      const first = await engine.handlers['jobs.verify']({});
      expect(await ending(engine, first.jobId, progress)).toEqual({
        type: 'completed',
        jobId: first.jobId,
        summary: { verificationSeq: 1, verdict: 'intact', findings: 0 },
      });
      // Progress is throttled: the first report (the chain's) always goes out; the last is the final state.
      const phases = progress.flatMap((p) => (p.type === 'progress' ? [p.phase] : []));
      expect(phases[0]).toMatch(/^chain: /);
      expect(progress.at(-1)).toMatchObject({ type: 'progress', fraction: 1 });

      const second = await engine.handlers['jobs.verify']({ checks: ['chain'], expectHeads: [head] });
      expect(await ending(engine, second.jobId)).toMatchObject({
        type: 'completed',
        summary: { verificationSeq: 2, verdict: 'findings', findings: 1 },
      });

      const { verifications } = await engine.handlers['verifications.list']({});
      expect(verifications.map((v) => [v.seq, v.checks, v.verdict])).toEqual([
        [2, ['chain'], 'findings'],
        [1, ['chain', 'cloudtrail', 'case'], 'intact'],
      ]);
      expect(verifications[1]?.outcomes).toEqual([
        expect.objectContaining({
          check: 'chain',
          verdict: 'intact',
          heads: [{ tenantId: 'acme', count: 20, hash: records[19]?.chain.hash }],
        }),
        expect.objectContaining({ check: 'cloudtrail', verdict: 'not_applicable' }),
        expect.objectContaining({ check: 'case', verdict: 'intact' }),
      ]);
      expect(verifications[0]?.outcomes[0]?.findings).toEqual([
        expect.objectContaining({ class: 'truncated_tail', seqs: [21, 25] }),
      ]);
      expect(verifications[0]?.osUser).toBeTruthy();
      expect((await engine.handlers['verifications.list']({ limit: 1 })).verifications.map((v) => v.seq)).toEqual([2]);
    } finally {
      await engine.close();
    }
    const store = await CaseStore.open(casePath, { readOnly: true });
    try {
      const rows = await queryRows(
        store.connection,
        `SELECT action, detail::VARCHAR AS d FROM journal WHERE action = 'verify' ORDER BY seq`,
      );
      expect(rows.map((r) => JSON.parse(String(r['d'])))).toEqual([
        { verificationSeq: 1, checks: ['chain', 'cloudtrail', 'case'], verdict: 'intact', findings: 0 },
        { verificationSeq: 2, checks: ['chain'], verdict: 'findings', findings: 1 },
      ]);
      const [scope] = await queryRows(
        store.connection,
        `SELECT kind, scope::VARCHAR AS s FROM verifications WHERE seq = 2`,
      );
      expect(scope?.['kind']).toBe('chain');
      expect(JSON.parse(String(scope?.['s']))).toEqual({ checks: ['chain'], expectHeads: [head], publicKeys: false });
    } finally {
      store.close();
    }
  });

  it('completes with the findings of a tampered case: a broken chain is a verdict, not an error', async () => {
    const records = makeChain(10);
    (records[2] as ChainedRecord)['outcome'] = 'failure';
    const casePath = await caseFile(records);
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
    try {
      const { jobId } = await engine.handlers['jobs.verify']({ checks: ['chain'] });
      expect(await ending(engine, jobId)).toMatchObject({
        type: 'completed',
        summary: { verificationSeq: 1, verdict: 'findings', findings: 1 },
      });
    } finally {
      await engine.close();
    }
  });

  it('expects each chain to reach where the last verification that found it intact saw it end', async () => {
    const casePath = await caseFile(makeChain(10));
    const verify = async () => {
      const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
      try {
        const { jobId } = await engine.handlers['jobs.verify']({});
        expect(await ending(engine, jobId)).toMatchObject({ type: 'completed' });
        return (await engine.handlers['verifications.list']({ limit: 1 })).verifications[0];
      } finally {
        await engine.close();
      }
    };
    expect((await verify())?.verdict).toBe('intact');
    // The tail deleted behind Trailscope's back.
    const store = await CaseStore.open(casePath);
    await store.connection.run('DELETE FROM events WHERE chain_seq > 7');
    store.close();
    for (const seq of [2, 3]) {
      // The third run still expects verification 1's end: the second found the chain cut, not intact.
      const verification = await verify();
      expect(verification?.seq).toBe(seq);
      expect(verification?.outcomes[0]?.findings.map((f) => [f.class, f.seqs])).toEqual([['truncated_tail', [8, 10]]]);
      expect(verification?.outcomes[0]?.notes).toEqual([
        "Each chain's expected end is where verification 1 found it intact.",
      ]);
    }
  });

  it('is refused by a read-only engine before any job starts', async () => {
    const casePath = await caseFile(makeChain(3));
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore(), readOnly: true });
    try {
      await expect(engine.handlers['jobs.verify']({})).rejects.toMatchObject({ code: 'READ_ONLY' });
      expect((await engine.handlers['verifications.list']({})).verifications).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});

describe('verifyCase', () => {
  const outcome = (verdict: CheckOutcome['verdict']): CheckOutcome => ({
    check: 'chain',
    verdict,
    summary: verdict,
    counts: {},
    findings: [],
    findingsTotal: 0,
    notes: [],
  });

  it('stores nothing when cancelled, during a check or after it', async () => {
    const casePath = await caseFile(makeChain(3));
    const store = await CaseStore.open(casePath);
    try {
      const during = new AbortController();
      const waiting = verifyCase(store, {
        signal: during.signal,
        registry: {
          chain: (ctx) =>
            new Promise((_, reject) =>
              ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('x'), { code: 'CANCELLED' }))),
            ),
        },
      });
      during.abort();
      await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });

      const after = new AbortController();
      await expect(
        verifyCase(store, {
          signal: after.signal,
          registry: {
            chain: () => {
              after.abort();
              return Promise.resolve(outcome('intact'));
            },
          },
        }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
      const [row] = await queryRows(store.connection, `SELECT count(*) AS n FROM verifications`);
      expect(Number(row?.['n'])).toBe(0);
    } finally {
      store.close();
    }
  });

  it('refuses a check this build does not register', async () => {
    const casePath = await caseFile(makeChain(3));
    const store = await CaseStore.open(casePath);
    try {
      await expect(
        verifyCase(store, { signal: new AbortController().signal, checks: ['cloudtrail'], registry: {} }),
      ).rejects.toMatchObject({ code: 'USAGE' });
    } finally {
      store.close();
    }
  });

  it('gives findings if any check found something, intact if one was intact, else not applicable', () => {
    expect(overallVerdict([outcome('intact'), outcome('findings'), outcome('not_applicable')])).toBe('findings');
    expect(overallVerdict([outcome('not_applicable'), outcome('intact')])).toBe('intact');
    expect(overallVerdict([outcome('not_applicable'), outcome('not_applicable')])).toBe('not_applicable');
    expect(overallVerdict([])).toBe('not_applicable');
  });
});
