import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI and start servers; two cores are shared.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
