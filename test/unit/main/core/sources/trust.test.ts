// This user's trust in the sources of cases (sources/trust.ts): kept per case and source in an owner-only file,
// invalidated by any change to where the source sends which secret, not by harmless ones; a file that is not a
// trust file is refused in words rather than read as "nothing trusted" and overwritten.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiSourceSettings } from '@shared/domain/sources';
import { EnvSecretStore } from '../../../../../src/main/core/secrets';
import { SourceTrust, sourceFingerprint, TRUST_FILE } from '../../../../../src/main/core/sources/trust';
import type { SavedSource } from '../../../../../src/main/core/store/sources-repo';
import { apiSettings } from '../../../../helpers/source-settings';
import { tempDir } from '../../../../helpers/temp';

const CASE = '6f1c1a52-2f0e-4a57-9d3e-0d7a1c2b3e4f';
const secrets = new EnvSecretStore({});

function apiSource(settings: Partial<ApiSourceSettings> = {}): SavedSource {
  return {
    id: 'api-1',
    name: 'Okta',
    createdAt: '2026-12-01T00:00:00.000Z',
    checkpoint: null,
    kind: 'api',
    settings: apiSettings({ preset: 'okta', baseUrl: 'https://acme.okta.com', tokenRef: 'OKTA_TOKEN', ...settings }),
  };
}

describe('sourceFingerprint', () => {
  it('changes with the host, the secret reference, the case and the source id; not with the page size', () => {
    const base = sourceFingerprint(CASE, apiSource());
    expect(sourceFingerprint(CASE, apiSource({ pageSize: 10 }))).toBe(base);
    for (const changed of [
      sourceFingerprint(CASE, apiSource({ baseUrl: 'https://attacker.example' })),
      sourceFingerprint(CASE, apiSource({ tokenRef: 'AWS_SECRET_ACCESS_KEY' })),
      sourceFingerprint(CASE.replace('6f', '7f'), apiSource()),
      sourceFingerprint(CASE, { ...apiSource(), id: 'api-2' }),
    ])
      expect(changed).not.toBe(base);
  });
});

describe('SourceTrust', () => {
  it('refuses an untrusted source naming host and variable; once granted, an owner-only file says so', async () => {
    const folder = join(await tempDir(), 'config', 'trailscope');
    const trust = new SourceTrust(folder);
    await expect(trust.check(CASE, apiSource(), secrets)).rejects.toMatchObject({
      code: 'UNTRUSTED_SOURCE',
      message: expect.stringMatching(/environment variable OKTA_TOKEN to https:\/\/acme\.okta\.com/),
    });
    await trust.grant(CASE, apiSource(), secrets);
    await expect(new SourceTrust(folder).check(CASE, apiSource(), secrets)).resolves.toBeUndefined();
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect((await stat(join(folder, TRUST_FILE))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(folder, TRUST_FILE), 'utf8')).toContain('https://acme.okta.com');

    await expect(trust.check(CASE, apiSource({ baseUrl: 'https://attacker.example' }), secrets)).rejects.toMatchObject({
      code: 'UNTRUSTED_SOURCE',
      message: expect.stringContaining('changed since you did'),
    });
  });

  it('without a folder, trust lasts as long as the object (nothing on disk)', async () => {
    const trust = new SourceTrust(null);
    await trust.grant(CASE, apiSource(), secrets);
    await expect(trust.check(CASE, apiSource(), secrets)).resolves.toBeUndefined();
    await expect(new SourceTrust(null).check(CASE, apiSource(), secrets)).rejects.toMatchObject({
      code: 'UNTRUSTED_SOURCE',
    });
  });

  it('a file that is not a trust file is refused in words, and left as it was', async () => {
    const folder = await tempDir();
    await writeFile(join(folder, TRUST_FILE), '{"sources": "all of them"}');
    const trust = new SourceTrust(folder);
    await expect(trust.grant(CASE, apiSource(), secrets)).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining('is not a Trailscope trust file'),
    });
    expect(await readFile(join(folder, TRUST_FILE), 'utf8')).toBe('{"sources": "all of them"}');
  });
});
