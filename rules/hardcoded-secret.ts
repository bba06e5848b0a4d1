/**
 * Flags credentials written into an export: literal values where a credential belongs (HTTP
 * `authentication` fields, credential headers and parameters, token requests, variables,
 * Compose values and parameters named like a secret, env-var values, deployment settings,
 * desktop flow inputs), strings of a known credential format anywhere in any document, and
 * secrets in embedded code (inline JavaScript actions, Office Scripts). Anything in an export is
 * readable by everyone who can read the repository, the solution or the run history.
 * Expressions, placeholders, GUIDs in `clientId`/`tenant`/`audience`, e-mail addresses and plain
 * URLs are never flagged. Every finding names the detector that fired and shows only a redacted
 * value. See docs/formats.md §3.5, §3.6 and §6.
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app
 */
import {
  defineRule,
  DETECTOR_IDS,
  type DetectorId,
  findHardcodedSecrets,
  nameList,
  type OptionsOf,
  type OptionsSchema,
  type SecretFinding,
  type SecretScanOptions,
} from '../src/rule-api.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    minEntropy: {
      type: 'number',
      minimum: 0,
      maximum: 8,
      description:
        'Shannon entropy (bits per character) a value must reach to count as random in the generic checks (places named like a secret, literal text inside templates). For short values the threshold is capped at log2(length) − 0.7, the most a short random value reliably reaches.',
    },
    minLength: {
      type: 'integer',
      minimum: 1,
      description: 'Shortest literal the structural checks report at error level; shorter literals in credential places (from 4 characters) are warnings.',
    },
    ignorePatterns: {
      type: 'array',
      // Checked when the configuration is read: a bad pattern is a configuration error, not a crash.
      items: { type: 'string', format: 'regex' },
      description: 'JavaScript regular expressions; a value matching any of them (anywhere, unless anchored) is never reported.',
    },
    ignoreDetectors: {
      type: 'array',
      items: { type: 'string', enum: DETECTOR_IDS },
      description: 'Ids of detectors to switch off (known-format ids such as `jwt`, or structural ids such as `secret-named-key`).',
    },
  },
} as const satisfies OptionsSchema;

/** Options, typed from their schema. */
export type HardcodedSecretOptions = OptionsOf<typeof schema>;

type MessageId = 'knownFormat' | 'literalCredential' | 'secretNamed' | 'embeddedCode';

/** Structural detectors whose place holds a credential whatever it is called. */
const SLOT_DETECTORS = new Set<DetectorId>([
  'http-authentication',
  'credential-header',
  'credential-parameter',
  'token-request-body',
  'url-password',
  'credential-connector-parameter',
  'secure-parameter-default',
  'parameter-used-as-credential',
  'environment-variable-used-as-credential',
  'secret-environment-variable-value',
  'deployment-settings-credential',
]);

function messageIdOf(finding: SecretFinding): MessageId {
  if (finding.layer === 'known-format') return 'knownFormat';
  if (finding.layer === 'embedded-code') return finding.detectors[0].startsWith('code-') ? 'embeddedCode' : 'knownFormat';
  // A finding confirmed by several detectors lists them all; the first one names the place.
  return SLOT_DETECTORS.has(finding.detectors[0]) ? 'literalCredential' : 'secretNamed';
}

function compileOptions(options: HardcodedSecretOptions): SecretScanOptions {
  // Valid: the option schema checks each pattern (format 'regex', with the same flag) before any rule is set up.
  const ignorePatterns = options.ignorePatterns.map((source) => new RegExp(source, 'u'));
  return { minEntropy: options.minEntropy, minLength: options.minLength, ignorePatterns, ignoreDetectors: new Set(options.ignoreDetectors) };
}

export default defineRule<HardcodedSecretOptions, MessageId>({
  meta: {
    id: 'hardcoded-secret',
    title: 'Hard-coded secret',
    description: 'Disallow credentials written as literal values in flows, environment variables, settings and embedded code.',
    rationale:
      'A password, client secret, API key, SAS signature or token written into a flow, an environment variable value, a deployment settings file or an embedded script travels with every export: it ends up in source control, in every environment the solution is imported into, and in run history. It cannot be rotated without editing and redeploying the flow, and everyone who can read the export can use it. Credentials belong in Azure Key Vault, read at run time through a Secret environment variable or the Key Vault connector with Secure Outputs.',
    defaultLevel: 'error',
    securitySeverity: 9.0,
    precision: 'high',
    tags: ['security', 'secrets', 'external/cwe/cwe-798'],
    recommended: true,
    since: '0.1.0',
    messages: {
      knownFormat:
        '{{where}} contains {{what}} (detector {{detector}}): {{value}}. Remove it from the export, rotate it, and read it at run time from Azure Key Vault or a Secret environment variable.',
      literalCredential:
        '{{where}} holds a hard-coded credential (detector {{detector}}): {{value}}. Replace it with a reference to a Secret environment variable or a Key Vault secret, and rotate it.',
      secretNamed:
        '{{where}} is named like a secret and holds a literal value (detector {{detector}}): {{value}}. If it is a credential, move it to Azure Key Vault (a Secret environment variable) and rotate it; if it is not, rename it.',
      embeddedCode:
        '{{where}} assigns a literal credential in code (detector {{detector}}): {{value}}. Pass the secret in from Key Vault (an action with Secure Outputs) instead of writing it in the script, and rotate it.',
    },
    schema,
    defaultOptions: { minEntropy: 3.5, minLength: 8, ignorePatterns: [], ignoreDetectors: [] },
    references: [
      'CWE-798',
      'https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app',
      'https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets',
    ],
  },
  create(context) {
    const options = compileOptions(context.options);
    return {
      solution(solution) {
        // Files around a file given alone are context: their strings are not searched.
        for (const finding of findHardcodedSecrets(solution, options, context.reportsIn)) {
          // A credential another detector confirmed is still reported when one of them is switched off.
          const detectors = finding.detectors.filter((id) => !options.ignoreDetectors.has(id));
          if (detectors.length === 0) continue;
          const value = finding.secret;
          context.report({
            node: finding.node,
            pointer: finding.pointer,
            messageId: messageIdOf(finding),
            data: { where: finding.where, what: finding.what, detector: nameList(detectors), value },
            level: finding.level === 'warning' ? 'warning' : undefined,
            value,
          });
        }
      },
    };
  },
});
