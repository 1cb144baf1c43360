// Lint rules: typescript-eslint strict, the React hooks rules, and the boundary that keeps
// src/lib pure (no React, no DOM, nothing from the features).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'target'] },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use*.ts'],
    extends: [reactHooks.configs.flat['recommended-latest']],
  },
  {
    files: ['src/lib/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022, fetch: 'readonly', Response: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'src/lib is pure.',
            },
            { group: ['**/features/**', 'chart.js', 'chart.js/*'], message: 'src/lib is pure.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'EventSource'],
    },
  },
  {
    files: ['**/*.mjs', '*.js'],
    languageOptions: { globals: globals.node },
  },
);
