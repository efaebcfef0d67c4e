/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The server serves this folder at "/" with an SPA fallback to index.html; designer.targets passes the
// importing project's wwwroot, and a plain `npm run build` writes to the server's.
const serverStaticFiles =
  process.env.OMSFLOW_DESIGNER_OUT ?? fileURLToPath(new URL('../engine/OmsFlow.Server/wwwroot', import.meta.url));

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: serverStaticFiles,
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npm run dev` talks to a locally running server so the API stays the only data path.
    proxy: { '/api': 'http://127.0.0.1:5080', '/hooks': 'http://127.0.0.1:5080' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    // A test may wait several times for the 5 s findBy/waitFor limit (src/test/setup.ts) while dotnet test runs
    // the browser tests beside it on a shared 2-core machine; 5 s per test is too tight there.
    testTimeout: 30_000,
    css: false,
  },
});
