// `npm start [-- case.duckdb]`: build the app when src/ changed, and open it in Electron. Where Electron cannot run
// (no binary could be installed: an offline machine, a server, a locked-down laptop), or with `--browser`, serve the
// same UI through the web bridge (`trailscope serve`) on the demo case or the given one, print its URL and open it
// in the system browser when there is one. Ctrl-C stops it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildIfStale, ROOT } from './build-state.js';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const browser = args.includes('--browser');
const rest = args.filter((arg) => arg !== '--browser');

const built = buildIfStale();
if (built !== 0) process.exit(built);

/** The Electron binary npm installed, or null; ELECTRON_OVERRIDE_DIST_PATH (electron's own variable) points elsewhere. */
function electronBinary() {
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, name ?? 'electron') : name ? join(dir, 'dist', name) : null;
  return binary !== null && existsSync(binary) ? binary : null;
}

const binary = browser ? null : electronBinary();
if (binary) {
  const run = spawnSync(binary, ['.', ...rest], { stdio: 'inherit', cwd: ROOT });
  process.exit(run.status ?? 1);
}

if (!browser) {
  console.error(
    'No Electron binary is installed here (npm could not download it), so the app is served to your browser.',
  );
  console.error(
    'For the desktop app, install Electron with `node node_modules/electron/install.js` where the network allows it.',
  );
}
const serve = spawn(process.execPath, [join(ROOT, 'bin', 'trailscope.js'), 'serve', ...rest, '--open'], {
  stdio: 'inherit',
  cwd: ROOT,
});
// Ctrl-C reaches both processes (one process group): serve stops itself and this one waits for it. A SIGTERM sent
// to this process alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => serve.kill('SIGTERM'));
serve.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
