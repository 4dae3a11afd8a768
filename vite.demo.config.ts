// Vite dev server for the demo page (`npm start` runs it through tools/dev/start-demo.ts).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./demo/', import.meta.url));

export default defineConfig({
  root,
  // The demo imports the sources straight from ../src.
  server: { host: '127.0.0.1', fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
  // Shaka ships as CommonJS-ish closure output; let Vite pre-bundle it like hls.js.
  optimizeDeps: { include: ['hls.js', 'shaka-player/dist/shaka-player.compiled.js'] },
  build: { outDir: fileURLToPath(new URL('./dist-demo/', import.meta.url)), emptyOutDir: true },
});
