// ESLint flat config: `npm run lint`, and one counted check in `npm test` (scripts/test.mjs).
// The rules are the ones the code already follows: eslint's and typescript-eslint's
// recommended sets (syntax only, no type information, so the cache stays sound), lit's and
// web-components' rules for packages/elements. Each rule switched off says why.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const elementTemplates = ['packages/elements/**/*.ts', 'examples/test/fixtures/elements/**/*.ts'];

export default defineConfig(
  {
    // Build output and generated files (see .gitignore): dist/, the docs site, the custom
    // elements manifest, test and data scratch folders.
    ignores: [
      '**/node_modules/', '**/dist/', 'docs/site/', '**/custom-elements.json', 'coverage/', '.furrow-data/',
      '.scratch/', 'tmp/', '.wtr-*/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Deliberate: markdown stashes HTML behind \u0000 sentinels; quiz text and the XSS checks strip control characters.
      'no-control-regex': 'off',
      // `const { seq: _drop, ...rest } = entry` is how the code leaves a key out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // `interface CoursesResource extends Resource<'courses'> {}` names a mapped type, so TypeDoc
    // and editors show `client.courses` with its methods (see packages/sdk/src/lib/resources.ts).
    files: ['packages/sdk/src/**'],
    rules: { '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }] },
  },
  {
    // Tests and their fixtures read untyped JSON and poke at internals through `any` on purpose.
    files: ['server/test/**', 'packages/*/test/**', 'examples/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Code that runs in the page.
    files: ['packages/*/src/**', 'packages/*/test/browser/**', 'examples/**/*.js', 'scripts/cdn/loader.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Node scripts that hand callbacks to a browser (puppeteer's page.evaluate / waitForFunction).
    files: ['examples/test/**/*.mjs', 'bench/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['examples/cms-plugin/**/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    files: elementTemplates,
    ...lit.configs['flat/recommended'],
  },
  {
    files: elementTemplates,
    rules: {
      // From lit's `all` set: bug-catchers the code already passes (its style rules are left out).
      'lit/lifecycle-super': 'error',
      'lit/no-classfield-shadowing': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-legacy-imports': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-template-bind': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-value-attribute': 'error',
    },
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    ...wc.configs['flat/best-practice'],
    // Without this the wc rules only see classes that extend HTMLElement directly.
    settings: { wc: { elementBaseClasses: ['LitElement', 'FurrowElement'] } },
  },
  {
    files: ['packages/elements/src/**/*.ts'],
    rules: {
      // LitElement always implements connectedCallback and friends; there is nothing to guard.
      'wc/guard-super-call': 'off',
    },
  },
);
