/**
 * The JSON Schema of `flowlint.config.json`. `schemas/flowlint-config.schema.json` is generated
 * from it (`npm run docs`) so editors can complete the file; a test keeps the two equal. The
 * configuration's TypeScript type is derived from it (`FlowlintConfig` in load.ts).
 */
import type { Schema } from './validate.js';

const level = { type: 'string', enum: ['off', 'note', 'warning', 'error'], description: 'Rule level.' } as const;

const connectorOperation = {
  type: 'object',
  additionalProperties: false,
  required: ['api'],
  properties: {
    api: { type: 'string', minLength: 1, description: 'Connector api name (`shared_cyberark`) or id (`/providers/Microsoft.PowerApps/apis/shared_cyberark`).' },
    operation: { type: 'string', minLength: 1, description: 'operationId; omit to match every operation of the connector.' },
    description: { type: 'string', description: 'What the value or place is, used in messages ("a CyberArk password").' },
  },
} as const;

export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/flowlint/flowlint/schemas/flowlint-config.schema.json',
  title: 'flowlint configuration',
  description: 'Configuration of flowlint, the linter for exported Power Automate flows (flowlint.config.json or .flowlintrc.json).',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editor completion.' },
    rules: {
      type: 'object',
      description: 'Rule levels and options by rule id: a level, [level, options], or {level, options}.',
      additionalProperties: {
        oneOf: [
          level,
          { type: 'array', items: { type: ['string', 'object'] }, description: '[level, options]' },
          {
            type: 'object',
            additionalProperties: false,
            properties: { level, options: { type: 'object', description: 'Rule options (see the rule page).' } },
          },
        ],
      },
    },
    failOn: { type: 'string', enum: ['error', 'warning', 'note', 'none'], description: 'Lowest level that fails the run (the command line wins).' },
    maxWarnings: { type: 'integer', minimum: 0, description: 'Fail when there are more warnings than this.' },
    secretSources: { type: 'array', items: connectorOperation, description: 'Extra connector operations whose output is a secret (e.g. a CyberArk or HashiCorp Vault connector).' },
    secretSinks: { type: 'array', items: connectorOperation, description: 'Extra connector operations whose inputs leave the flow (messages, records, files).' },
    environments: {
      type: 'object',
      description:
        'Environment of each deployment settings or value file, by glob (relative to the working directory): {"prod": ["settings/prod*.json"]}. Files no glob matches get their environment from their name.',
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      description: 'Limits applied while reading inputs.',
      properties: {
        maxEntryBytes: { type: 'integer', minimum: 1, description: 'Largest uncompressed file or archive entry (bytes).' },
        maxArchiveBytes: {
          type: 'integer',
          minimum: 1,
          description: 'Largest total uncompressed size read from one archive (nested ones included) or one solution folder (bytes).',
        },
        maxEntries: { type: 'integer', minimum: 1, description: 'Most entries one archive may hold.' },
        maxCompressionRatio: {
          type: 'integer',
          minimum: 1,
          description: 'Largest uncompressed/compressed ratio of one entry above 1 MiB, and of the entries read from one archive together once they pass 1 MiB.',
        },
        maxArchiveDepth: { type: 'integer', minimum: 0, description: 'Deepest zip-in-zip nesting that is opened.' },
        maxNestingDepth: { type: 'integer', minimum: 8, description: 'Deepest JSON/XML nesting accepted.' },
        maxJsonValues: { type: 'integer', minimum: 1, description: 'Most JSON values parsed from one input (a solution zip, a zip inside one, a folder or a file).' },
      },
    },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 }, description: '.gitignore-style patterns of files to skip.' },
    exceptions: {
      type: 'array',
      description: 'Accepted exceptions: findings of these rules on matching flows/actions are reported as suppressed (SARIF kind "external").',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rules', 'reason'],
        properties: {
          rules: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 }, description: 'Rule ids, or ["*"] for all.' },
          reason: { type: 'string', minLength: 1, pattern: '\\S', description: 'Why this is accepted (shown in reports).' },
          flow: { type: 'string', minLength: 1, description: 'Flow display name (glob: * and ?).' },
          action: { type: 'string', minLength: 1, description: 'Action or trigger name (glob: * and ?).' },
          file: { type: 'string', minLength: 1, description: 'File path relative to the working directory (glob: *, ** and ?).' },
        },
      },
    },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Modules that export rules: paths relative to the config file, or package names.' },
    customRules: {
      type: 'array',
      description: 'Declarative rules: a JSONPath selector over each action, trigger or flow definition and a check.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'message', 'path', 'check'],
        properties: {
          id: {
            type: 'string',
            pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*(/[a-z][a-z0-9]*(-[a-z0-9]+)*)?$',
            description: 'Rule id (kebab-case, optionally scoped: "contoso/http-managed-identity").',
          },
          description: { type: 'string', description: 'One sentence: what the rule requires.' },
          level: { type: 'string', enum: ['note', 'warning', 'error'], description: 'Level of its findings (default warning).' },
          message: { type: 'string', minLength: 1, description: 'Finding message; {{name}}, {{type}} and {{flow}} are replaced.' },
          scope: { type: 'string', enum: ['action', 'trigger', 'flow'], description: 'What the path is evaluated on (default action).' },
          where: {
            type: 'object',
            additionalProperties: false,
            description: 'Only nodes that match all of these (case-insensitive).',
            properties: {
              type: { type: 'string', description: 'Action type (Http, OpenApiConnection, ...).' },
              kind: { type: 'string', description: 'Action kind.' },
              connector: { type: 'string', description: 'Connector api name (shared_office365).' },
              operation: { type: 'string', description: 'Connector operationId.' },
            },
          },
          path: { type: 'string', pattern: '^\\$', description: 'JSONPath (jsonpath-plus syntax, no filter or script expressions) evaluated on the node JSON.' },
          check: {
            type: 'string',
            enum: ['present', 'absent', 'pattern', 'equals'],
            description: 'present: the path matches; absent: it does not; pattern/equals: every match is a string matching `value` / equals `value`.',
          },
          value: { description: 'Regular expression (pattern) or value (equals).' },
        },
      },
    },
  },
} as const satisfies Schema;
