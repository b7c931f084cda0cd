// Where the Electron binary is, without require('electron') (electron 45 tries to download its binary on first
// require, and these machines cannot reach GitHub). Undefined when npm could not install one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli';

export function electronBinary(): string | undefined {
  const fromEnv = process.env['ELECTRON_BINARY_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const dir = join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

export const SKIPPED_NO_ELECTRON = 'skipped: no Electron binary';
