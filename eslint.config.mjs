// ESLint over every package, the examples' TypeScript and the scripts; run by `npm test` (`npm run lint`).
// Formatting is Prettier's job (`npm run format`), so eslint-config-prettier switches off the style rules.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.angular/**',
      '**/.svelte-kit/**',
      '**/.next/**',
      'examples/nextjs/next-env.d.ts',
      'examples/*/build/**',
      '.tmp/**',
      '.demo/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Unused names are an error unless they start with _ (a deliberately ignored argument or rest sibling).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Test helpers: the same short functions as shipped code.
    files: ['packages/test-utils/src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80 }],
      complexity: ['error', 15],
    },
  },
  {
    // Shipped source: small functions and modules a newcomer can follow.
    files: ['packages/{core,wire,collector,react,vue,svelte,angular}/src/**/*.ts', 'packages/*/bin/**/*.mjs'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, IIFEs: true }],
      'max-lines': ['error', { max: 250, skipBlankLines: false, skipComments: false }],
      complexity: ['error', 15],
      'max-depth': ['error', 4],
      'max-params': ['error', 4],
    },
  },
  {
    // Scripts (build, checks, benchmarks, demo): the same function length, and a looser module size.
    files: ['scripts/**/*.mjs', 'rollup.config.mjs'],
    rules: {
      'max-lines-per-function': ['error', { max: 80 }],
      complexity: ['error', 20],
    },
  },
);
