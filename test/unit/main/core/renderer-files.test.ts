// The renderer's one static server (app:// and the web bridge): path traversal in every spelling (plain, %-encoded,
// backslash, NUL, a malformed escape) and a symlink out of the build folder must never serve a file outside it;
// content types, the one CSP, and `/` as the only path that falls back to index.html.
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentTypeOf,
  readRendererFile,
  RENDERER_CSP,
  RENDERER_HEADERS,
  rendererPathOf,
} from '../../../../src/main/core/renderer-files';
import { tempDir } from '../../../helpers/temp';

const ROOT = resolve('/srv/trailscope/out/renderer');

/** The path a face hands on: what `new URL(...).pathname` gives for what a browser asked (dot segments folded). */
const pathnameOf = (asked: string): string => new URL(asked, 'http://127.0.0.1:1').pathname;

/** A build folder with a secret file beside it and a sibling folder whose name has the build folder's as prefix. */
async function build(): Promise<{ dir: string; renderer: string }> {
  const dir = await tempDir();
  const renderer = join(dir, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await mkdir(join(dir, 'renderer-secrets'));
  await writeFile(join(renderer, 'index.html'), '<div id="root"></div>');
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(renderer, 'favicon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(join(dir, 'secret.txt'), 'the case key');
  await writeFile(join(dir, 'renderer-secrets', 'x.js'), 'secret');
  return { dir, renderer };
}

describe('rendererPathOf', () => {
  it('names index.html for the root, and assets by their path, decoded once', () => {
    expect(rendererPathOf(ROOT, '/')).toBe(join(ROOT, 'index.html'));
    expect(rendererPathOf(ROOT, '')).toBe(join(ROOT, 'index.html'));
    expect(rendererPathOf(ROOT, '/index.html')).toBe(join(ROOT, 'index.html'));
    expect(rendererPathOf(ROOT, '/assets/index-abc123.js')).toBe(join(ROOT, 'assets', 'index-abc123.js'));
    expect(rendererPathOf(ROOT, '/assets/a%20b.css')).toBe(join(ROOT, 'assets', 'a b.css'));
    // Double-encoded dots are a file name after the one decoding, not a step up.
    expect(rendererPathOf(ROOT, '/%252e%252e/x')).toBe(join(ROOT, '%2e%2e', 'x'));
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E/%2E%2E/package.json'])(
    'keeps %s inside the build once the URL parser has folded the dot segments',
    (asked) => {
      expect(rendererPathOf(ROOT, pathnameOf(asked))).toBe(join(ROOT, 'package.json'));
    },
  );

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/..%5c..%5cpackage.json',
    '/assets\\..\\..\\package.json',
    '/assets%5capp.js',
    '/index.html%00.png',
    '/index.html\0.png',
    '/%E0%A4%A',
    '/%2e%2e%2frenderer-secrets/x.js',
  ])('refuses %s as given (unfolded)', (pathname) => {
    expect(rendererPathOf(ROOT, pathname)).toBeNull();
  });
});

describe('readRendererFile', () => {
  it('serves a file with its content type and the renderer headers, and GET or HEAD only', async () => {
    const { renderer } = await build();
    const page = await readRendererFile(renderer, '/', 'GET');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe('<div id="root"></div>');
    expect(page.headers).toEqual({ ...RENDERER_HEADERS, 'content-type': 'text/html; charset=utf-8' });
    expect((await readRendererFile(renderer, '/assets/app.js', 'HEAD')).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await readRendererFile(renderer, '/favicon.png', 'GET')).headers['content-type']).toBe('image/png');
    const post = await readRendererFile(renderer, '/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['content-security-policy']).toBe(RENDERER_CSP);
  });

  it('falls back to index.html for / only: an unknown path, a folder and a traversal are not found', async () => {
    const { renderer } = await build();
    for (const pathname of [
      '/cases/42',
      '/assets',
      '/assets/',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
    ]) {
      const answer = await readRendererFile(renderer, pathname, 'GET');
      expect(answer.status, pathname).toBe(404);
      expect(answer.body, pathname).toBe('Not found.');
      expect(answer.headers['content-security-policy'], pathname).toBe(RENDERER_CSP);
    }
  });

  it('refuses a symlink inside the build that points outside it, relative, absolute or to a folder', async () => {
    const { dir, renderer } = await build();
    await symlink('../secret.txt', join(renderer, 'leak.txt'));
    await symlink(join(dir, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
    await symlink('../renderer-secrets', join(renderer, 'linked'));
    for (const pathname of ['/leak.txt', '/assets/leak.js', '/linked/x.js']) {
      const answer = await readRendererFile(renderer, pathname, 'GET');
      expect(answer.status, pathname).toBe(404);
      expect(String(answer.body), pathname).not.toContain('secret');
    }
  });

  it('serves a symlink inside the build that points to another file of the build (its realpath stays inside)', async () => {
    const { renderer } = await build();
    await symlink('app.js', join(renderer, 'assets', 'alias.js'));
    const answer = await readRendererFile(renderer, '/assets/alias.js', 'GET');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('console.log(1)');
  });

  it('serves from a build folder that is itself reached through a symlink', async () => {
    const { dir, renderer } = await build();
    await symlink(renderer, join(dir, 'current'));
    const answer = await readRendererFile(join(dir, 'current'), '/assets/app.js', 'GET');
    expect(answer.status).toBe(200);
  });
});

describe('the renderer headers', () => {
  it('carry a CSP that forbids inline script, plugins, <base>, form posts and framing, and lets the page fetch itself', () => {
    const directives = new Map(
      RENDERER_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(directives.get('frame-src')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    expect(RENDERER_HEADERS['x-content-type-options']).toBe('nosniff');
    expect(RENDERER_HEADERS['referrer-policy']).toBe('no-referrer');
  });

  it('name content types by extension', () => {
    expect(contentTypeOf('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/icon.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('/x/icon.png')).toBe('image/png');
    expect(contentTypeOf('/x/font.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/noext')).toBe('application/octet-stream');
  });
});
