import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// `@shared/…` is src/shared, for every side (tsconfig.base.json declares the same for the type checker and tsx).
const resolveShared = { alias: { '@shared': resolve('src/shared') } };

export default defineConfig({
  main: {
    resolve: resolveShared,
    build: {
      rollupOptions: {
        // cli: the `trailscope` command (bin/trailscope.js runs out/main/cli.js), so it starts without compiling.
        input: {
          index: resolve('src/main/index.ts'),
          'engine-host': resolve('src/main/engine-host.ts'),
          cli: resolve('src/main/cli/main.ts'),
        },
        external: ['@duckdb/node-api', '@duckdb/node-bindings'],
      },
    },
  },
  // The preload is CommonJS so the renderer can keep `sandbox: true` (an ESM preload needs sandbox off).
  preload: {
    resolve: resolveShared,
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    resolve: resolveShared,
    // electron-vite leaves the renderer unminified; minified it loads faster in the app and through the web bridge.
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [react()],
  },
});
