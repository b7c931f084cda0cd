// The one place a call from the renderer reaches the core, for both transports (Electron IPC, the web bridge):
// the channel must be in the contract, the payload must pass its schema, and whatever happens the caller gets a
// Result envelope with only { code, message } — never a stack trace.
import { CLI_ONLY_CHANNELS } from '@shared/domain/attachments';
import type { Result } from '@shared/result';
import { isChannel, REQUEST_SCHEMAS } from '@shared/schemas';
import type { Handlers } from '../engine';
import { isAppError } from '../errors';

export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  signal?: AbortSignal,
): Promise<Result<unknown>> {
  if (!isChannel(channel))
    return {
      ok: false,
      error: { code: 'INVALID_REQUEST', message: `There is no channel "${channel.slice(0, 100)}".` },
    };
  // Attaching makes the core read a folder the request names: the command line's alone, never a page's.
  if (CLI_ONLY_CHANNELS.has(channel))
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: `${channel} is for the command line only: use \`trailscope case attach\`.` },
    };
  const parsed = REQUEST_SCHEMAS[channel].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `Invalid request for ${channel}: ${issues}` } };
  }
  try {
    const handler = handlers[channel] as (request: unknown, signal?: AbortSignal) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, signal) };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `Internal error in ${channel}: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}
