/** `flowlint init`: a starter configuration that shows each setting with its default. */

export function starterConfig(): string {
  const config = {
    $schema: './node_modules/power-flowlint/schemas/flowlint-config.schema.json',
    rules: {
      'secret-in-loop': 'note',
      'hardcoded-secret': ['error', { minEntropy: 3.5, minLength: 8, ignorePatterns: [] }],
    },
    failOn: 'error',
    secretSources: [],
    secretSinks: [],
    environments: {},
    ignore: ['**/bin/**', '**/obj/**'],
    exceptions: [],
    plugins: [],
    customRules: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
