// `trailscope case attach|detach|info` through the built binary (issue 17): an empty case of the demo tenant with the
// demo's partitioned export attached answers as the demo case does; a folder of the wrong columns is refused (exit 2)
// naming the file and the column; detaching leaves the case as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CaseInfo } from '@shared/contract';
import type { AttachmentInfo } from '@shared/domain/attachments';
import { describeRun, lastJson, runCli, stdoutLines } from '../helpers/cli';

const DIR = mkdtempSync(join(tmpdir(), 'trailscope-attach-cli-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const demo = join(DIR, 'demo.duckdb');
const folder = join(DIR, "warehouse [1] it's");

beforeAll(async () => {
  const made = await runCli(['demo', demo, '--events', '500', '--json']);
  expect(made.code, describeRun(made)).toBe(0);
  const exported = await runCli(['export', demo, '--format', 'parquet', '--partitioned', '--out', folder]);
  expect(exported.code, describeRun(exported)).toBe(0);
}, 120_000);

/** How many events `trailscope query` lists for the query (every one: the demo has fewer than the limit). */
async function stats(path: string, query = ''): Promise<number> {
  const run = await runCli(['query', path, query, '--output', 'ndjson', '--limit', '10000']);
  expect(run.code, describeRun(run)).toBe(0);
  return stdoutLines(run).length;
}

it('attach, info, query and detach through the CLI; a folder of other columns is refused with exit 2', async () => {
  const part = join(DIR, 'part.duckdb');
  const created = await runCli(['case', 'create', part, '--tenant', 'demo']);
  expect(created.code, describeRun(created)).toBe(0);

  const attach = await runCli(['case', 'attach', part, folder, '--json']);

  expect(attach.code, describeRun(attach)).toBe(0);
  const { attachment } = lastJson(attach) as { attachment: AttachmentInfo };
  expect(attachment).toMatchObject({ path: folder, status: 'ok', events: 500 });
  expect(attach.stderr).toContain(`Attached ${folder}`);
  expect(await stats(part)).toBe(500);
  expect(await stats(part, 'outcome:failure')).toBe(await stats(demo, 'outcome:failure'));
  const info = await runCli(['case', 'info', part, '--json']);
  expect(info.code, describeRun(info)).toBe(0);
  expect((lastJson(info) as CaseInfo).attachments).toEqual([attachment]);
  expect(info.stderr).toContain('500 events');

  const narrow = join(DIR, 'narrow');
  const cut = await runCli([
    'export',
    demo,
    '--format',
    'parquet',
    '--partitioned',
    '--columns',
    'uid,tenant_id,occurred_at',
    '--out',
    narrow,
  ]);
  expect(cut.code, describeRun(cut)).toBe(0);
  const refused = await runCli(['case', 'attach', part, narrow]);
  expect(refused.code, describeRun(refused)).toBe(2);
  expect(refused.stderr).toMatch(/narrow\/tenant_id=demo\/date=[\d-]+\/\S+\.parquet has no column received_at\./);

  const detach = await runCli(['case', 'detach', part, folder]);
  expect(detach.code, describeRun(detach)).toBe(0);
  expect(await stats(part)).toBe(0);
  const after = await runCli(['case', 'info', part]);
  expect(after.stderr).toContain('No folders attached.');
});
