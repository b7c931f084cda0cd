// `trailscope source list` names the file imports too (issue 18 item 9): with their file count, events, span and the
// gaps no imported file covers, in words and in --json; and `sync` with no --source leaves them alone.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const DAY = 86_400_000;
const START = Date.parse('2025-03-10T00:00:00.000Z');

/** `count` generic records, one a minute from `start`. */
async function file(dir: string, name: string, start: number, count: number): Promise<string> {
  const path = join(dir, name);
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `${name}-${i}`,
      occurred_at: new Date(start + i * 60_000).toISOString(),
      tenant_id: 'acme',
      action: 'user.login',
      actor: { id: 'u1', type: 'user' },
      outcome: 'success',
    }),
  );
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

describe('trailscope source list: the file imports', () => {
  it('lists them with files, events, span and gaps; sync of every source skips them', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    expect((await runCli(['case', 'create', casePath, '--tenant', 'acme'])).code).toBe(0);
    const a = await file(dir, 'a.ndjson', START, 30);
    const b = await file(dir, 'b.ndjson', START + 2 * DAY, 30);
    expect((await runCli(['import', casePath, a, b])).code).toBe(0);

    const listed = await runCli(['source', 'list', casePath]);
    expect(listed.code).toBe(0);
    expect(listed.stdout + listed.stderr).toContain(
      'files\tfiles\tImported files\t2 files imported from disk: 60 events, 2025-03-10T00:00:00.000Z – ' +
        '2025-03-12T00:29:00.000Z; 1 gap no imported file covers',
    );
    const json = lastJson(await runCli(['source', 'list', casePath, '--json'])) as {
      sources: { id: string; kind: string; gaps: { from: string; to: string; kind: string }[] }[];
    };
    expect(json.sources).toMatchObject([
      {
        id: 'files',
        kind: 'files',
        gaps: [{ from: '2025-03-10T00:29:00.000Z', to: '2025-03-12T00:00:00.000Z', kind: 'not-imported' }],
      },
    ]);

    const synced = await runCli(['sync', casePath]);
    expect(synced.code).toBe(0);
    expect(synced.stdout + synced.stderr).toContain('No sources to sync');
  });
});
