// jobs.package through the engine: a package job with the CLI's key folder writes a package that verifies, reports
// its progress and ends with its summary; an engine given no key folder (the app and `serve`, whose renderer must not
// name a file to write) refuses the request before any job starts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { createCase, createEngine } from '../../src/main/core/engine';
import { verifyPackage } from '../../src/main/core/reports/verify-package';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { runJobToEnd } from '../../src/main/cli/engine-session';
import { tempDir } from '../helpers/temp';

describe('jobs.package', () => {
  it('runs as a job and writes a package that verifies', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    await createCase(casePath, { tenantId: 't' });
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore(), keyDir: join(dir, 'config') });
    const events: JobEvent[] = [];
    engine.onPush((event) => events.push(event));
    try {
      const out = join(dir, 'evidence.zip');
      const summary = await runJobToEnd(engine, () => engine.handlers['jobs.package']({ query: '', out }), {
        signal: new AbortController().signal,
      });
      expect(summary).toMatchObject({ path: out, events: 0, files: 4 });
      expect(events.find((e) => e.type === 'started')).toMatchObject({ kind: 'package' });
      expect((await verifyPackage(out)).intact).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('is refused by an engine without a key folder', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    await createCase(casePath, { tenantId: 't' });
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore() });
    try {
      await expect(engine.handlers['jobs.package']({ query: '', out: join(dir, 'x.zip') })).rejects.toMatchObject({
        code: 'USAGE',
      });
    } finally {
      await engine.close();
    }
  });
});
