import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds or makes the Python the tests use (Robot Framework, hadolint...), and says which.
    globalSetup: ['test/setup/test-python.ts'],
    // End-to-end tests spawn the CLI and start servers; two cores are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
