import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client lives in client/; every path here is resolved from this file, so the
// config works no matter which directory Vite (or the server's ensureClientBuilt) runs from.
const clientDir = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://127.0.0.1:8080';

export default defineConfig({
  root: clientDir,
  base: '/',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // The server's CSP forbids inline scripts and data: URLs for scripts.
    assetsInlineLimit: 0,
    // Pages are lazy chunks (app/routes.tsx); libraries get chunks of their own so a page loads only
    // what it uses and a release that changes our code leaves the cached library chunks valid.
    // The first load (entry + its static imports) must stay ≤ 150 KB gzipped: scripts/check-bundle-size.ts.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            // Data fetching and the cache (lib/query.ts): loaded with the signed-in app, not with the login.
            { name: 'query', test: /[\\/]node_modules[\\/]@tanstack[\\/](query-core|react-query)[\\/]/, priority: 20 },
            { name: 'live', test: /[\\/]node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io|debug|ms|xmlhttprequest-ssl)[\\/]/, priority: 20 },
            { name: 'markdown', test: /[\\/]node_modules[\\/](marked|dompurify)[\\/]/, priority: 20 },
            { name: 'charts', test: /[\\/]node_modules[\\/](recharts|d3-[a-z]+|victory-vendor|decimal\.js-light|es-toolkit|@reduxjs|redux|immer|reselect)[\\/]/, priority: 20 },
            // CVSS and CPE parsing are shared with the server (advisory editor only).
            { name: 'cvss', test: /([\\/]node_modules[\\/]ae-cvss-calculator[\\/])|([\\/]server[\\/](vulnerabilities|products)[\\/])/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
