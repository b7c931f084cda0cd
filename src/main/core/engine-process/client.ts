// The main process's side of the engine process: an Engine (the same interface createEngine returns) whose
// handlers are round trips to the child. Also answers the child's secret requests from the main process's
// SecretStore. Plain Node: the child is anything that sends and receives messages (Electron's utilityProcess in
// the app, child_process.fork in tests and benchmarks).
import { CHANNELS } from '@shared/schemas';
import type { PushEvents } from '@shared/contract';
import type { Result } from '@shared/result';
import type { Engine, Handlers } from '../engine';
import { ERROR_CODES, type ErrorCode } from '@shared/result';
import { AppError, isAppError } from '../errors';
import type { SecretStore } from '../secrets';
import { REF_PLACEHOLDER, type FromHost, type SecretOp, type ToHost } from './messages';

export interface EngineChild {
  send(message: ToHost): void;
  onMessage(listener: (message: FromHost) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface EngineProcessOptions {
  casePath: string;
  secrets: SecretStore;
  /** Where this user's trust in sources is kept (EngineOptions.trustDir). */
  trustDir?: string;
  /** Where the package signing key is kept (EngineOptions.keyDir); absent: no packages. */
  keyDir?: string;
  /** How long `close()` waits for the child to close the case before killing it. */
  closeTimeoutMs?: number;
}

function asCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

async function answerSecret(secrets: SecretStore, request: SecretOp): Promise<Result<string | null>> {
  try {
    if (request.op === 'get') return { ok: true, value: (await secrets.get(request.ref)) ?? null };
    if (!secrets.set || !secrets.delete)
      return { ok: false, error: { code: 'SECRET_MISSING', message: 'This app keeps no secrets itself.' } };
    if (request.op === 'set') await secrets.set(request.ref, request.value);
    else await secrets.delete(request.ref);
    return { ok: true, value: null };
  } catch (error) {
    return {
      ok: false,
      error: {
        code: isAppError(error) ? error.code : 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

/** Opens the case in `child`; resolves once it is open, rejects with the child's AppError when it cannot be. */
export function connectEngine(child: EngineChild, options: EngineProcessOptions): Promise<Engine> {
  const calls = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: PushEvents['job']) => void>();
  let nextId = 0;
  let exited = false;
  let onReady: { resolve: (engine: Engine) => void; reject: (error: Error) => void } | undefined;
  let onClosed: (() => void) | undefined;

  const call = (channel: string, payload: unknown, signal?: AbortSignal): Promise<unknown> => {
    if (exited) return Promise.reject(new AppError('INTERNAL', 'The engine process has stopped; reopen the case.'));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const withdraw = () => child.send({ type: 'withdraw', id });
      signal?.addEventListener('abort', withdraw, { once: true });
      calls.set(id, (result) => {
        signal?.removeEventListener('abort', withdraw);
        if (result.ok) resolve(result.value);
        else reject(new AppError(asCode(result.error.code), result.error.message));
      });
      child.send({ type: 'call', id, channel, payload });
      if (signal?.aborted) withdraw();
    });
  };
  const handlers = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (request: unknown, signal?: AbortSignal) => call(channel, request, signal)]),
  ) as unknown as Handlers;

  const engine: Engine = {
    handlers,
    onPush(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill(), options.closeTimeoutMs ?? 30_000);
        onClosed = () => {
          clearTimeout(timer);
          resolve();
        };
        child.send({ type: 'close' });
      });
    },
  };

  child.onMessage((message) => {
    switch (message.type) {
      case 'ready':
        onReady?.resolve(engine);
        return;
      case 'open-failed':
        onReady?.reject(new AppError(asCode(message.error.code), message.error.message));
        child.kill();
        return;
      case 'result':
        calls.get(message.id)?.(message.result);
        calls.delete(message.id);
        return;
      case 'push':
        for (const listener of listeners) listener(message.event);
        return;
      case 'secret':
        void answerSecret(options.secrets, message.request).then((result) =>
          child.send({ type: 'secret-answer', id: message.id, result }),
        );
        return;
      case 'closed':
        return;
    }
  });
  child.onExit((code) => {
    exited = true;
    for (const settle of calls.values())
      settle({ ok: false, error: { code: 'INTERNAL', message: `The engine process stopped (exit code ${code}).` } });
    calls.clear();
    onReady?.reject(new AppError('INTERNAL', `The engine process stopped before the case opened (exit code ${code}).`));
    onClosed?.();
  });

  return new Promise<Engine>((resolve, reject) => {
    onReady = { resolve, reject };
    child.send({
      type: 'open',
      casePath: options.casePath,
      secretStorage: options.secrets.set ? 'keychain' : 'environment',
      describeTemplate: options.secrets.describe(REF_PLACEHOLDER),
      trustDir: options.trustDir,
      keyDir: options.keyDir,
    });
  });
}
