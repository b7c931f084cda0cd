// Opening the served UI in the system browser: which opener each platform gets, none where there is no browser
// (never an error), and that the token-bearing URL goes into an owner-only page rather than onto a command line.
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forwardingPage, openCommand, openInBrowser } from '../../../../src/main/cli/open-browser';
import { keepNewFilesPrivate } from '../../../../src/main/core/private-files';
import { tempDir } from '../../../helpers/temp';

const URL_WITH_TOKEN = `http://127.0.0.1:4321/?token=${'ab'.repeat(32)}`;

describe('openCommand', () => {
  it('uses open on macOS, start on Windows and xdg-open on a Linux desktop', () => {
    expect(openCommand('/tmp/p.html', 'darwin', {})).toEqual({ command: 'open', args: ['/tmp/p.html'] });
    expect(openCommand('C:\\t\\p.html', 'win32', {})?.args).toEqual(['/d', '/c', 'start', '""', '"C:\\t\\p.html"']);
    expect(openCommand('/tmp/p.html', 'linux', { DISPLAY: ':0' })).toEqual({
      command: 'xdg-open',
      args: ['/tmp/p.html'],
    });
    expect(openCommand('/tmp/p.html', 'linux', { WAYLAND_DISPLAY: 'wayland-0' })?.command).toBe('xdg-open');
  });

  it('has none on Linux without a display, or when TRAILSCOPE_NO_BROWSER=1', () => {
    expect(openCommand('/tmp/p.html', 'linux', {})).toBeNull();
    expect(openCommand('/tmp/p.html', 'linux', { DISPLAY: '' })).toBeNull();
    expect(openCommand('/tmp/p.html', 'darwin', { TRAILSCOPE_NO_BROWSER: '1' })).toBeNull();
  });
});

describe('openInBrowser', () => {
  it('hands the browser an owner-only page that forwards to the URL, and removes it on dispose', async () => {
    const bin = await tempDir();
    await writeFile(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });

    const opened = await openInBrowser(URL_WITH_TOKEN, 'linux', { DISPLAY: ':0', PATH: bin });

    expect(opened.opened).toBe(true);
    const page = opened.page ?? '';
    expect((await stat(page)).mode & 0o777).toBe(0o600);
    expect(await readFile(page, 'utf8')).toContain(URL_WITH_TOKEN);
    await opened.dispose();
    expect(existsSync(page)).toBe(false);
  });

  it('starts the browser under the umask the user had, not the owner-only one Trailscope keeps for itself', async () => {
    const bin = await tempDir();
    const seen = join(bin, 'umask-seen');
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\numask > '${seen}.part' && mv '${seen}.part' '${seen}'\n`, {
      mode: 0o755,
    });
    const before = process.umask(0o022);
    try {
      keepNewFilesPrivate();
      expect(process.umask()).toBe(0o077);

      const opened = await openInBrowser(URL_WITH_TOKEN, 'linux', { DISPLAY: ':0', PATH: `${bin}:/usr/bin:/bin` });

      expect(opened.opened).toBe(true);
      for (let i = 0; i < 200 && !existsSync(seen); i++) await new Promise((r) => setTimeout(r, 25));
      expect((await readFile(seen, 'utf8')).trim()).toBe('0022');
      expect(process.umask()).toBe(0o077);
      await opened.dispose();
    } finally {
      process.umask(before);
    }
  });

  it('reports no browser where there is none, and when the opener is not installed, without failing', async () => {
    const [headless, missing] = await Promise.all([
      openInBrowser(URL_WITH_TOKEN, 'linux', {}),
      openInBrowser(URL_WITH_TOKEN, 'linux', { DISPLAY: ':0', PATH: '/nonexistent' }),
    ]);

    expect(headless).toMatchObject({ opened: false, page: null });
    expect(missing).toMatchObject({ opened: false, page: null });
  });
});

describe('forwardingPage', () => {
  it('forwards to the URL, escaped for an attribute', () => {
    const page = forwardingPage('http://127.0.0.1:1/?token=a&b="<x>');

    expect(page).toContain(
      '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:1/?token=a&amp;b=&quot;&lt;x>">',
    );
    expect(page).not.toContain('"<x>');
  });
});
