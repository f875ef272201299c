import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The build output goes straight into target/classes/static so that Maven packages it
// into the jar under static/, where Spring Boot serves it at "/".
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    // Source maps would publish the sources; the production bundle ships none.
    sourcemap: false,
    // The server sends a strict Content-Security-Policy (script-src 'self'): no inline polyfill script.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'eslint/**/*.test.ts'],
  },
});
