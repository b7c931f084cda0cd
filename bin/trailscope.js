#!/usr/bin/env node
// The `trailscope` command: runs the built CLI, out/main/cli.js (`npm run build`, which `npm ci` runs as the prepare
// script), so it starts without compiling anything. A checkout with no build runs the TypeScript sources through
// tsx (a dev dependency) and says so; TRAILSCOPE_FROM_SOURCE=1 asks for that while working on the CLI.
import { existsSync } from 'node:fs';

const built = new URL('../out/main/cli.js', import.meta.url);
const fromSource = process.env.TRAILSCOPE_FROM_SOURCE === '1';
if (!fromSource && existsSync(built)) {
  await import(built.href);
} else {
  if (!fromSource)
    process.stderr.write('note: out/main/cli.js is not built (npm run build); running the CLI from source, slower.\n');
  const { register } = await import('tsx/esm/api');
  // The repo's tsconfig, wherever the command is run from: it maps @shared/… to src/shared.
  register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
  await import('../src/main/cli/main.ts');
}
