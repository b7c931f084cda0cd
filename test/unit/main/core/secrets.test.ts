// The grammar of secret references read back from a case, and the keychain's sealing of a secret to the one origin
// it was entered for (core/secrets.ts): a case file may come from someone else, and the keychain is per installation.
import { describe, expect, it } from 'vitest';
import {
  bindSecrets,
  EnvSecretStore,
  keychainRef,
  sealSecret,
  secretRefProblem,
  type SecretStore,
} from '../../../../src/main/core/secrets';

const CASE = '0b7e4c8a-3d2f-4e1a-9c5b-6a7d8e9f0a1b';
const owner = { caseId: CASE, sourceId: 'api-1', slot: 'token' };

describe('secretRefProblem', () => {
  it('takes an environment variable name of up to 128 letters, digits and _, not starting with a digit', () => {
    for (const ref of ['OKTA_TOKEN', 'github_token', '_X', `A${'B'.repeat(127)}`])
      expect(secretRefProblem(ref, owner)).toBeNull();
    for (const ref of ['1TOKEN', 'A B', 'A-B', `A${'B'.repeat(128)}`, ''])
      expect(secretRefProblem(ref, owner)).toContain('neither an environment variable');
  });

  it('takes the keychain entry of exactly this case, source and slot; no other', () => {
    expect(secretRefProblem(keychainRef(CASE, 'api-1', 'token'), owner)).toBeNull();
    const other = '9d2c1b0a-0000-4000-8000-000000000000';
    expect(secretRefProblem(keychainRef(other, 'api-1', 'token'), owner)).toContain('another case');
    expect(secretRefProblem(keychainRef(CASE, 'api-2', 'token'), owner)).toContain('another source or secret');
    expect(secretRefProblem(keychainRef(CASE, 'api-1', 'serviceAccountKey'), owner)).toContain('another source');
    expect(secretRefProblem('source:api-1:token', owner)).toContain('older Trailscope');
    expect(secretRefProblem(keychainRef(CASE, 'api-1', 'token'), { ...owner, caseId: null })).toContain('another');
  });
});

describe('bindSecrets', () => {
  const vault = new Map<string, string>();
  const keychain: SecretStore = {
    get: (ref) => Promise.resolve(vault.get(ref)),
    describe: (ref) => `the keychain entry ${ref}`,
  };
  const ref = keychainRef(CASE, 'api-1', 'token');

  it('gives a keychain secret only to the origin it was sealed to', async () => {
    vault.set(ref, sealSecret('s3cr3t-value', 'https://acme.okta.com'));
    expect(await bindSecrets(keychain, 'https://acme.okta.com').get(ref)).toBe('s3cr3t-value');
    const elsewhere = bindSecrets(keychain, 'https://attacker.example').get(ref);
    await expect(elsewhere).rejects.toMatchObject({ code: 'UNTRUSTED_SOURCE' });
    await expect(elsewhere).rejects.not.toMatchObject({ message: expect.stringContaining('s3cr3t-value') });
  });

  it('refuses a keychain value that does not say where it may go', async () => {
    vault.set(ref, 'a-bare-token');
    await expect(bindSecrets(keychain, 'https://acme.okta.com').get(ref)).rejects.toMatchObject({
      code: 'UNTRUSTED_SOURCE',
    });
  });

  it('passes environment variables through (the user’s trust in the source binds those)', async () => {
    const env = bindSecrets(new EnvSecretStore({ OKTA_TOKEN: 'from-env' }), 'https://acme.okta.com');
    expect(await env.get('OKTA_TOKEN')).toBe('from-env');
    expect(env.describe('OKTA_TOKEN')).toBe('environment variable OKTA_TOKEN');
  });
});
