import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Boundaries (STYLE.md): the core and the shared contract run in plain Node and must never load electron;
  // DuckDB is reached only through the store.
  {
    files: ['src/main/core/**/*.ts', 'src/shared/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'core, shared and cli run in plain Node: no electron.' }] },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/core/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'only src/main/shell and src/main/index.ts may import electron.' }],
          patterns: [{ group: ['@duckdb/*'], message: 'DuckDB is reached only through src/main/core/store.' }],
        },
      ],
    },
  },
  // One place per type: what src/shared declares is imported from there, never passed on by a re-export.
  {
    files: ['src/main/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportNamedDeclaration[declaration=null]',
          message: 'No re-exports: import shared types from src/shared where they are declared.',
        },
      ],
    },
  },
  {
    files: ['src/main/shell/**/*.ts', 'src/main/index.ts', 'src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@duckdb/*'], message: 'DuckDB is reached only through src/main/core/store.' }] },
      ],
    },
  },
);
