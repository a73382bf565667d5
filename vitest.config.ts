import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds or makes the Python the tests use (Robot Framework, hadolint...), and says which;
    // makes one empty config folder for every CLI run, removed at the end.
    globalSetup: ['test/setup/test-python.ts', 'test/setup/config-home.ts'],
    // End-to-end tests spawn the CLI and start servers; two cores are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
