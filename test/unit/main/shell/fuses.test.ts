// The packaged app's Electron fuses (electron-builder.yml, electronFuses): each one the threat model asks for, by the
// key name electron-builder 26 reads (FuseOptionsV1). There is no YAML parser among the dependencies; the block is
// flat `key: boolean` lines, read as such, and nothing else may hide in it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/cli';

async function fuses(): Promise<Record<string, boolean>> {
  const config = await readFile(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?:[ \t]+.*\n)+)/m.exec(config)?.[1] ?? '';
  return Object.fromEntries(
    block
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const match = /^ {2}(\w+): (true|false)$/.exec(line);
        if (!match) throw new Error(`Not a fuse line: ${line}`);
        return [match[1], match[2] === 'true'];
      }),
  );
}

describe('electron-builder.yml', () => {
  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect flags; encrypted cookies; the app only from a checked asar', async () => {
    expect(await fuses()).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs the app into an asar, which the asar fuses need', async () => {
    const config = await readFile(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/^asar: true$/m);
  });
});
