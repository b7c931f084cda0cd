// createEngine({ readOnly }) as the CLI's reading commands open a case, and the channels the CLI added to the
// contract: case.stats, rejects.list without a limit, jobs.import with a format. A read-only engine answers every
// question and refuses every write with READ_ONLY, before any job starts.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { dispatch } from '../../src/main/core/bridge/dispatch';
import { createCase, createEngine, type Engine } from '../../src/main/core/engine';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { FIXTURES, tempDir } from '../helpers/temp';

const GENERIC = join(FIXTURES, 'formats', 'generic');

/** Resolves with the job's terminal event. */
function ending(engine: Engine, jobId: string): Promise<JobEvent> {
  return new Promise((resolve) => {
    const stop = engine.onPush((event) => {
      if (
        event.jobId === jobId &&
        (event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled')
      ) {
        stop();
        resolve(event);
      }
    });
  });
}

it('imports with a format, then answers stats and every reject read-only, and refuses writes there', async () => {
  const casePath = join(await tempDir(), 'case.duckdb');
  await createCase(casePath, { tenantId: 'ws_acme' });
  const writer = await createEngine({ casePath, secrets: new EnvSecretStore() });
  await expect(
    writer.handlers['jobs.import']({ paths: [join(GENERIC, 'rejects.ndjson')], format: 'bogus' }),
  ).rejects.toMatchObject({ code: 'USAGE' });
  const { jobId } = await writer.handlers['jobs.import']({
    paths: [join(GENERIC, 'rejects.ndjson')],
    format: 'generic',
  });
  expect(await ending(writer, jobId)).toMatchObject({
    type: 'completed',
    summary: { added: 3, duplicates: 1, rejected: 2 },
  });
  await writer.close();

  // Two at once, as two `trailscope query` runs are.
  const reader = await createEngine({ casePath, secrets: new EnvSecretStore(), readOnly: true });
  const second = await createEngine({ casePath, secrets: new EnvSecretStore(), readOnly: true });
  try {
    const stats = await reader.handlers['case.stats']({ top: 1 });
    const { rejects } = await second.handlers['rejects.list']({});
    const refused = await Promise.allSettled([
      reader.handlers['jobs.import']({ paths: [join(GENERIC, 'records.ndjson')] }),
      reader.handlers['jobs.sync']({ sourceId: 'api-1' }),
      reader.handlers['sources.remove']({ sourceId: 'api-1' }),
      reader.handlers['sources.add']({
        kind: 'api',
        settings: { preset: 'github', org: 'acme', tokenRef: 'GITHUB_TOKEN' },
      }),
    ]);

    expect(stats).toMatchObject({ tenant: 'ws_acme', events: 3, rejects: 2 });
    expect(stats.topActions).toHaveLength(1);
    expect(rejects.map((r) => r.line)).toEqual([2, 3]);
    for (const result of refused) expect(result).toMatchObject({ status: 'rejected', reason: { code: 'READ_ONLY' } });
    expect(await dispatch(reader.handlers, 'rejects.list', {})).toMatchObject({
      ok: true,
      value: { rejects: [{ line: 2 }, { line: 3 }] },
    });
  } finally {
    await Promise.all([reader.close(), second.close()]);
  }
});
