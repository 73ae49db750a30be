import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// Layering (see README "Architecture"): each layer of src/ may import only the layers listed
// here (and itself). Checked on resolved paths (import-x/no-restricted-paths), so no spelling of
// a relative path gets around it. Cycles between modules are refused too (import-x/no-cycle;
// type-only imports do not count, they vanish at run time).
export const LAYERS = {
  domain: [], // pure TypeScript: the rules and the vocabulary
  contracts: [], // what crosses the worker boundary; may name the domain's types (below)
  db: ['domain', 'contracts'],
  ml: ['domain', 'contracts'], // the face pipeline
  core: ['domain', 'contracts', 'db', 'ml'], // the core worker's services
  lib: ['domain', 'contracts', 'db', 'ml', 'core'], // the library entry point (Node)
  client: ['contracts'], // starts the core worker
  // ui may apply the domain's pure rules where a screen must judge input exactly as the core
  // does (e.g. matching a typed name against the class list).
  ui: ['domain', 'contracts', 'client'],
  app: ['contracts', 'client', 'ui'], // composition root of the page
  sw: ['contracts'], // service worker; keeps the onnxruntime-web build the inference worker's GPU rule picks
};

const layerZones = Object.entries(LAYERS).flatMap(([layer, allowed]) =>
  Object.keys(LAYERS)
    .filter((other) => other !== layer && !allowed.includes(other))
    // contracts -> domain is allowed for types only: @typescript-eslint/no-restricted-imports.
    .filter((other) => !(layer === 'contracts' && other === 'domain'))
    .map((other) => ({
      target: `./src/${layer}`,
      from: `./src/${other}`,
      message: `src/${layer} may import only ${allowed.length ? allowed.map((l) => `src/${l}`).join(', ') : 'itself'} (README "Architecture").`,
    })),
);

const packageRules = (patterns) => ({
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
    rules: packageRules([
      { group: ['@electric-sql/*'], message: 'Only the core worker opens the database.' },
    ]),
  },
  {
    files: ['src/domain/**'],
    rules: packageRules([
      {
        group: ['react', 'comlink', 'idb', '@electric-sql/*', 'onnxruntime-*'],
        message: 'Domain code is pure TypeScript.',
      },
    ]),
  },
  {
    files: ['src/contracts/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/domain/**'],
              allowTypeImports: true,
              message: "Contracts may name the domain's types only (import type).",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**'],
    rules: packageRules([
      { group: ['react'], message: 'The database layer knows nothing of the UI.' },
    ]),
  },
  {
    files: ['src/**'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these import-x reads only .js files, and would find no cycle among .ts ones.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
);
