import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Layering (see README "Architecture"): the UI talks to the core only through src/contracts
// and the one client module; pure domain code imports nothing from the app.
const layerRules = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public/models'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/app/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/ui/**', 'src/app/**'],
    rules: layerRules([
      {
        group: ['**/core/**', '**/db/**', '**/ml/**'],
        message: 'The UI reaches the core only through src/contracts and src/client.',
      },
      { group: ['@electric-sql/*'], message: 'Only the core worker opens the database.' },
    ]),
  },
  {
    files: ['src/domain/**'],
    rules: layerRules([
      {
        group: [
          '**/core/**',
          '**/db/**',
          '**/ml/**',
          '**/ui/**',
          '**/app/**',
          '**/client/**',
          'react',
          'comlink',
          'idb',
          '@electric-sql/*',
        ],
        message: 'Domain code is pure TypeScript.',
      },
    ]),
  },
  {
    files: ['src/db/**'],
    rules: layerRules([
      {
        group: ['**/ui/**', '**/app/**', '**/client/**', 'react'],
        message: 'The database layer knows nothing of the UI.',
      },
    ]),
  },
);
