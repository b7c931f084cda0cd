// vitest globalSetup: the tests spawn the real `trailscope` (bin/trailscope.js runs out/main/cli.js) and serve the
// built UI, so a run after an edit to src/ builds first. `npm test` has just built, and nothing is rebuilt then.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-state.js')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0)
    throw new Error(`The build before the tests failed (exit ${build.status}); see its output above.`);
}
