// Renders resources/icon.svg into the PNGs packaging and the app use: resources/icons/<n>x<n>.png (the Linux icon
// set; electron-builder reads the size from the name, and mac/win build from the 1024 and 256 ones),
// resources/icon.png (512 px, the window icon) and the renderer's favicon (src/renderer/public). Run it after
// changing the SVG: `node scripts/render-icons.js`. Uses Chromium through playwright-core (a dev dependency):
// PLAYWRIGHT_CHROMIUM_PATH, else Debian's /usr/lib/chromium/chromium.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const resources = join(root, 'resources');
const publicDir = join(root, 'src', 'renderer', 'public');
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

const svg = await readFile(join(resources, 'icon.svg'));
const browser = await chromium.launch({
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/lib/chromium/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
  await mkdir(join(resources, 'icons'), { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    // Chromium draws the vector at each size (no downscaling of a large bitmap), on a transparent background.
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(join(resources, 'icons', `${size}x${size}.png`), png);
  }
} finally {
  await browser.close();
}
await copyFile(join(resources, 'icons', '512x512.png'), join(resources, 'icon.png'));
await mkdir(publicDir, { recursive: true });
await copyFile(join(resources, 'icons', '32x32.png'), join(publicDir, 'favicon.png'));
await copyFile(join(resources, 'icon.svg'), join(publicDir, 'favicon.svg'));
console.log(
  `Rendered ${SIZES.length} sizes into resources/icons, resources/icon.png and src/renderer/public/favicon.{png,svg}.`,
);
