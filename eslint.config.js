// ESLint flat config: TypeScript (type-aware), React hooks, TanStack Query and
// the import boundaries of DESIGN.md (pages → components → api/lib; nothing
// imports from pages but the router and the vendor portal's app).
import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'src/api/generated/**', 'test-results/**', 'playwright-report/**', '.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.flat.recommended.rules,
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'boundaries/elements': [
        // Test files first: they may use any layer and the test support, which nothing else may.
        // ('mode: file' is deprecated in v7 but its replacement does not classify files yet.)
        { type: 'tests', pattern: 'src/**/*.test.{ts,tsx}', mode: 'file' },
        { type: 'app', pattern: 'src/app' },
        // The vendor portal's own document (portal.html): an app of its own, over the same layers.
        { type: 'app', pattern: 'src/portal' },
        // The embedded views' document (embed.html), likewise.
        { type: 'app', pattern: 'src/embed' },
        { type: 'pages', pattern: 'src/pages/*', capture: ['page'] },
        { type: 'components', pattern: 'src/components' },
        { type: 'api', pattern: 'src/api' },
        { type: 'lib', pattern: 'src/lib' },
        { type: 'test-support', pattern: 'src/test' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            {
              from: { element: { type: 'app' } },
              allow: { to: { element: { types: { anyOf: ['app', 'pages', 'components', 'api', 'lib'] } } } },
            },
            {
              from: { element: { type: 'pages' } },
              allow: { to: { element: { types: { anyOf: ['components', 'api', 'lib'] } } } },
            },
            // A page may use its own files, never another page's.
            {
              from: { element: { type: 'pages', captured: { page: '*' } } },
              allow: { to: { element: { type: 'pages', captured: { page: '{{ from.element.captured.page }}' } } } },
            },
            {
              from: { element: { type: 'components' } },
              allow: { to: { element: { types: { anyOf: ['components', 'api', 'lib'] } } } },
            },
            { from: { element: { type: 'api' } }, allow: { to: { element: { types: { anyOf: ['api', 'lib'] } } } } },
            { from: { element: { type: 'lib' } }, allow: { to: { element: { type: 'lib' } } } },
            {
              from: { element: { type: 'tests' } },
              allow: {
                to: { element: { types: { anyOf: ['app', 'pages', 'components', 'api', 'lib', 'test-support'] } } },
              },
            },
            {
              from: { element: { type: 'test-support' } },
              allow: { to: { element: { types: { anyOf: ['app', 'components', 'api', 'lib', 'test-support'] } } } },
            },
          ],
        },
      ],
    },
  },
);
