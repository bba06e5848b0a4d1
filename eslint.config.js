// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Rules and reporters put names, numbers and Redacted values in messages; only the model and
    // the analysis may declare text a name or read a redacted value (see src/redact.ts).
    files: ['src/report/**/*.ts', 'src/engine/**/*.ts'],
    ignores: ['src/engine/engine.ts', 'src/engine/suppressions.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/redact.js'], importNames: ['asName'], message: 'Reporters and the engine do not make names.' },
            { group: ['**/redact.js'], importNames: ['reveal'], message: 'Reporters and the engine see values redacted.' },
          ],
        },
      ],
    },
  },
  {
    // A rule is written against the rule API only, as a plugin is (src/rule-api.ts).
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../src/**', '../../src/**', '!../src/rule-api.js', '!../../src/rule-api.js'],
              message: 'Rules import from src/rule-api.ts only: add what a rule needs there.',
            },
          ],
        },
      ],
    },
  },
);
