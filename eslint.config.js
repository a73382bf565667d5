// ESLint for writer: JavaScript's recommended rules and typescript-eslint's type-checked ones on
// the sources, tests and benchmark, plus house rules a reviewer would otherwise have to catch:
// explicit return types on exports, type-only imports marked as such, and no process.exit
// outside src/cli/main.ts (the one place that turns typed errors into exit codes).

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'generated/', '.venv-test/', 'examples/', 'test/fixtures/robot-corpus/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // test/tsconfig.json covers src/, test/ and bench/.
      parserOptions: { project: ['./test/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      // Leaving a property out by destructuring it into an unused `_name` is the house idiom.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // writer strips control characters from untrusted text (terminal lines, JUnit XML) on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Set process.exitCode or throw a typed error; only src/cli/main.ts exits.' },
      ],
    },
  },
  {
    // Tests read JSON.parse results and fixtures' bodies as they come, and fake async interfaces with plain async functions.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      // Message contents of recorded requests are strings or parts; String() of them is what the assertion wants.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['src/cli/main.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Configuration files outside the TypeScript projects: no type information.
    files: ['*.config.ts', '*.config.js', 'bin/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
