// Responses as the peer sends them: a status, headers and a finished body (kept whole so a fault can repeat or cut
// it), and each provider's own error shape, so a client's error handling meets what the real API sends.
import type { PeerPreset } from './types';

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return { status, headers, body: Buffer.from(JSON.stringify(value)) };
}

/** A page body from prebuilt record texts: `prefix` + comma-separated records + `suffix`, no re-serialization. */
export function pageReply(
  prefix: string,
  records: Buffer[],
  suffix: string,
  headers: Record<string, string | string[]> = {},
): Reply {
  return { status: 200, headers, body: Buffer.concat([Buffer.from(prefix), ...records, Buffer.from(suffix)]) };
}

export type ErrorKind = 'unauthorized' | 'bad-request' | 'rate-limited' | 'server';

const SERVER_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
let oktaErrorIds = 0;

/**
 * The provider's error body for a status. `detail` says what was wrong with a bad request (for Slack it is the
 * error code, e.g. `invalid_cursor`).
 */
export function errorReply(preset: PeerPreset, status: number, kind: ErrorKind, detail = 'Bad request'): Reply {
  const serverText = SERVER_TEXT[status] ?? 'Server Error';
  switch (preset) {
    case 'generic': {
      const code = {
        unauthorized: 'unauthorized',
        'bad-request': 'invalid_request',
        'rate-limited': 'rate_limited',
        server: serverText.toLowerCase().replaceAll(' ', '_'),
      }[kind];
      return jsonReply(status, kind === 'bad-request' ? { error: code, message: detail } : { error: code });
    }
    case 'github': {
      const message = {
        unauthorized: 'Bad credentials',
        'bad-request': detail,
        'rate-limited':
          status === 403
            ? 'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.'
            : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        server: serverText,
      }[kind];
      const docs =
        kind === 'rate-limited'
          ? 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
          : 'https://docs.github.com/rest';
      return jsonReply(status, { message, documentation_url: docs, status: String(status) });
    }
    case 'okta': {
      const [errorCode, errorSummary] = (
        {
          unauthorized: ['E0000011', 'Invalid token provided'],
          'bad-request': ['E0000001', `Api validation failed: ${detail}`],
          'rate-limited': ['E0000047', 'API call exceeded rate limit due to too many requests.'],
          server: ['E0000009', 'Internal Server Error'],
        } satisfies Record<ErrorKind, [string, string]>
      )[kind];
      return jsonReply(status, {
        errorCode,
        errorSummary,
        errorLink: errorCode,
        errorId: `oae${String(++oktaErrorIds).padStart(19, '0')}`,
        errorCauses: kind === 'bad-request' ? [{ errorSummary: detail }] : [],
      });
    }
    case 'slack': {
      const error = {
        unauthorized: 'invalid_auth',
        'bad-request': detail,
        'rate-limited': 'ratelimited',
        server: 'fatal_error',
      }[kind];
      return jsonReply(status, { ok: false, error });
    }
    case 'onepassword-audit':
    case 'onepassword-signin': {
      const message = {
        unauthorized: 'Unauthorized',
        'bad-request': detail,
        'rate-limited': 'Too Many Requests',
        server: serverText,
      }[kind];
      return jsonReply(status, { Error: { Message: message } });
    }
    case 'google-workspace': {
      const [message, reason, code] = (
        {
          unauthorized: ['Request had invalid authentication credentials.', 'authError', 'UNAUTHENTICATED'],
          'bad-request': [detail, 'invalid', 'INVALID_ARGUMENT'],
          'rate-limited': [
            "Quota exceeded for quota metric 'Queries'.",
            'rateLimitExceeded',
            status === 403 ? 'PERMISSION_DENIED' : 'RESOURCE_EXHAUSTED',
          ],
          server: [serverText, 'backendError', status === 500 ? 'INTERNAL' : 'UNAVAILABLE'],
        } satisfies Record<ErrorKind, [string, string, string]>
      )[kind];
      return jsonReply(status, {
        error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: code },
      });
    }
  }
}
