// jobs.package through the engine: a package job with the CLI's key folder writes a package that verifies, reports
// its progress and ends with its summary; an engine given no key folder (the app and `serve`, whose renderer must not
// name a file to write) refuses the request before any job starts.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@shared/domain/jobs';
import { createCase, createEngine } from '../../src/main/core/engine';
import { verifyPackage } from '../../src/main/core/reports/verify-package';
import { EnvSecretStore } from '../../src/main/core/secrets';
import { runJobToEnd } from '../../src/main/cli/engine-session';
import { genericRecord } from '../helpers/records';
import { tempDir } from '../helpers/temp';

describe('jobs.package', () => {
  it('runs as a job and writes a package that verifies', async () => {
    const dir = await tempDir();
    const casePath = join(dir, 'case.duckdb');
    await createCase(casePath, { tenantId: 't' });
    // Records as a provider wrote them: odd spacing and key order, which the package's events.ndjson must keep.
    const lines = [1, 2, 3].map((n) => JSON.stringify(genericRecord(n, { tenant_id: 't' })).replace(/,/g, ', '));
    const source = join(dir, 'events.ndjson');
    await writeFile(source, lines.join('\n') + '\n');
    const engine = await createEngine({ casePath, secrets: new EnvSecretStore(), keyDir: join(dir, 'config') });
    const events: JobEvent[] = [];
    engine.onPush((event) => events.push(event));
    try {
      const signal = new AbortController().signal;
      await runJobToEnd(engine, () => engine.handlers['jobs.import']({ paths: [source] }), { signal });
      const out = join(dir, 'evidence.zip');
      const summary = await runJobToEnd(engine, () => engine.handlers['jobs.package']({ query: '', out }), {
        signal: new AbortController().signal,
      });
      expect(summary).toMatchObject({ path: out, events: 3, files: 10 });
      expect(events.find((e) => e.type === 'started' && e.kind === 'package')).toBeTruthy();
      expect((await verifyPackage(out)).intact).toBe(true);
      const zip = unzipSync(await readFile(out));
      expect(Object.keys(zip).sort()).toEqual(
        [
          'annotations.json',
          'events.csv',
          'events.ndjson',
          'findings.json',
          'integrity.json',
          'journal.json',
          'ledger.json',
          'manifest.json',
          'manifest.sig',
          'public-key.pem',
          'query.json',
          'report.pdf',
          'trail.json',
        ].sort(),
      );
      const text = (name: string) => Buffer.from(zip[name] ?? new Uint8Array()).toString('utf8');
      expect(text('events.ndjson').trimEnd().split('\n').sort()).toEqual([...lines].sort());
      expect(text('events.csv').split('\r\n').filter(Boolean)).toHaveLength(4);
      expect(text('report.pdf').startsWith('%PDF-')).toBe(true);
      expect(JSON.parse(text('findings.json'))).toMatchObject({ run: null, findings: [] });
      expect(JSON.parse(text('annotations.json'))).toMatchObject({ annotations: [], total: 0 });
      expect(JSON.parse(text('trail.json'))).toMatchObject({ entries: [], total: 0 });
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
