// The Add-source form's request and its problems (draft-form.ts): the same schema and draft checks the core runs.
import { describe, expect, it } from 'vitest';
import {
  draftOf,
  EMPTY_FORM,
  formProblems,
  type SourceFormValues,
} from '../../../../../src/renderer/src/features/sources/draft-form';

const form = (values: Partial<SourceFormValues>): SourceFormValues => ({ ...EMPTY_FORM, ...values });

describe('the Add-source form', () => {
  it('sends a token as a value to the keychain and as a variable name to serve, never both', () => {
    const values = form({ preset: 'okta', baseUrl: 'https://acme.okta.com', token: 'OKTA_TOKEN' });
    expect(draftOf(values, 'environment')).toMatchObject({
      kind: 'api',
      settings: { tokenRef: 'OKTA_TOKEN' },
      secrets: undefined,
    });
    const keychain = draftOf({ ...values, token: '00abc-secret' }, 'keychain');
    expect(keychain).toMatchObject({ settings: { tokenRef: null }, secrets: { token: '00abc-secret' } });
  });

  it('puts each problem under its field, in words', () => {
    expect(formProblems(form({ preset: 'okta' }), 'environment')).toEqual({
      baseUrl: expect.stringContaining('Enter the base URL of the Okta System Log'),
      token: 'Name the environment variable that holds the API token.',
    });
    expect(formProblems(form({ preset: 'github', token: 'x' }), 'keychain')).toEqual({
      org: 'Enter the GitHub organization (or an enterprise).',
    });
    expect(
      formProblems(form({ preset: 'generic', baseUrl: 'http://10.0.0.5', token: 'T' }), 'environment').baseUrl,
    ).toContain('must be https');
    expect(formProblems(form({ kind: 's3', bucket: 'logs', accessKeyId: 'AKIA' }), 'keychain')).toEqual({
      secretAccessKey: expect.stringContaining('go together'),
    });
    expect(formProblems(form({ kind: 's3', bucket: 'a'.repeat(300) }), 'keychain').bucket).toBeDefined();
  });

  it('accepts a complete form, so Save sends it', () => {
    expect(
      formProblems(form({ preset: 'generic', baseUrl: 'http://127.0.0.1:8080', token: 'PEER_TOKEN' }), 'environment'),
    ).toEqual({});
    expect(
      formProblems(
        form({ kind: 's3', bucket: 'cloudtrail-logs', prefix: 'AWSLogs/', region: 'eu-west-1' }),
        'keychain',
      ),
    ).toEqual({});
  });
});
