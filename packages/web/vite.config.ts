// Builds the web app into dist/, which the server serves (every non-/api page path answers
// index.html, so the client-side router decides). `npm run dev -w @customerize/web` serves it
// with hot reload and forwards /api to a server on :8080 (`npm start`).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
