// The visualizer: `npm start` serves viz/ on http://localhost:5173; `npm run build` writes a
// static site to dist/ with relative asset paths, so any static file server (or a sub-path) works.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PORT = 5173;

/** Says where the page is once the dev server listens, in words a newcomer looks for. */
function printUrl(): Plugin {
  return {
    name: 'cachelab-print-url',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const url = server.resolvedUrls?.local[0] ?? `http://localhost:${PORT}/`;
        setTimeout(() => console.log(`\n  Calendar Cache Lab visualizer: ${url}\n`), 0);
      });
    },
  };
}

export default defineConfig({
  root: here('./viz'),
  base: './',
  publicDir: false,
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { port: PORT, strictPort: true, host: 'localhost' },
  preview: { port: 4173, strictPort: true, host: 'localhost' },
  plugins: [printUrl()],
});
