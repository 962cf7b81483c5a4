import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The browser suite: `npm run test:browser`. Needs /usr/bin/chromium (apt-get install -y chromium).
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
