// Entry of the engine process: an Electron utility process in the app (process.parentPort), or a Node child made
// with child_process.fork in tests and benchmarks (process.send). Everything else is core/engine-process/host.ts.
import type { FromHost, ToHost } from './core/engine-process/messages';
import { serveEngine, type HostPort } from './core/engine-process/host';
import { keepNewFilesPrivate } from './core/private-files';

// Before the case is opened: the files DuckDB makes for it (its WAL, spill files) are owner-only, as the case is.
keepNewFilesPrivate();

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
let port: HostPort;
if (parentPort) {
  port = {
    post: (m: FromHost) => parentPort.postMessage(m),
    onMessage: (l) => parentPort.on('message', (e) => l(e.data as ToHost)),
  };
} else if (process.send) {
  port = {
    post: (m: FromHost) => void process.send?.(m),
    onMessage: (l) => process.on('message', (m) => l(m as ToHost)),
  };
} else {
  throw new Error('engine-host runs as a child process (utilityProcess.fork or child_process.fork).');
}
// The parent going away (a crash of the main process) must not leave a process holding the case's write lock.
process.on('disconnect', () => process.exit(0));
serveEngine(port, (code) => process.exit(code));
