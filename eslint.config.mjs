// @ts-check
/**
 * ESLint flat config: type-aware typescript-eslint for the backend, tools and tests (tsconfig.json) and for the
 * Custom UI apps (static/tsconfig.json), React hooks rules for static/, and import boundaries:
 * only adapters may import `@forge/*` (domain and shared code stay runnable anywhere), and the removed UI Kit
 * packages (`@forge/ui`, and `@forge/react`, which does not install here) are forbidden everywhere.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Packages no file may import: UI Kit 1 is removed (FORGE-NOTES "UI"), UI Kit 2 does not install here. */
const forbiddenEverywhere = [
  { name: '@forge/ui', message: 'UI Kit 1 is removed and no longer works: use Custom UI (static/) with @forge/bridge.' },
  { name: '@forge/react', message: 'UI Kit (@forge/react) is not used in this app: use Custom UI (static/) with @forge/bridge.' },
];
const forbiddenPatternsEverywhere = [{ group: ['@forge/ui/*', '@forge/react/*'], message: 'UI Kit is not used in this app: use Custom UI.' }];

/** Rules shared by every TypeScript file, on top of recommended-type-checked. */
const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  // JSX event handlers may be async (React ignores the returned promise); everything else must not receive one.
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
  '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
  '@typescript-eslint/no-import-type-side-effects': 'error',
  '@typescript-eslint/no-explicit-any': 'warn',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
  // Numbers and booleans in messages are well defined; `never` appears in exhaustive-switch defaults. Nullish values
  // stay an error here: "undefined" in a URL, a storage key or user-facing text is a bug (relaxed for tools/tests).
  '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNever: true, allowNullish: false }],
  // `async` functions without `await` are used deliberately to satisfy promise-returning interfaces.
  '@typescript-eslint/require-await': 'off',
  'no-restricted-imports': ['error', { paths: forbiddenEverywhere, patterns: forbiddenPatternsEverywhere }],
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-console': 'off',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'static/*/build/**',
      '.scratch/**',
      'coverage/**',
      'test-artifacts/**',
      '.preview/**',
    ],
  },

  // Plain JavaScript (this file, any future config scripts): no type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },

  // Backend, tools, tests, benchmarks: the root tsconfig.json.
  {
    files: ['src/**/*.ts', 'tools/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'jest.config.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: root },
      globals: { ...globals.node },
    },
    rules: typeAwareRules,
  },

  // Custom UI apps: static/tsconfig.json (DOM, JSX, bundler resolution), React hooks rules.
  {
    files: ['static/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      parserOptions: { project: ['./static/tsconfig.json'], tsconfigRootDir: root },
      globals: { ...globals.browser },
    },
    rules: {
      ...typeAwareRules,
      ...reactHooks.configs['recommended-latest'].rules,
    },
  },

  // Production backend code: no `any` at all.
  {
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },

  // Domain rules and shared types stay free of Forge: they run in tests, the CLI and the browser unchanged.
  {
    files: ['src/domain/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenEverywhere,
          patterns: [
            ...forbiddenPatternsEverywhere,
            { group: ['@forge/*', '@forge/**'], message: 'Only adapters (src/adapters/**) may import @forge/*: take I/O as a typed parameter (a port).' },
          ],
        },
      ],
    },
  },

  // Tools (emulator, preview, lint) build composite keys and diagnostics where a nullish part is intended.
  {
    files: ['tools/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNever: true, allowNullish: true }],
    },
  },

  // Tests and benchmarks inspect parsed JSON response bodies (typed `any` on purpose) and pass jest matchers and
  // mocks around: the no-unsafe-* family and unbound-method are nearly all noise there. `any` itself stays a warning.
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
