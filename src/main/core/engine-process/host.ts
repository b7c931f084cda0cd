// The engine process's side: opens the case with createEngine and answers the main process's calls through
// dispatch (schema check + Result, as everywhere). Import parsing, hashing and DuckDB's result conversion then
// run here, not on the thread that draws menus and answers IPC (bench/main-thread.bench.ts measured why).
// Plain Node: no electron import; src/main/engine-host.ts picks the port (utility process or Node child).
import { dispatch } from '../bridge/dispatch';
import { createEngine, type Engine } from '../engine';
import { AppError, isAppError } from '../errors';
import type { SecretStore } from '../secrets';
import type { Result } from '@shared/result';
import { REF_PLACEHOLDER, type FromHost, type SecretOp, type ToHost } from './messages';

export interface HostPort {
  post(message: FromHost): void;
  onMessage(listener: (message: ToHost) => void): void;
}

/** A SecretStore whose values live in the main process (safeStorage): each operation is a round trip. */
function remoteSecrets(
  port: HostPort,
  kind: 'keychain' | 'environment',
  describeTemplate: string,
  pending: Map<number, (r: ToHost & { type: 'secret-answer' }) => void>,
): SecretStore {
  let next = 0;
  const ask = (request: SecretOp) =>
    new Promise<string | null>((resolve, reject) => {
      const id = next++;
      pending.set(id, ({ result }) =>
        result.ok ? resolve(result.value) : reject(new AppError(result.error.code as never, result.error.message)),
      );
      port.post({ type: 'secret', id, request });
    });
  const store: SecretStore = {
    get: async (ref) => (await ask({ op: 'get', ref })) ?? undefined,
    describe: (ref) => describeTemplate.split(REF_PLACEHOLDER).join(ref),
  };
  if (kind === 'keychain') {
    store.set = async (ref, value) => void (await ask({ op: 'set', ref, value }));
    store.delete = async (ref) => void (await ask({ op: 'delete', ref }));
  }
  return store;
}

/**
 * Posts a call's answer; one the channel cannot carry (a cycle for JSON IPC, nesting deeper than the serializer's
 * stack, a value structured clone refuses) goes as an INTERNAL error instead, so the caller's promise settles.
 */
function postResult(port: HostPort, id: number, channel: string, result: Result<unknown>): void {
  try {
    port.post({ type: 'result', id, result });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    port.post({
      type: 'result',
      id,
      result: {
        ok: false,
        error: { code: 'INTERNAL', message: `The answer to ${channel} could not be sent (${reason}).` },
      },
    });
  }
}

export function serveEngine(port: HostPort, exit: (code: number) => void): void {
  let engine: Engine | undefined;
  const pendingSecrets = new Map<number, (r: ToHost & { type: 'secret-answer' }) => void>();
  /** Calls in flight, by id, so that a withdrawal can reach the query. */
  const inFlight = new Map<number, AbortController>();
  port.onMessage((message) => {
    switch (message.type) {
      case 'open':
        if (engine) return;
        createEngine({
          casePath: message.casePath,
          secrets: remoteSecrets(port, message.secretStorage, message.describeTemplate, pendingSecrets),
          trustDir: message.trustDir,
          keyDir: message.keyDir,
        }).then(
          (opened) => {
            engine = opened;
            opened.onPush((event) => port.post({ type: 'push', event }));
            port.post({ type: 'ready' });
          },
          (error: unknown) => {
            const code = isAppError(error) ? error.code : 'INTERNAL';
            port.post({
              type: 'open-failed',
              error: { code, message: error instanceof Error ? error.message : String(error) },
            });
          },
        );
        return;
      case 'call': {
        const { id, channel, payload } = message;
        if (!engine)
          return port.post({
            type: 'result',
            id,
            result: { ok: false, error: { code: 'INTERNAL', message: 'No case is open.' } },
          });
        const withdrawn = new AbortController();
        inFlight.set(id, withdrawn);
        void dispatch(engine.handlers, channel, payload, withdrawn.signal).then((result) => {
          inFlight.delete(id);
          postResult(port, id, channel, result);
        });
        return;
      }
      case 'withdraw':
        inFlight.get(message.id)?.abort();
        return;
      case 'secret-answer':
        pendingSecrets.get(message.id)?.(message);
        pendingSecrets.delete(message.id);
        return;
      case 'close':
        void (engine?.close() ?? Promise.resolve()).finally(() => {
          port.post({ type: 'closed' });
          exit(0);
        });
        return;
    }
  });
}
