// How the renderer reaches the core: the contract's channels, typed end to end, whatever carries them. The Electron
// preload exposes one object of this type as window.trailscope (it `satisfies` Transport); in a browser on
// `trailscope serve` the renderer's web transport (renderer/src/lib/bridge.ts) is the other one. Generic over
// Channel: a channel added to the contract needs no change here. Types only.
import type { Channel, PushEvents, Request, Response } from './contract';
import type { OutputKind } from './domain/exports';
import type { Result } from './result';

/** What the desktop app's menu asks the page to do. */
export type AppCommand = 'export' | 'verify-package';

/** What the open dialog chooses: files or a folder to import, an evidence package (a zip) to verify. */
export type PathKind = 'files' | 'folder' | 'package';

export interface Transport {
  /** Where the core runs: paths typed or dropped by the user are read on this machine ('electron') or the server's. */
  readonly transport: 'electron' | 'web';
  /**
   * Calls one channel; resolves with the core's Result (an error's code and message, never a throw for a refusal).
   * `callId` numbers a call that may be withdrawn later.
   */
  call<C extends Channel>(channel: C, request: Request<C>, callId?: number): Promise<Result<Response<C>>>;
  /** Withdraws a numbered call whose answer is no longer wanted: the core drops or interrupts it. */
  withdraw(callId: number): void;
  /** Subscribes to the core's job events (progress and the end of every job); returns the unsubscribe. */
  onJob(listener: (event: PushEvents['job']) => void): () => void;
  /**
   * The path on disk of a dropped file ('' for one that is not on disk: made by script, or dropped from another
   * app's memory). Only where the renderer and the core share a machine (the desktop app).
   */
  pathForFile?(file: File): string;
  /**
   * The desktop app's own open dialog, for files or one folder to import, or one evidence package to verify; resolves
   * with the chosen paths ([] when cancelled). The desktop app reads only paths chosen here or dropped on the window.
   */
  choosePaths?(kind: PathKind): Promise<string[]>;
  /**
   * The desktop app's save dialog for a job's file (filtered to `kind`, suggesting `name`); resolves with the path
   * chosen (which a job may then write, once, replacing a file there: the dialog asked) or null when cancelled.
   */
  chooseOutput?(kind: OutputKind, name: string): Promise<string | null>;
  /** Shows a file chosen in the save dialog in the system's file manager (the desktop app). */
  revealPath?(path: string): void;
  /** Subscribes to the app menu's commands for the page (the desktop app); returns the unsubscribe. */
  onCommand?(listener: (command: AppCommand) => void): () => void;
}
