// How S3 failures reach the user: a refused credential is AUTH and says where the credential came from; anything
// else is REMOTE and names the endpoint; no message ever carries a secret, even when the SDK's text echoes one.
import { S3Client } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import { s3Failure, type S3Connection } from '../../../../../../src/main/core/sources/s3/s3-client';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function connection(): S3Connection {
  return {
    client: new S3Client({ region: 'us-east-1' }),
    credentialOrigin: 'environment variable KEY_ID and environment variable SECRET',
    endpoint: 'https://s3.example.test',
    secrets: [SECRET],
  };
}

function sdkError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, ...extra });
}

it('makes AccessDenied an AUTH error naming bucket, endpoint and credential origin, with the secret redacted', () => {
  const error = sdkError('AccessDenied', `Access Denied for ${SECRET}`, {
    $metadata: { httpStatusCode: 403, attempts: 1 },
  });

  const failure = s3Failure(error, connection(), 'audit-logs', 'listing prefix "AWSLogs/"');

  expect(failure.code).toBe('AUTH');
  expect(failure.message).toBe(
    'S3 at https://s3.example.test refused access to bucket "audit-logs" while listing prefix "AWSLogs/" (AccessDenied: Access Denied for [redacted]); ' +
      'the credentials came from environment variable KEY_ID and environment variable SECRET.',
  );
});

it('makes a bare 403 and a missing credential AUTH too', () => {
  expect(
    s3Failure(
      sdkError('UnknownError', '', { $metadata: { httpStatusCode: 403 } }),
      connection(),
      'b',
      'downloading "k"',
    ).code,
  ).toBe('AUTH');
  const none = s3Failure(
    sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
    connection(),
    'b',
    'listing',
  );
  expect(none.code).toBe('AUTH');
  expect(none.message).toContain('gave none (Could not load credentials from any providers)');
});

it('makes other answers and unreachable endpoints REMOTE', () => {
  const answered = s3Failure(
    sdkError('InternalError', 'We encountered an internal error.', { $metadata: { httpStatusCode: 500, attempts: 4 } }),
    connection(),
    'b',
    'downloading "k"',
  );
  expect(answered).toMatchObject({
    code: 'REMOTE',
    message:
      'S3 at https://s3.example.test answered InternalError (HTTP 500) while downloading "k" in bucket "b": We encountered an internal error.',
  });

  const unreachable = s3Failure(
    sdkError('Error', 'getaddrinfo ENOTFOUND s3.example.test', { code: 'ENOTFOUND', $metadata: { attempts: 4 } }),
    connection(),
    'b',
    'listing prefix ""',
  );
  expect(unreachable).toMatchObject({
    code: 'REMOTE',
    message:
      'Could not reach S3 at https://s3.example.test while listing prefix "" in bucket "b" (4 attempts): getaddrinfo ENOTFOUND s3.example.test',
  });
});

it('makes any failure after a cancel CANCELLED', () => {
  const controller = new AbortController();
  controller.abort();

  expect(
    s3Failure(sdkError('AbortError', 'Request aborted'), connection(), 'b', 'downloading "k"', controller.signal).code,
  ).toBe('CANCELLED');
});
