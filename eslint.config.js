// Lint rules, including the import direction from docs/ARCHITECTURE.md:
// engine imports nothing of ours; server and web may import the engine; web never imports server.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.customerize/**',
      'test-artifacts/**',
      'packages/server/drizzle/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['packages/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@customerize/*', '../../server/*', '../../web/*'],
              message: 'The engine is pure: it imports nothing of ours.',
            },
            {
              group: ['node:*', 'fs', 'path', 'crypto'],
              message: 'The engine runs in the browser too: no Node built-ins in src.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/engine/test/**', 'packages/engine/src/cli/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['packages/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@customerize/server', '@customerize/server/*', '**/server/src/**'],
              message: 'The web app talks to the server over HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@customerize/web', '@customerize/web/*', '**/web/src/**'],
              message: 'The server never imports the web app.',
            },
            {
              group: ['**/engine/src/**'],
              message: 'Import the engine through @customerize/engine.',
            },
          ],
        },
      ],
    },
  },
);
