import { defineConfig } from 'vitest/config';

// The Firefox end-to-end suite: the Firefox build in a stock Firefox (puppeteer-core, WebDriver BiDi), one file
// at a time. Firefox starts slowly on a loaded 2-core machine: the hook timeout covers its launch.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    reporters: ['default', './tests/e2e/summary-reporter.ts'],
  },
});
