// Whether the build in out/ is older than what it is built from (src/, the build config, the dependencies), and a
// build when it is. Used by `npm start` and by the test run (vitest's globalSetup), so neither runs a stale CLI or UI
// nor rebuilds one that is fresh. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
const OUTPUTS = ['out/main/cli.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when every output exists and is newer than every input. */
export function buildIsFresh(root = ROOT) {
  let oldestOutput = Infinity;
  for (const output of OUTPUTS) {
    try {
      oldestOutput = Math.min(oldestOutput, statSync(join(root, output)).mtimeMs);
    } catch {
      return false;
    }
  }
  return Math.max(...INPUTS.map((input) => newest(join(root, input)))) < oldestOutput;
}

/** Runs `electron-vite build` unless the build is fresh; returns the build's exit status (0 when none was needed). */
export function buildIfStale({ root = ROOT, stdio = 'inherit' } = {}) {
  if (buildIsFresh(root)) return 0;
  // electron-vite exports no path to its CLI; npm links it into node_modules/.bin like every package's bin.
  const build = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    stdio,
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0 && stdio !== 'inherit') process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  return build.status ?? 1;
}

// `node scripts/build-state.js`: build if stale, exit with the build's status (the test run's globalSetup).
if (process.argv[1] === import.meta.filename) process.exit(buildIfStale());
