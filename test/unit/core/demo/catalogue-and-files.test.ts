// The event catalogue's descriptions (DEMO.md's examples) and the gzipped NDJSON files the demo writes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEMO_ACTIONS, describeDemoEvent } from '../../../../src/main/core/demo/catalogue';
import { demoFileName, writeDemoFiles } from '../../../../src/main/core/demo/demo-files';
import { generateDemoEvents } from '../../../../src/main/core/demo/generate';
import { isAppError } from '../../../../src/main/core/errors';
import type { DemoRecord } from '../../../../src/main/core/demo/records';
import { tempDir } from '../../../helpers/temp';

const ana = { id: 'usr_ana', type: 'user' as const, name: 'Ana Ruiz', email: 'ana.ruiz@acme.io' };
const sarah = { id: 'usr_sarah', type: 'user' as const, name: 'Sarah Chen', email: 'sarah.chen@acme.io' };

function record(partial: Partial<DemoRecord>): DemoRecord {
  return {
    id: 'evt_x', occurred_at: '2025-09-01T10:00:00.000Z', tenant_id: 'demo', action: 'user.signed_in', actor: ana,
    target: { type: 'user', id: ana.id, name: ana.name }, ip_address: null, user_agent: null, outcome: 'success', ...partial,
  };
}

describe('describeDemoEvent', () => {
  it('reads like DEMO.md', () => {
    expect(describeDemoEvent(record({ metadata: { method: 'sso' } }))).toBe('Ana Ruiz signed in with SSO');
    expect(
      describeDemoEvent(record({ action: 'user.invited', actor: sarah, target: { type: 'user', id: 'u', name: 'alex@acme.io' }, metadata: { email: 'alex@acme.io', role: 'Member' } })),
    ).toBe('Sarah Chen invited alex@acme.io as Member');
    expect(
      describeDemoEvent(record({ action: 'user.role_changed', actor: sarah, target: { type: 'user', id: 'u', name: 'Alex Roman' }, changes: { before: { role: 'Member' }, after: { role: 'Admin' } } })),
    ).toBe('Sarah Chen changed Alex Roman from Member to Admin');
    expect(
      describeDemoEvent(record({ action: 'export.created', target: { type: 'dataset', id: 'ds', name: 'Customers' }, metadata: { records: 1250 } })),
    ).toBe('Ana Ruiz exported 1,250 customer records');
  });

  it('covers exactly the actions the demo makes', () => {
    const made = new Set<string>();
    for (const r of generateDemoEvents({ events: 20_000, seed: 5 })) {
      made.add(r.action);
      expect(describeDemoEvent(r)).not.toContain('undefined');
    }
    expect([...made].sort()).toEqual(Object.keys(DEMO_ACTIONS).sort());
  });
});

describe('writeDemoFiles', () => {
  it('splits the stream into gzipped NDJSON files whose names sort in time order, chain continuous across them', async () => {
    const dir = await tempDir();
    const result = await writeDemoFiles(dir, { events: 1_000, seed: 9, eventsPerFile: 300 });
    expect(result.paths.map((p) => p.slice(dir.length + 1))).toEqual([1, 2, 3, 4].map(demoFileName));
    expect([...result.paths].sort()).toEqual(result.paths);
    const lines = (await Promise.all(result.paths.map(async (p) => gunzipSync(await readFile(p)).toString('utf8'))))
      .join('')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(1_000);
    const records = lines.map((l) => JSON.parse(l) as { occurred_at: string; chain: { seq: number; hash: string } });
    expect(records.map((r) => r.chain.seq)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(records.at(-1)?.chain.hash).toBe(result.chainHead);
    const times = records.map((r) => r.occurred_at);
    expect([...times].sort()).toEqual(times);
    // Byte-identical to the in-memory stream.
    expect(lines).toEqual([...generateDemoEvents({ events: 1_000, seed: 9 })].map((r) => JSON.stringify(r)));
  });

  it('never overwrites a file, and removes what it wrote when it stops', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, demoFileName(2)), 'not ours');
    let caught: unknown;
    try {
      await writeDemoFiles(dir, { events: 1_000, eventsPerFile: 300 });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'IO')).toBe(true);
    expect(await readdir(dir)).toEqual([demoFileName(2)]);
    expect(await readFile(join(dir, demoFileName(2)), 'utf8')).toBe('not ours');
  });

  it('stops between chunks when cancelled and leaves nothing behind', async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    let caught: unknown;
    try {
      await writeDemoFiles(dir, {
        events: 50_000,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      });
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught, 'CANCELLED')).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });
});
