// The S3 client of an S3 source (AWS or any S3-compatible endpoint) and the translation of its failures into
// AppErrors that name the bucket, the endpoint and where the credentials came from — never a secret's value.
// Credentials: explicit keys through the SecretStore, else a named profile, else the SDK's default chain.
import { S3Client } from '@aws-sdk/client-s3';
import type { S3SourceSettings } from '@shared/domain/sources';
import { AppError, cancelledError, isAppError } from '../../errors';
import { redactSecrets, requireSecret, type SecretStore } from '../../secrets';

export interface S3Connection {
  client: S3Client;
  /** Where the credentials come from, in words ("environment variables A and B", "the AWS profile \"x\""). */
  credentialOrigin: string;
  /** The endpoint in words, for messages. */
  endpoint: string;
  /** Secret values that must never appear in a message. */
  secrets: string[];
}

/** Attempts per request, the first included: the SDK's standard retry with backoff, bounded. */
export const S3_MAX_ATTEMPTS = 4;
const CONNECTION_TIMEOUT_MS = 10_000;
/** Longest silence on an open connection before the request fails (and is retried). */
const SOCKET_TIMEOUT_MS = 60_000;
const DEFAULT_REGION = 'us-east-1';

/** Codes S3 (and S3-compatible servers) answer when the credential itself is refused. */
const AUTH_CODES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
  'AccountProblem',
  'InvalidSecurity',
  'Forbidden',
  'Unauthorized',
]);

export async function createS3Client(settings: S3SourceSettings, secrets: SecretStore): Promise<S3Client> {
  return (await connectS3(settings, secrets)).client;
}

export async function connectS3(settings: S3SourceSettings, secrets: SecretStore): Promise<S3Connection> {
  const region = settings.region.trim() || DEFAULT_REGION;
  const endpoint = settings.endpoint ?? `AWS S3 (${region})`;
  const base = {
    region,
    endpoint: settings.endpoint ?? undefined,
    forcePathStyle: settings.pathStyle,
    maxAttempts: S3_MAX_ATTEMPTS,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
  };
  const { accessKeyIdRef, secretAccessKeyRef } = settings;
  if (accessKeyIdRef !== null || secretAccessKeyRef !== null) {
    if (accessKeyIdRef === null || secretAccessKeyRef === null) {
      throw new AppError(
        'USAGE',
        `The S3 source for bucket "${settings.bucket}" names only one of its two keys; give both the access key id and the secret access key, or neither.`,
      );
    }
    const purpose = `Reading S3 bucket "${settings.bucket}"`;
    const accessKeyId = await requireSecret(secrets, accessKeyIdRef, purpose);
    const secretAccessKey = await requireSecret(secrets, secretAccessKeyRef, purpose);
    return {
      client: new S3Client({ ...base, credentials: { accessKeyId, secretAccessKey } }),
      credentialOrigin: `${secrets.describe(accessKeyIdRef)} and ${secrets.describe(secretAccessKeyRef)}`,
      endpoint,
      secrets: [secretAccessKey],
    };
  }
  if (settings.profile !== null) {
    return {
      client: new S3Client({ ...base, profile: settings.profile }),
      credentialOrigin: `the AWS profile "${settings.profile}"`,
      endpoint,
      secrets: [],
    };
  }
  return {
    client: new S3Client(base),
    credentialOrigin: 'the AWS default credential chain (environment variables, shared config and credentials files)',
    endpoint,
    secrets: [],
  };
}

interface SdkFailure {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/**
 * An AppError for a failed S3 call. `doing` says what was being done ("listing", "downloading key x"). A refused
 * credential is AUTH; anything else S3 answered, or an endpoint that stayed unreachable past the retries, is REMOTE.
 */
export function s3Failure(
  error: unknown,
  connection: S3Connection,
  bucket: string,
  doing: string,
  signal?: AbortSignal,
): AppError {
  if (isAppError(error)) return error;
  if (signal?.aborted) return cancelledError();
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkFailure;
  const name = failure.name ?? 'Error';
  const detail = redactSecrets(failure.message ?? '', connection.secrets);
  const status = failure.$metadata?.httpStatusCode;
  const redacted = (code: AppError['code'], message: string) =>
    new AppError(code, redactSecrets(message, connection.secrets));

  if (name === 'CredentialsProviderError') {
    return redacted(
      'AUTH',
      `No AWS credentials for bucket "${bucket}": ${connection.credentialOrigin} gave none (${detail}).`,
    );
  }
  if (AUTH_CODES.has(name) || status === 401 || status === 403) {
    return redacted(
      'AUTH',
      `S3 at ${connection.endpoint} refused access to bucket "${bucket}" while ${doing} (${name}: ${detail}); the credentials came from ${connection.credentialOrigin}.`,
    );
  }
  if (name === 'NoSuchBucket') {
    return redacted('REMOTE', `There is no bucket "${bucket}" at ${connection.endpoint} (NoSuchBucket).`);
  }
  if (status !== undefined) {
    return redacted(
      'REMOTE',
      `S3 at ${connection.endpoint} answered ${name} (HTTP ${status}) while ${doing} in bucket "${bucket}": ${detail}`,
    );
  }
  const attempts = failure.$metadata?.attempts ?? S3_MAX_ATTEMPTS;
  const cause = failure.code && !detail.includes(failure.code) ? `${failure.code}: ${detail}` : detail || name;
  return redacted(
    'REMOTE',
    `Could not reach S3 at ${connection.endpoint} while ${doing} in bucket "${bucket}" (${attempts} attempt${attempts === 1 ? '' : 's'}): ${cause}`,
  );
}
