import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @preroll/web` proxies the API to a server started with `npm start` (PORT 3000),
// so cookies stay first-party exactly as when the server serves dist/ itself.
const api = process.env.PREROLL_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api },
    },
  },
});
