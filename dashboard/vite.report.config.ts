// The chart bundle of the static report: one self-contained IIFE (dist/report/report.js) with
// Chart.js, the matrix plugin and the chart builders inlined; the server inlines it into the HTML.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  publicDir: false,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist/report',
    emptyOutDir: true,
    copyPublicDir: false,
    lib: {
      entry: 'src/report/main.ts',
      name: 'TestOpsReport',
      formats: ['iife'],
      fileName: () => 'report.js',
    },
    rollupOptions: {
      output: { inlineDynamicImports: true },
    },
  },
});
