// The messages between the Electron main process and the engine process (an Electron utility process, or a plain
// Node child in tests and benchmarks). Requests are the contract's; answers are Results; secrets stay in the main
// process (Electron's safeStorage exists only there) and are fetched on demand. JSON-safe: both structured clone
// (utilityProcess) and Node's JSON IPC (child_process.fork) carry them.
import type { PushEvents } from '@shared/contract';
import type { Result } from '@shared/result';

export type SecretStorageKind = 'keychain' | 'environment';

/** Main → engine process. */
export type ToHost =
  | {
      type: 'open';
      casePath: string;
      secretStorage: SecretStorageKind;
      describeTemplate: string;
      /** The user's config folder for their trust in sources (EngineOptions.trustDir). */
      trustDir?: string;
      /** Where this installation's package signing key is kept (EngineOptions.keyDir). */
      keyDir?: string;
    }
  | { type: 'call'; id: number; channel: string; payload: unknown }
  /** The caller of call `id` has gone: drop its query, or interrupt it (see store/table-first.ts). */
  | { type: 'withdraw'; id: number }
  | { type: 'secret-answer'; id: number; result: Result<string | null> }
  | { type: 'close' };

export type SecretOp =
  { op: 'get'; ref: string } | { op: 'set'; ref: string; value: string } | { op: 'delete'; ref: string };

/** Engine process → main. */
export type FromHost =
  | { type: 'ready' }
  | { type: 'open-failed'; error: { code: string; message: string } }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'push'; event: PushEvents['job'] }
  | { type: 'secret'; id: number; request: SecretOp }
  | { type: 'closed' };

/** `describe(ref)` must answer synchronously in the engine process: main sends its wording with this in place of the ref. */
export const REF_PLACEHOLDER = '\u0000ref\u0000';
