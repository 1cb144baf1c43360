// The dashboard app (dist/app, served at /) and its unit tests. `npm run dev` (and `vite preview`)
// proxy the API to a server on port 8000 (`make run`), or to TESTOPS_SERVER when set.
import { defineConfig } from 'vitest/config';

const server = process.env.TESTOPS_SERVER ?? 'http://127.0.0.1:8000';
const proxy = {
  '/v1': server,
  '/v3': server,
  '/begin': server,
  '/tests': server,
};

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy },
  preview: { proxy },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
