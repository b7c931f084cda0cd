// Opens a case in an Electron utility process (out/main/engine-host.js) and returns it as an Engine: DuckDB,
// import parsing and hashing run there, so the main thread (menus, window, IPC, app://) never stalls on them.
// bench/main-thread.bench.ts measured the stalls this removes (README, "Speed").
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import { connectEngine, type EngineChild } from '../core/engine-process/client';
import type { FromHost } from '../core/engine-process/messages';
import type { Engine } from '../core/engine';
import type { SecretStore } from '../core/secrets';

/**
 * `configDir`: the app's user-data folder, where this user's trust in the sources of cases is kept, and this
 * installation's package signing key (as the CLI keeps both in its config folder).
 */
export function openEngineProcess(casePath: string, secrets: SecretStore, configDir: string): Promise<Engine> {
  const child = utilityProcess.fork(join(import.meta.dirname, 'engine-host.js'), [], {
    serviceName: 'Trailscope engine',
    stdio: 'inherit',
  });
  const port: EngineChild = {
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromHost)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
  return connectEngine(port, { casePath, secrets, trustDir: configDir, keyDir: configDir });
}
