// `npm start`: build the app and open it in Electron. Where no Electron binary could be installed
// (offline machines), say so plainly instead of failing somewhere deep inside electron's installer.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');
// electron-vite exports no path to its CLI; npm links it into node_modules/.bin like every package's bin.
const build = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const electronDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(electronDir, 'path.txt');
if (!existsSync(pathFile)) {
  console.error('No Electron binary is installed (npm could not download it on this machine).');
  console.error('Install one with `node node_modules/electron/install.js` where the network allows it.');
  console.error('Meanwhile the command line works: npx trailscope demo demo.duckdb && npx trailscope stats demo.duckdb');
  process.exit(1);
}
const binary = join(electronDir, 'dist', (await import('node:fs')).readFileSync(pathFile, 'utf8').trim());
const run = spawnSync(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
