import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'src/lib/bindings.ts'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // One gateway to Rust: only src/lib/ipc.ts may talk to Tauri.
    files: ['**/*.ts', '**/*.svelte'],
    ignores: ['src/lib/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tauri-apps/*'],
              message: 'Call Rust through src/lib/ipc.ts, the one IPC gateway.',
            },
          ],
        },
      ],
    },
  },
  {
    // Everything a user typed is shown through Svelte's escaping text interpolation.
    rules: { 'svelte/no-at-html-tags': 'error' },
  },
);
