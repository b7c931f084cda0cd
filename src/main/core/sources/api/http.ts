// HTTP for audit-log APIs (undici): one request with bounded retries inside the same run. Rate limits are honoured
// (429/403 with Retry-After or x-ratelimit-reset), 5xx, resets, timeouts and cut-off bodies are retried with
// exponential backoff and full jitter; anything else ends the run with an error that names the request, never a secret.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { formatBytes } from '@shared/format';
import { AppError, cancelledError } from '../../errors';
import { MAX_API_BODY_BYTES } from '../../ingest/read-limits';
import { redactSecrets } from '../../secrets';
import { readCapped } from '../read-capped';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The body parsed as JSON (a cut-off body is retried, so this is always whole). */
  json: unknown;
}

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First backoff; doubles per attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest wait a server may ask for (Retry-After, x-ratelimit-reset) before the run gives up instead. */
  maxServerWaitMs: number;
  /** Per-request timeouts for the headers and for gaps in the body. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  maxServerWaitMs: 60 * 60_000,
  timeoutMs: 60_000,
};

export interface Credential {
  /** The Authorization header's value. */
  authorization: string;
  /** Where the credential came from, for messages ("environment variable OKTA_TOKEN"). */
  origin: string;
  /**
   * The one origin (`https://acme.okta.com`) the credential may be sent to: the source's base URL. A request
   * anywhere else (a next-page link, a checkpoint saved in the case file) is refused before it is sent. Redirects
   * are not followed at all (undici's request does not), so a 3xx never carries the header elsewhere.
   */
  destination: string;
  /** Values that must never appear in a message. */
  secrets: string[];
}

export interface FetchContext {
  credential: Credential;
  retry: RetryPolicy;
  signal?: AbortSignal;
  /** Called before each retry, so progress can say why the run slowed down. */
  onRetry?: (issue: string) => void;
  /** The provider's name for messages ("Okta"). */
  provider: string;
  /** Largest response body read (default MAX_API_BODY_BYTES); a longer one ends the run. */
  maxBodyBytes?: number;
}

const USER_AGENT = 'Trailscope (audit-log sync)';

/** Sends a request and returns a 2xx JSON response; retries what can be retried; throws AppError otherwise. */
export async function fetchJson(req: HttpRequest, context: FetchContext): Promise<HttpResponse> {
  const { retry, credential } = context;
  const described = `${req.method} ${redactUrl(req.url)}`;
  const target = originOf(req.url);
  if (target !== credential.destination)
    throw new AppError(
      'UNTRUSTED_SOURCE',
      `${described} is not on ${credential.destination}, the only origin the credential from ${credential.origin} ` +
        `goes to; it was not sent.`,
    );
  let lastIssue = '';
  for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
    if (context.signal?.aborted) throw cancelledError();
    let waitMs: number;
    try {
      const response = await send(req, context, described);
      if (response.status >= 200 && response.status < 300) {
        try {
          return { ...response, json: JSON.parse(response.body.toString('utf8')) as unknown };
        } catch {
          lastIssue = `the response body was not complete JSON (${response.body.length} bytes)`;
          waitMs = backoff(attempt, retry);
        }
      } else {
        const verdict = classify(response, context, described);
        if (verdict.fatal) throw verdict.fatal;
        lastIssue = verdict.issue;
        waitMs = verdict.waitMs ?? backoff(attempt, retry);
        if (waitMs > retry.maxServerWaitMs) {
          throw new AppError(
            'REMOTE',
            `${context.provider} asked to wait ${Math.ceil(waitMs / 1000)} s before ${described} (${verdict.issue}); ` +
              `that is longer than the ${Math.ceil(retry.maxServerWaitMs / 1000)} s this run waits. Sync again later.`,
          );
        }
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (context.signal?.aborted) throw cancelledError();
      lastIssue = redactSecrets(networkIssue(error), credential.secrets);
      waitMs = backoff(attempt, retry);
    }
    if (attempt === retry.maxAttempts) break;
    context.onRetry?.(`${lastIssue}; retry ${attempt} of ${retry.maxAttempts - 1} in ${(waitMs / 1000).toFixed(1)} s`);
    try {
      await sleep(waitMs, undefined, { signal: context.signal });
    } catch {
      throw cancelledError();
    }
  }
  throw new AppError('REMOTE', `${described} failed ${retry.maxAttempts} times; the last time: ${lastIssue}.`);
}

async function send(req: HttpRequest, context: FetchContext, described: string): Promise<Omit<HttpResponse, 'json'>> {
  const headers: Record<string, string> = {
    authorization: context.credential.authorization,
    accept: 'application/json',
    'user-agent': USER_AGENT,
  };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const response = await request(req.url, {
    method: req.method,
    headers,
    body: req.body,
    signal: context.signal,
    headersTimeout: context.retry.timeoutMs,
    bodyTimeout: context.retry.timeoutMs,
  });
  // Not retried: a server that sent it once will send it again, and each time costs the cap in memory.
  const maxBytes = context.maxBodyBytes ?? MAX_API_BODY_BYTES;
  const body = await readCapped(response.body, maxBytes);
  if (body === null) {
    throw new AppError(
      'REMOTE',
      `${context.provider} answered ${described} with a body over the ${formatBytes(maxBytes)} limit for one response; ` +
        'nothing of it was stored. A smaller page size (--page-size) may keep pages under it.',
    );
  }
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.statusCode, headers: flat, body };
}

interface Verdict {
  issue: string;
  waitMs?: number;
  fatal?: AppError;
}

function classify(response: Omit<HttpResponse, 'json'>, context: FetchContext, described: string): Verdict {
  const { status, headers } = response;
  const detail = redactSecrets(errorDetail(response.body), context.credential.secrets);
  const retryAfter = retryAfterMs(headers['retry-after']);
  const rateLimited =
    status === 429 || (status === 403 && (headers['x-ratelimit-remaining'] === '0' || retryAfter !== undefined));
  if (rateLimited) {
    const reset = Number(headers['x-ratelimit-reset']);
    const untilReset = Number.isFinite(reset) && reset > 0 ? reset * 1000 - Date.now() + 1000 : undefined;
    return {
      issue: `rate limited (HTTP ${status})`,
      waitMs: retryAfter ?? (untilReset !== undefined ? Math.max(untilReset, 0) : undefined),
    };
  }
  if (status >= 500 || status === 408)
    return { issue: `HTTP ${status}${detail ? ` ${detail}` : ''}`, waitMs: retryAfter };
  if (status === 401 || status === 403) {
    return {
      issue: '',
      fatal: new AppError(
        'AUTH',
        `${context.provider} refused the credential from ${context.credential.origin} (HTTP ${status}${detail ? `: ${detail}` : ''}) ` +
          `for ${described}. Check that it is valid, not expired, and allowed to read the audit log.`,
      ),
    };
  }
  return {
    issue: '',
    fatal: new AppError(
      'REMOTE',
      `${context.provider} answered HTTP ${status}${detail ? `: ${detail}` : ''} for ${described}.`,
    ),
  };
}

/** The server's own words from an error body, shortened: providers put them in different places. */
function errorDetail(body: Buffer): string {
  const text = body.toString('utf8', 0, Math.min(body.length, 4096)).trim();
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const nested = json['error'];
    const candidates = [
      json['errorSummary'],
      json['message'],
      typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>)['message'] : nested,
      (json['Error'] as Record<string, unknown> | undefined)?.['Message'],
    ];
    const found = candidates.find((c) => typeof c === 'string' && c.length > 0);
    if (typeof found === 'string') return found.slice(0, 300);
  } catch {
    // not JSON: fall through to the text itself
  }
  return text.slice(0, 200);
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(seconds, 0) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(date - Date.now(), 0);
}

function backoff(attempt: number, retry: RetryPolicy): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.random() * ceiling);
}

function networkIssue(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  return code ? `${code}: ${error.message}` : error.message;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Query values that could be credentials (some APIs accept `?token=`) are not echoed in messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const name of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|signature|password/i.test(name) && name !== 'pageToken')
        parsed.searchParams.set(name, '[redacted]');
    }
    return parsed.toString();
  } catch {
    return url;
  }
}
