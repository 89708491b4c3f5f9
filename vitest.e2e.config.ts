import { defineConfig } from 'vitest/config';

// End-to-end tests drive the built extension in real Chromium, one file at a time (a 2-core machine).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    // Longer than Playwright's own waits (90 s, harness.ts) and the sidebar waits, so that a wait that fails names
    // its step instead of the test timing out around it.
    testTimeout: 150_000,
    hookTimeout: 120_000,
    // Conditions are polled, never waited for by time. On the loaded 2-core CI machine a chain service worker →
    // storage → page, or a re-scan that rebuilds the matcher, takes seconds: every poll waits up to this long by
    // default (POLL_RESCAN in harness.ts for the longer waits), and fails at once when the test's time is up.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    reporters: ['default', './tests/e2e/summary-reporter.ts'],
  },
});
