// The chain check over real cases: chained generic records (test/helpers/chain.ts, FORMATS.md's scheme through the
// reference canonicalization) imported by the real importer, one tamper class per fixture, each reported as exactly
// that class at exactly that position; an intact chain reports nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { ChainHead, ChainScheme, CheckOutcome } from '@shared/domain/integrity';
import { canonicalJson } from '../../src/main/core/formats/record-hash';
import { runChainCheck } from '../../src/main/core/integrity/chain';
import type { CaseStore } from '../../src/main/core/store/case-store';
import { caseWithRecords, closeAll } from '../helpers/case';
import { chainHash, makeChain, rehashFrom, type ChainedRecord } from '../helpers/chain';
import { genericRecord } from '../helpers/records';

afterEach(closeAll);

async function check(store: CaseStore, expectHeads?: ChainHead[], chainSchemes?: ChainScheme[]): Promise<CheckOutcome> {
  const phases: string[] = [];
  const outcome = await runChainCheck({
    store,
    signal: new AbortController().signal,
    progress: (phase) => phases.push(phase),
    expectHeads,
    chainSchemes,
  });
  expect(phases.length).toBeGreaterThan(0);
  return outcome;
}

/** What a test asserts of each finding: its class and position. */
const positions = (outcome: CheckOutcome) =>
  outcome.findings.map((f) => ({ class: f.class, tenantId: f.tenantId, seqs: f.seqs, uids: f.uids }));

describe('chain check', () => {
  it('reports nothing on an intact chain, and gives its head', async () => {
    const records = makeChain(30);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(outcome.verdict).toBe('intact');
    expect(outcome.findings).toEqual([]);
    expect(outcome.counts).toEqual({ events: 30, chains: 1 });
    expect(outcome.heads).toEqual([{ tenantId: 'acme', count: 30, hash: records[29]?.chain.hash }]);
    expect(outcome.summary).toBe('30 event(s) in 1 chain(s): intact.');
  });

  it('is intact whatever order the events were imported in (the case sorts them)', async () => {
    const records = makeChain(40);
    const shuffled = [...records.slice(20), ...records.slice(0, 20).reverse()];
    const outcome = await check(await caseWithRecords(shuffled, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([]);
    expect(outcome.heads?.[0]?.count).toBe(40);
  });

  it('checks every tenant of a multi-tenant case as its own chain', async () => {
    const outcome = await check(
      await caseWithRecords([...makeChain(5, 'acme'), ...makeChain(7, 'globex')], {
        tenantId: 'acme',
        multiTenant: true,
      }),
    );
    expect(outcome.verdict).toBe('intact');
    expect(outcome.counts).toEqual({ events: 12, chains: 2 });
    expect(outcome.heads?.map((h) => [h.tenantId, h.count])).toEqual([
      ['acme', 5],
      ['globex', 7],
    ]);
  });

  it('is not applicable to a case whose events carry no chain', async () => {
    const outcome = await check(await caseWithRecords([genericRecord(1), genericRecord(2)], { tenantId: 'acme' }));
    expect(outcome.verdict).toBe('not_applicable');
    expect(outcome.findings).toEqual([]);
  });

  it('names a modified event', async () => {
    const records = makeChain(10);
    (records[4] as ChainedRecord)['action'] = 'document.deleted';
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(outcome.verdict).toBe('findings');
    expect(positions(outcome)).toEqual([{ class: 'modified', tenantId: 'acme', seqs: [5], uids: ['acme-5'] }]);
    expect(outcome.findings[0]?.message).toContain('seq 5 was changed');
  });

  it('names a broken link where a forger re-hashed the chain from an event on', async () => {
    const records = makeChain(10);
    (records[6] as ChainedRecord).chain.prev = 'f'.repeat(64);
    rehashFrom(records, 6);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'broken_link', tenantId: 'acme', seqs: [6, 7], uids: ['acme-6', 'acme-7'] },
    ]);
  });

  it('names a changed prev both as a modified event and as a broken link', async () => {
    const records = makeChain(10);
    (records[6] as ChainedRecord).chain.prev = 'f'.repeat(64);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'modified', tenantId: 'acme', seqs: [7], uids: ['acme-7'] },
      { class: 'broken_link', tenantId: 'acme', seqs: [6, 7], uids: ['acme-6', 'acme-7'] },
    ]);
  });

  it('names a first event whose prev is not 64 zeros', async () => {
    const records = makeChain(3);
    (records[0] as ChainedRecord).chain.prev = '1'.repeat(64);
    rehashFrom(records, 0);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([{ class: 'broken_link', tenantId: 'acme', seqs: [1], uids: ['acme-1'] }]);
  });

  it('names every missing seq of a short gap', async () => {
    const records = makeChain(10).filter((r) => ![4, 5, 6].includes(r.chain.seq));
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'missing', tenantId: 'acme', seqs: [4, 5, 6], uids: ['acme-3', 'acme-7'] },
    ]);
  });

  it('names a single missing event', async () => {
    const records = makeChain(10).filter((r) => r.chain.seq !== 1 && r.chain.seq !== 8);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'missing', tenantId: 'acme', seqs: [1], uids: ['acme-2'] },
      { class: 'missing', tenantId: 'acme', seqs: [8], uids: ['acme-7', 'acme-9'] },
    ]);
  });

  it('names a long gap by its first and last seq, its length in the message', async () => {
    const records = makeChain(60).filter((r) => r.chain.seq < 10 || r.chain.seq > 40);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'missing', tenantId: 'acme', seqs: [10, 40], uids: ['acme-9', 'acme-41'] },
    ]);
    expect(outcome.findings[0]?.message).toBe('tenant acme: seq 10–40 are missing (31 events)');
  });

  it('names both events of a duplicated seq', async () => {
    const records = makeChain(10);
    // A second, validly hashed event at seq 5 with other content (an insertion by someone who holds the key).
    const forged = { ...(records[4] as ChainedRecord), id: 'forged-5', action: 'user.deleted' } as ChainedRecord;
    forged.chain = { ...forged.chain, hash: chainHash(forged, forged.chain.prev) };
    const outcome = await check(await caseWithRecords([...records, forged], { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'duplicate', tenantId: 'acme', seqs: [5], uids: ['acme-5', 'forged-5'] },
    ]);
  });

  it('names events whose seq order disagrees with their time order', async () => {
    // The provider's own chain, validly hashed, but seq 6 occurred before seq 5.
    const records = makeChain(10, 'acme', (record, seq) =>
      seq === 5 || seq === 6 ? { ...record, occurred_at: genericRecord(seq === 5 ? 6 : 5)['occurred_at'] } : record,
    );
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }));
    expect(positions(outcome)).toEqual([
      { class: 'reordered', tenantId: 'acme', seqs: [5, 6], uids: ['acme-5', 'acme-6'] },
    ]);
  });

  it('names a truncated tail against an expected head', async () => {
    const records = makeChain(10);
    const head = { tenantId: 'acme', count: 10, hash: (records[9] as ChainedRecord).chain.hash };
    const store = await caseWithRecords(records.slice(0, 7), { tenantId: 'acme' });
    const outcome = await check(store, [head]);
    expect(positions(outcome)).toEqual([{ class: 'truncated_tail', tenantId: 'acme', seqs: [8, 10], uids: undefined }]);
    expect(outcome.heads).toEqual([{ tenantId: 'acme', count: 7, hash: records[6]?.chain.hash }]);
    // The same head on the whole chain: nothing.
    expect((await check(await caseWithRecords(records, { tenantId: 'acme' }), [head])).findings).toEqual([]);
  });

  it('names a tail cut back and grown again: the event at the expected count holds another hash', async () => {
    const records = makeChain(10);
    const outcome = await check(await caseWithRecords(records, { tenantId: 'acme' }), [
      { tenantId: 'acme', count: 6, hash: 'a'.repeat(64) },
    ]);
    expect(positions(outcome)).toEqual([{ class: 'truncated_tail', tenantId: 'acme', seqs: [6], uids: undefined }]);
  });

  it('names a whole chain gone when its tenant has no chained event left', async () => {
    const outcome = await check(await caseWithRecords([genericRecord(1)], { tenantId: 'acme' }), [
      { tenantId: 'acme', count: 4, hash: 'a'.repeat(64) },
    ]);
    expect(outcome.verdict).toBe('findings');
    expect(positions(outcome)).toEqual([{ class: 'truncated_tail', tenantId: 'acme', seqs: [1, 4], uids: undefined }]);
  });

  describe("another provider's scheme", () => {
    /** Records of a provider that keeps its chain in `integrity: {n, p, h}`, SHA-512 over prev ‖ the rest. */
    function providerChain(n: number): Record<string, unknown>[] {
      let prev = '0'.repeat(128);
      return Array.from({ length: n }, (_, index) => {
        const record = genericRecord(index + 1, { id: `p-${index + 1}` });
        const h = createHash('sha512')
          .update(prev + canonicalJson(record), 'utf8')
          .digest('hex');
        const chained = { ...record, integrity: { n: index + 1, p: prev, h } };
        prev = h;
        return chained;
      });
    }
    const scheme: ChainScheme = {
      sourceId: 'files',
      seq: 'integrity.n',
      hash: 'integrity.h',
      prev: 'integrity.p',
      algorithm: 'sha512',
    };

    it('verifies a chain where the scheme says, and names what was changed', async () => {
      const records = providerChain(12);
      expect((await check(await caseWithRecords(records, { tenantId: 'acme' }))).verdict).toBe('not_applicable');
      const intact = await check(await caseWithRecords(records, { tenantId: 'acme' }), undefined, [scheme]);
      expect(intact.verdict).toBe('intact');
      expect(intact.counts).toEqual({ events: 12, chains: 1 });

      (records[2] as Record<string, unknown>)['action'] = 'user.deleted';
      const changed = await check(
        await caseWithRecords(records.slice(0, 8).concat(records.slice(9)), { tenantId: 'acme' }),
        undefined,
        [scheme],
      );
      expect(positions(changed)).toEqual([
        { class: 'modified', tenantId: 'acme', seqs: [3], uids: ['p-3'] },
        { class: 'missing', tenantId: 'acme', seqs: [9], uids: ['p-8', 'p-10'] },
      ]);
      expect(changed.findings[0]?.message).toMatch(/^source files, tenant acme: seq 3 was changed/);
    });

    it("leaves the events of a scheme's source out of the generic chains", async () => {
      // Generic `chain` fields, but the scheme names the source: they are read where the scheme says, not twice.
      const outcome = await check(await caseWithRecords(makeChain(5), { tenantId: 'acme' }), undefined, [
        { sourceId: 'files', seq: 'chain.seq', hash: 'chain.hash', prev: 'chain.prev' },
      ]);
      expect(outcome.verdict).toBe('intact');
      expect(outcome.counts).toEqual({ events: 5, chains: 1 });
    });
  });

  it('stops when cancelled', async () => {
    const store = await caseWithRecords(makeChain(5), { tenantId: 'acme' });
    const controller = new AbortController();
    controller.abort();
    await expect(runChainCheck({ store, signal: controller.signal, progress: () => undefined })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
