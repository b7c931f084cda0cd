// `trailscope values` and `trailscope notable` (the built CLI, through the engine) on a demo case: every value of a
// field rare first, searched and paged; the notable marks with the break-in of the answer key (DEMO.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacetValuesPage, NotableMarks } from '@shared/domain/audit-event';
import { INCIDENT_IP } from '../../src/main/core/demo/incident';
import { createDemoCase } from '../../src/main/core/demo/create-demo-case';
import { describeRun, lastJson, runCli, type CliResult } from '../helpers/cli';

let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailscope-test-'));
  path = join(dir, 'demo.duckdb');
  await createDemoCase(path, { events: 3_000, seed: 5, tenant: 'acme' });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const expectExit = (result: CliResult, code: number) => expect(result.code, describeRun(result)).toBe(code);

describe('trailscope values and notable', () => {
  it('lists every value of a field rare first, pages by offset, and searches', async () => {
    const all = await runCli(['values', path, 'action', '--rare', '--json', '--limit', '1000']);
    expectExit(all, 0);
    const page = lastJson(all) as FacetValuesPage;
    expect(page.values).toHaveLength(page.distinct);
    const counts = page.values.map((v) => v.count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    const second = await runCli(['values', path, 'action', '--rare', '--json', '--offset', '5', '--limit', '5']);
    expectExit(second, 0);
    expect((lastJson(second) as FacetValuesPage).values).toEqual(page.values.slice(5, 10));

    const found = await runCli(['values', path, 'ip', '--search', '192.0.2', '--json']);
    expectExit(found, 0);
    expect((lastJson(found) as FacetValuesPage).values.map((v) => v.value)).toEqual([INCIDENT_IP]);

    const words = await runCli(['values', path, 'ip', 'actor:maria.garcia@acme.io', '--search', '192.0.2']);
    expectExit(words, 0);
    expect(words.stderr).toContain('1 distinct ip values containing "192.0.2"');
    expect(words.stderr).toContain(INCIDENT_IP);
  });

  it('refuses a field that is not a facet, and a negative offset', async () => {
    expectExit(await runCli(['values', path, 'raw']), 2);
    expectExit(await runCli(['values', path, 'ip', '--offset', '-1']), 2);
  });

  it('prints the notable marks: one success after failures, the break-in, with its clause', async () => {
    const result = await runCli(['notable', path, '--json']);
    expectExit(result, 0);
    const { marks, failuresBefore } = lastJson(result) as NotableMarks;
    expect(failuresBefore).toBe(5);
    const after = marks.filter((m) => m.kind === 'after_failures');
    expect(after.map((m) => [m.clause, m.from, m.count])).toEqual([
      ['actor:maria.garcia@acme.io', '2025-10-16T02:07:12.412Z', 15],
    ]);
    // With a higher bar, the 14 failures are not enough.
    const strict = await runCli(['notable', path, '--failures', '20', '--json']);
    expect((lastJson(strict) as NotableMarks).marks.filter((m) => m.kind === 'after_failures')).toEqual([]);
  });
});
