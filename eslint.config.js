import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Boundaries between the layers (src/README.md): the domain imports nothing of ours outside itself, ports only the
 * domain, use cases no adapter or entry point, and nothing deployed imports the local stack.
 * test/boundaries.test.ts shows the rule failing on a deliberate violation of each boundary. Paths are regular
 * expressions: gitignore-style patterns would read the `#` of `#adapters/…` as a comment.
 */
const outside = (regexes, message) => ({
  'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
});
const LOCAL = '(^|/)local/';
const SDKS = '^(@aws-sdk/|twilio$)';
export const boundaries = [
  // First the general rule, then the stricter ones for the inner layers (a later block replaces an earlier one's list).
  {
    files: ['functions/**', 'src/**', 'lib/**', 'bin/**'],
    rules: outside([LOCAL], 'the local stack is never imported by what is deployed'),
  },
  {
    files: ['src/domain/**'],
    rules: outside(['^#(?!domain/)', '^\\.\\./', SDKS, LOCAL], 'the domain imports nothing outside src/domain'),
  },
  {
    files: ['src/ports/**'],
    rules: outside(['^#(?!domain/|ports/)', '^\\.\\./', SDKS, LOCAL], 'ports import only the domain'),
  },
  {
    files: ['src/use-cases/**'],
    rules: outside(['^#(adapters|app|functions|config)\\b', '^\\.\\./', SDKS, LOCAL], 'use cases import no adapter: ask for a port'),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.aftercare/', 'web/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['local/**', 'scripts/**', 'test/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
);
