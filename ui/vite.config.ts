import { defineConfig } from 'vitest/config';

// Tauri loads the dev server from `devUrl` (src-tauri/tauri.conf.json), so the
// port is fixed; the release build embeds `dist/`.
export default defineConfig({
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  // Preact through the automatic JSX runtime; no framework plugin needed.
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK 2.4x on Linux, WebView2 on Windows, WKWebView on macOS.
    target: ['es2022', 'safari16', 'chrome110'],
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
