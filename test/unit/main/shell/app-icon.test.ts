// The app icon: the window finds it in the repository and in a packaged app, the packaging config names files that
// exist (each Linux PNG named by its real size), and the renderer's favicon is the same icon.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appIconPath } from '../../../../src/main/shell/app-icon';
import { REPO_ROOT } from '../../../helpers/cli';

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and the chunk's length and type). */
async function pngSize(path: string): Promise<{ width: number; height: number }> {
  const bytes = await readFile(path);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('appIconPath', () => {
  it('is resources/icon.png of the repository under `electron .`, a 512 px PNG', async () => {
    const path = appIconPath({ packaged: false, resourcesPath: '/electron/resources', appPath: REPO_ROOT });
    expect(path).toBe(join(REPO_ROOT, 'resources', 'icon.png'));
    expect(await pngSize(path)).toEqual({ width: 512, height: 512 });
  });

  it('is icon.png beside app.asar when packaged, where electron-builder.yml copies it', async () => {
    expect(
      appIconPath({
        packaged: true,
        resourcesPath: '/opt/Trailscope/resources',
        appPath: '/opt/Trailscope/resources/app.asar',
      }),
    ).toBe(join('/opt/Trailscope/resources', 'icon.png'));
    const config = await readFile(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/extraResources:\n\s+- from: resources\/icon\.png\n\s+to: icon\.png\n/);
  });
});

describe('the icon files', () => {
  it('hold every size the packaging names, each PNG as large as its name says', async () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(await pngSize(join(REPO_ROOT, 'resources', 'icons', `${size}x${size}.png`)), `${size}`).toEqual({
        width: size,
        height: size,
      });
    }
    const config = await readFile(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    const icons = [...config.matchAll(/^\s+icon: (\S+)$/gm)].map((match) => match[1]);
    expect(icons).toEqual(['resources/icons', 'resources/icons/1024x1024.png', 'resources/icons/256x256.png']);
  });

  it('give the renderer its favicon: the SVG source and the 32 px PNG', async () => {
    const publicDir = join(REPO_ROOT, 'src', 'renderer', 'public');
    expect(await readFile(join(publicDir, 'favicon.svg'))).toEqual(
      await readFile(join(REPO_ROOT, 'resources', 'icon.svg')),
    );
    expect(await readFile(join(publicDir, 'favicon.png'))).toEqual(
      await readFile(join(REPO_ROOT, 'resources', 'icons', '32x32.png')),
    );
  });
});
