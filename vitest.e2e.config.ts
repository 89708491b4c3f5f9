import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension in real Chromium, one file at a time (a 2-core machine).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/e2e/summary-reporter.ts'],
  },
});
