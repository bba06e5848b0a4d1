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
    // Rules put names, numbers and Redacted values in messages; only the model and the analysis
    // may declare text a name or read a redacted value (see `Name` and `reveal` in src/redact.ts).
    files: ['rules/**/*.ts', 'src/report/**/*.ts', 'src/engine/**/*.ts'],
    ignores: ['src/engine/engine.ts', 'src/engine/suppressions.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/redact.js'], importNames: ['asName'], message: 'Rules and reporters do not make names: take them from the model, or use label() / names``.' },
            { group: ['**/redact.js'], importNames: ['reveal'], message: 'Rules and reporters see values redacted: test them with Redacted.test().' },
          ],
        },
      ],
    },
  },
);
