/**
 * Known credential formats (docs/formats.md §6 and common vendor tokens), gitleaks style: each
 * detector is data — an id, a description, keywords that must occur before the pattern is tried,
 * the pattern (the `secret` group is the credential), an optional entropy floor and validator —
 * and carries true and false samples that `test/detectors` runs. Order matters: when two
 * detectors match overlapping text, the earlier (more specific) one wins.
 */
import { charClasses, shannonEntropy } from './entropy.js';
import { ALNUM, BASE64URL, HEX, UPPER_ALNUM, base64url, fake, fakeBase64, fakeBytes, fakeGuid, fakeJwt } from './samples.js';
import { nameWords, isSecretName } from './secret-names.js';
import { basicCredentialPair, isBasicCredential, isBenignShape, isPlaceholder, isPlausibleSecret } from './values.js';

export interface KnownFormatDetector {
  /** Stable id, shown in findings (`azure-entra-client-secret`). */
  readonly id: string;
  /** What it finds, as a noun phrase ("an Entra ID client secret"). */
  readonly description: string;
  /**
   * Lower-case substrings; the text must contain at least one before the pattern runs. Every
   * detector has some, so a text without any keyword holds no known format (`mayHoldKnownFormat`).
   */
  readonly keywords: readonly string[];
  /** A cheaper test than `pattern` that the text must pass too, for keywords common in ordinary text. */
  readonly prefilter?: RegExp;
  /** Global pattern; the named group `secret` (else the whole match) is the credential. */
  readonly pattern: RegExp;
  /** Shannon bits per character the secret must reach. */
  readonly minEntropy?: number;
  /** Extra check on a match (`text` is the whole string scanned, `context` where it was found). */
  readonly validate?: (secret: string, match: RegExpExecArray, text: string, context: KnownFormatContext) => boolean;
  /**
   * Strings the detector must report. Made when asked (by the tests), not when flowlint starts:
   * generating them took a few milliseconds of every run.
   */
  readonly truePositives: () => readonly string[];
  /** Strings it must not report: placeholders, documentation values, look-alikes. */
  readonly falsePositives: () => readonly string[];
}

/** Where a scanned text sits, for detectors whose shape alone proves nothing (an 88-character base64 string). */
export interface KnownFormatContext {
  /** The JSON key, XML name, variable or setting name the text is the value of. */
  readonly key?: string;
  /** The other values of the object holding the text (JSON), asked only when a detector needs them. */
  readonly siblings?: () => readonly unknown[];
}

export interface KnownFormatMatch {
  readonly detector: KnownFormatDetector & { readonly id: KnownFormatId };
  /** The credential text (what gets redacted and hashed). */
  readonly secret: string;
  /** Span of the whole match in the scanned text. */
  readonly start: number;
  readonly end: number;
}

const ENTRA_TAIL = `${ALNUM}_~.-`;

function decodeBase64Url(text: string): string | undefined {
  try {
    return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text.replace(/&amp;/g, '&'));
  } catch {
    return text;
  }
}

/** A JSON object whose keys look like a JWT header (`alg`/`typ`/`kid`). */
function isJwtHeader(segment: string): boolean {
  const decoded = decodeBase64Url(segment);
  if (!decoded) return false;
  try {
    const value: unknown = JSON.parse(decoded);
    return typeof value === 'object' && value !== null && ('alg' in value || 'typ' in value || 'kid' in value);
  } catch {
    return false;
  }
}

/** The token of jwt.io's home page (sub 1234567890, John Doe): documentation, not a credential. */
function isDocumentationJwt(payloadSegment: string): boolean {
  const decoded = decodeBase64Url(payloadSegment) ?? '';
  return decoded.includes('"1234567890"') && decoded.includes('John Doe');
}

const NO_CONTEXT: KnownFormatContext = {};

/** Names of digests and signatures: an 88-character base64 value there is a SHA-512 or HMAC, not a key. */
const DIGEST_WORDS = /^(?:hash|hashes|checksum|digest|integrity|signature|sig|hmac|md5|sha\d*|fingerprint|thumbprint|etag)$/;

function isDigestName(name: string): boolean {
  return nameWords(name).some((word) => DIGEST_WORDS.test(word));
}

/** `accountKey`, `storageKey`, `key`, `key1`: a name for a key. */
function isKeyName(name: string): boolean {
  const words = nameWords(name);
  return isSecretName(name) || /^key\d*$/.test(words[words.length - 1] ?? '');
}

const STORAGE_HOST = /\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)\b/i;

/**
 * An 88-character base64 value is a storage account key only where something says so: `AccountKey=`
 * or a key name just before it, a key-named field, or a storage account URL beside it (in the text
 * or the same object). Never under a digest or signature name.
 */
function isStorageKeyPlace(start: number, text: string, context: KnownFormatContext): boolean {
  const before = text.slice(Math.max(0, start - 64), start);
  const nameBefore = /([A-Za-z][\w-]*)["']?\s*[:=]\s*["']?$/.exec(before)?.[1];
  if ((context.key !== undefined && isDigestName(context.key)) || (nameBefore !== undefined && isDigestName(nameBefore))) return false;
  if ((context.key !== undefined && isKeyName(context.key)) || (nameBefore !== undefined && isKeyName(nameBefore))) return true;
  if (STORAGE_HOST.test(text)) return true;
  return context.siblings?.().some((value) => typeof value === 'string' && STORAGE_HOST.test(value)) ?? false;
}

function randomLooking(secret: string, minEntropy: number): boolean {
  return charClasses(secret).count >= 2 && shannonEntropy(secret) >= minEntropy && !isBenignShape(secret);
}

const pkcs12 = (seed: number): string => Buffer.concat([Buffer.from([0x30, 0x82, 0x09, 0xf1, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xb7]), fakeBytes(240, seed)]).toString('base64');
const x509 = (seed: number): string => Buffer.concat([Buffer.from([0x30, 0x82, 0x03, 0x1d, 0x30, 0x82, 0x02, 0x05, 0xa0, 0x03]), fakeBytes(240, seed)]).toString('base64');
const triggerHost = 'https://prod-00.westeurope.logic.azure.com:443/workflows/';

/** Every known-format detector, most specific first (typed `as const`, so their ids form a union). */
const REGISTRY = [
  {
    id: 'private-key',
    description: 'a PEM private key',
    keywords: ['private key-----'],
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|\s)*[A-Za-z0-9+/=]{40,}/g,
    truePositives: () => [
      `-----BEGIN PRIVATE KEY-----\n${fakeBase64(96, 1)}\n-----END PRIVATE KEY-----`,
      `-----BEGIN RSA PRIVATE KEY-----\\n${fakeBase64(120, 2)}\\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\r\n${fakeBase64(64, 3)}`,
    ],
    falsePositives: () => [
      'Paste the key between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----',
      `-----BEGIN PUBLIC KEY-----\n${fakeBase64(96, 4)}\n-----END PUBLIC KEY-----`,
      `-----BEGIN CERTIFICATE-----\n${fakeBase64(96, 5)}\n-----END CERTIFICATE-----`,
      '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----',
    ],
  },
  {
    id: 'pkcs12-certificate',
    description: 'a base64 PKCS#12 (PFX) certificate with its private key',
    keywords: ['ibazcc'],
    // SEQUENCE, INTEGER 3 (PFX version), SEQUENCE: `MII???IBAzCC` in base64.
    pattern: /(?<![A-Za-z0-9+/])MII[A-Za-z0-9+/]{3}IBAzCC[A-Za-z0-9+/]{200,}={0,2}/g,
    truePositives: () => [pkcs12(11), `{"type":"ClientCertificate","pfx":"${pkcs12(12)}"}`],
    falsePositives: () => [x509(13), 'MIIxxIBAzCC'],
  },
  {
    id: 'azure-storage-connection-string',
    description: 'an Azure Storage or Cosmos DB connection string with an account key',
    keywords: ['accountkey='],
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{40,}={0,2})/gi,
    validate: (_secret, _match, text) => !/AccountName=devstoreaccount1/i.test(text),
    truePositives: () => [
      `DefaultEndpointsProtocol=https;AccountName=fakeaccount;AccountKey=${fakeBase64(64, 21)};EndpointSuffix=core.windows.net`,
      `AccountEndpoint=https://fake-cosmos.documents.azure.com:443/;AccountKey=${fakeBase64(64, 22)};`,
    ],
    falsePositives: () => [
      'DefaultEndpointsProtocol=https;AccountName=fakeaccount;AccountKey=<account key>;EndpointSuffix=core.windows.net',
      'UseDevelopmentStorage=true',
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${fakeBase64(64, 23)};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
    ],
  },
  {
    id: 'azure-shared-access-key',
    description: 'an Azure Service Bus, Event Hubs, Relay or IoT Hub shared access key',
    keywords: ['sharedaccesskey='],
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{32,}={0,2})/gi,
    truePositives: () => [
      `Endpoint=sb://fake-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${fakeBase64(32, 31)}`,
      `HostName=fake-hub.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${fakeBase64(32, 32)}`,
    ],
    falsePositives: () => [
      'Endpoint=sb://fake-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>',
      'SharedAccessKeyName=RootManageSharedAccessKey',
    ],
  },
  {
    id: 'logic-app-trigger-url',
    description: 'a flow or Logic App trigger URL with its SAS signature (anyone holding it can run the flow)',
    keywords: ['/paths/invoke'],
    pattern:
      /https:\/\/[^\s"'/]+\/(?:workflows|powerautomate\/automations\/direct\/workflows)\/[0-9a-f]{32}\/triggers\/[^/\s"']+\/paths\/invoke[^\s"']*?(?:[?&;]|&amp;)sig=(?<secret>[A-Za-z0-9_%-]{20,})/gi,
    minEntropy: 3.5,
    truePositives: () => [
      `${triggerHost}${fake(HEX, 32, 41)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${fake(BASE64URL, 43, 42)}`,
      `https://fake.00.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/${fake(HEX, 32, 43)}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${fake(BASE64URL, 43, 44)}`,
    ],
    falsePositives: () => [
      `${triggerHost}${fake(HEX, 32, 45)}/triggers/manual/paths/invoke?api-version=2016-06-01`,
      `${triggerHost}${fake(HEX, 32, 46)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=<signature>`,
    ],
  },
  {
    id: 'azure-sas-token',
    description: 'an Azure shared access signature (SAS) token',
    keywords: ['sig='],
    pattern: /(?:^|[?&;\s]|&amp;)sig=(?<secret>[A-Za-z0-9%+/=_-]{20,})/gi,
    minEntropy: 3.5,
    validate: (_secret, _match, text) => /(?:^|[?&;\s]|&amp;)(?:sv=\d{4}-\d{2}-\d{2}|skn=)/i.test(text) || /SharedAccessSignature/i.test(text),
    truePositives: () => [
      `https://fakeaccount.blob.core.windows.net/reports/q1.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(fakeBase64(32, 51))}`,
      `SharedAccessSignature sr=fake-ns.servicebus.windows.net&sig=${encodeURIComponent(fakeBase64(32, 52))}&se=1900000000&skn=send`,
    ],
    falsePositives: () => ['https://fakeaccount.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=<signature>', `https://example.org/search?sig=${fake(ALNUM, 30, 53)}`],
  },
  {
    id: 'azure-function-key-url',
    description: 'an Azure Functions URL with its function key (`code=`)',
    keywords: ['azurewebsites.net'],
    pattern: /https:\/\/[a-z0-9-]+\.azurewebsites\.net\/[^\s"']*?[?&]code=(?<secret>[A-Za-z0-9_%=/+-]{30,})/gi,
    minEntropy: 3.5,
    truePositives: () => [`https://fake-func.azurewebsites.net/api/Notify?code=${fake(BASE64URL, 54, 61)}%3D%3D`],
    falsePositives: () => ['https://fake-func.azurewebsites.net/api/Notify?code=<function key>', 'https://fake-func.azurewebsites.net/api/Notify'],
  },
  {
    id: 'office365-incoming-webhook',
    description: 'a Microsoft Teams / Office 365 incoming webhook URL',
    keywords: ['webhook.office.com'],
    pattern: /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/(?<secret>[0-9a-f]{32})\/[0-9a-f-]{36}/gi,
    truePositives: () => [`https://fake.webhook.office.com/webhookb2/${fakeGuid(71)}@${fakeGuid(72)}/IncomingWebhook/${fake(HEX, 32, 73)}/${fakeGuid(74)}`],
    falsePositives: () => ['https://fake.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<id>/<owner>'],
  },
  {
    id: 'slack-webhook',
    description: 'a Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/(?<secret>T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/g,
    truePositives: () => [`https://hooks.slack.com/services/T${fake(UPPER_ALNUM, 8, 81)}/B${fake(UPPER_ALNUM, 10, 82)}/${fake(ALNUM, 24, 83)}`],
    falsePositives: () => ['https://hooks.slack.com/services/T000/B000/XXXXXXXX', 'https://hooks.slack.com/services/<your webhook>'],
  },
  {
    id: 'azure-ai-services-key',
    description: 'an Azure AI services (Cognitive Services, Azure OpenAI) key',
    keywords: ['jqqj9'],
    // 84 characters with a fixed marker: 52 random, `JQQJ9`, 3 random, `AAA`, 21 random.
    pattern: /(?<![A-Za-z0-9])(?<secret>[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{3}AAA[A-Za-z0-9]{21})(?![A-Za-z0-9])/g,
    minEntropy: 4,
    truePositives: () => [`${fake(ALNUM, 52, 95)}JQQJ99ALAAA${fake(ALNUM, 21, 96)}`, `{"api-key": "${fake(ALNUM, 52, 97)}JQQJ9DBCAAA${fake(ALNUM, 21, 98)}"}`],
    falsePositives: () => [`${'a'.repeat(52)}JQQJ99ALAAA${'b'.repeat(21)}`, `${fake(ALNUM, 40, 99)}JQQJ99ALAAA`],
  },
  {
    id: 'azure-entra-client-secret',
    description: 'an Entra ID (Azure AD) client secret',
    keywords: ['q~'],
    pattern: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    minEntropy: 3.0,
    truePositives: () => [`FAK8Q~${fake(ENTRA_TAIL, 34, 91)}`, `grant_type=client_credentials&client_secret=Fk38Q~${fake(ENTRA_TAIL, 31, 92)}&scope=x`],
    falsePositives: () => ['abc8Q~tooShort', 'The Q~ marker alone', `FAK8Q~${'a'.repeat(34)}`],
  },
  {
    id: 'jwt',
    description: 'a JSON Web Token (bearer token)',
    keywords: ['eyj'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.(?<payload>eyJ[A-Za-z0-9_-]{8,})\.[A-Za-z0-9_-]{10,})/g,
    validate: (secret, match) => isJwtHeader(secret.slice(0, secret.indexOf('.'))) && !isDocumentationJwt(match.groups?.payload ?? ''),
    truePositives: () => [fakeJwt(101), `Bearer ${fakeJwt(102)}`],
    falsePositives: () => [
      `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url('{"sub":"1234567890","name":"John Doe","iat":1516239022}')}.${fake(BASE64URL, 43, 103)}`,
      'eyJhbGciOi...truncated',
      `${base64url('{"a":1,"b":2,"c":3}')}.${base64url('{"a":1,"b":2,"c":3}')}.${fake(BASE64URL, 43, 104)}`,
    ],
  },
  {
    id: 'http-basic-credentials',
    description: 'HTTP Basic credentials (base64 user:password)',
    keywords: ['basic '],
    pattern: /\bBasic\s+(?<secret>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/g,
    validate: (secret) => {
      const pair = basicCredentialPair(secret);
      return pair !== undefined && isBasicCredential(pair.user, pair.password);
    },
    truePositives: () => [
      `Basic ${Buffer.from(`svc-flow:${fake(ALNUM, 20, 111)}`).toString('base64')}`,
      // An API key sent as the user name, with an empty or trivial password.
      `Basic ${Buffer.from(`${fakeGuid(112)}:`).toString('base64')}`,
      `Basic ${Buffer.from(`${fake(ALNUM, 32, 113)}:x`).toString('base64')}`,
    ],
    falsePositives: () => [
      `Basic ${Buffer.from('username:password').toString('base64')}`,
      `Basic ${Buffer.from('svc-flow:').toString('base64')}`,
      'Basic authentication is required for this endpoint',
      `Basic ${Buffer.from('just-some-text').toString('base64')}`,
    ],
  },
  {
    id: 'bearer-token',
    description: 'a literal bearer token',
    keywords: ['bearer '],
    pattern: /\bBearer\s+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])/g,
    validate: (secret) => randomLooking(secret, 3.5),
    truePositives: () => [`Bearer ${fake(`${ALNUM}._-`, 40, 121)}`],
    falsePositives: () => ['Bearer access_token_from_the_previous_step', 'Bearer <access token>', 'Bearer {{token}}'],
  },
  {
    id: 'url-credentials',
    description: 'a password inside a URL (scheme://user:password@host)',
    keywords: ['://'],
    // The scheme is bounded: unbounded, every word start of a long run of scheme characters
    // rescans the rest of the run (quadratic on a 100,000-character string).
    pattern: /\b[a-z][a-z0-9+.-]{0,31}:\/\/(?<user>[^:/\s@"'<>{}]+):(?<secret>[^@/\s"'<>]{3,})@[a-z0-9.-]+/gi,
    validate: (secret) => !/^\d+$/.test(secret) && !isPlaceholder(safeDecodeUri(secret)) && !/^[$%#{(]/.test(secret),
    truePositives: () => [`https://svc-flow:${fake(ALNUM, 16, 131)}@ftp.contoso.example/in`, `mongodb://app:${fake(ALNUM, 18, 132)}@db.contoso.example:27017/prod`],
    falsePositives: () => [
      'https://user:password@host.example/',
      'https://user:<password>@host.example/',
      'sftp://user:${SFTP_PASSWORD}@host.example',
      'mailto:someone@contoso.com',
    ],
  },
  {
    id: 'connection-string-password',
    description: 'a password in a database connection string',
    keywords: ['password=', 'pwd='],
    pattern: /(?:^|;)\s*(?:Password|Pwd)\s*=\s*(?<secret>[^;"'\r\n]{4,})/gi,
    validate: (secret, _match, text) => /(?:Server|Data Source|Host|Address|User ID|Uid|Initial Catalog|Database)\s*=/i.test(text) && !isPlaceholder(secret),
    truePositives: () => [`Server=tcp:fake-sql.database.windows.net,1433;Initial Catalog=db;User ID=flow;Password=${fake(ALNUM, 16, 141)};`],
    falsePositives: () => [
      'Server=tcp:fake-sql.database.windows.net;Database=db;Authentication=Active Directory Default;',
      'Server=x;User ID=sa;Password={your_password};',
      'Data Source=x;Password=<password>',
    ],
  },
  {
    id: 'url-credential-parameter',
    description: 'a credential in a URL query or form body (client_secret=, password=, api_key=, ...)',
    keywords: ['secret=', 'password=', 'passwd=', 'pwd=', 'key=', 'token=', 'assertion='],
    pattern:
      /(?:^|[?&]|&amp;)(?<name>client_secret|password|passwd|pwd|api_key|apikey|api-key|access_token|refresh_token|subscription-key|subscription_key|client_assertion)=(?<secret>[^&\s"'#<>]{6,})/gi,
    validate: (secret) => {
      const decoded = safeDecodeUri(secret);
      return !isPlaceholder(decoded) && !isBenignShape(decoded);
    },
    truePositives: () => [
      `grant_type=client_credentials&client_id=${fakeGuid(151)}&client_secret=${fake(`${ALNUM}-_.`, 40, 152)}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`,
      `https://api.contoso.example/v1/items?api_key=${fake(ALNUM, 32, 153)}`,
    ],
    falsePositives: () => [
      'grant_type=client_credentials&client_secret=&scope=x',
      'client_secret={client_secret}',
      'password=<password>',
      'https://api.contoso.example/v1/items?api_key=YOUR_API_KEY',
      'access_token=ACCESS_TOKEN',
    ],
  },
  {
    id: 'password-in-text',
    description: 'a password written in text (`password: …`, `pwd=…`)',
    keywords: ['password:', 'password=', 'password :', 'password":', 'passwd:', 'passwd=', 'pwd:', 'pwd=', 'pwd :', 'passphrase:', 'passcode:'],
    // Notes and descriptions carry what people type there; code-like values (`password:function(e){`) are cut at brackets.
    pattern: /(?:pass(?:word|wd|phrase|code)|pwd)["']?[ \t]*[:=][ \t]*["']?(?<secret>[^\s"'<>&;(){}[\]]*[^\s"'<>&;(){}[\].,:=])/gi,
    validate: (secret) => isPlausibleSecret(secret) && !/^[@$%#]/.test(secret),
    truePositives: () => [
      `Service account for the partner API. Password: ${fake(ALNUM, 12, 301)}!`,
      `Use pwd=${fake(ALNUM, 10, 302)} to log in`,
      'Login: svc-flow / password: Welcome2024!',
    ],
    falsePositives: () => [
      'Password: see the vault',
      'password: ********',
      'Password: <password>',
      'pwd=%Password%',
      "password: @{variables('pwd')}",
      'resetPasswordUrl: https://aka.ms/sspr',
      'password:function(e){return e}',
      'Password: Username:',
      'password=$(Password)',
    ],
  },
  {
    id: 'aws-access-key-id',
    description: 'an AWS access key id',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    pattern: /(?<![A-Z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])/g,
    validate: (secret) => !secret.endsWith('EXAMPLE'),
    truePositives: () => [`AKIA${fake(UPPER_ALNUM, 16, 161)}`],
    falsePositives: () => [`AKIA${'IOSFODNN7'}EXAMPLE`, 'AKIA-not-a-key'],
  },
  {
    id: 'aws-secret-access-key',
    description: 'an AWS secret access key',
    keywords: ['secret_access_key', 'secretaccesskey'],
    pattern: /aws_?secret_?access_?key["'\s:=]+(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    minEntropy: 4,
    truePositives: () => [`aws_secret_access_key=${fake(`${ALNUM}/+`, 40, 171)}`],
    falsePositives: () => ['aws_secret_access_key=<secret>', `aws_secret_access_key=${'A'.repeat(40)}`],
  },
  {
    id: 'github-token',
    description: 'a GitHub token',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
    truePositives: () => [`ghp_${fake(ALNUM, 36, 181)}`, `github_pat_${fake(`${ALNUM}_`, 82, 182)}`],
    falsePositives: () => ['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_short'],
  },
  {
    id: 'gitlab-token',
    description: 'a GitLab personal access token',
    keywords: ['glpat-'],
    pattern: /(?<secret>glpat-[A-Za-z0-9_-]{20,})/g,
    truePositives: () => [`glpat-${fake(ALNUM, 20, 191)}`],
    falsePositives: () => ['glpat-<token>', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
  },
  {
    id: 'slack-token',
    description: 'a Slack token',
    keywords: ['xox'],
    pattern: /(?<secret>xox[baprs]-(?:\d+-)+[A-Za-z0-9-]{10,})/g,
    truePositives: () => [`xoxb-${fake('0123456789', 12, 201)}-${fake('0123456789', 13, 202)}-${fake(ALNUM, 24, 203)}`],
    falsePositives: () => ['xoxb-your-token-here', 'xoxb-123-<token>'],
  },
  {
    id: 'stripe-key',
    description: 'a Stripe secret or restricted key',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,})/g,
    truePositives: () => [`sk_live_${fake(ALNUM, 32, 211)}`],
    falsePositives: () => ['sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'pk_live_not_a_secret_key_at_all'],
  },
  {
    id: 'google-api-key',
    description: 'a Google API key',
    keywords: ['aiza'],
    pattern: /(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    truePositives: () => [`AIza${fake(`${ALNUM}_-`, 35, 221)}`],
    falsePositives: () => ['AIzaSy<your key>', 'AIzaShort'],
  },
  {
    id: 'sendgrid-api-key',
    description: 'a SendGrid API key',
    keywords: ['sg.'],
    pattern: /(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    truePositives: () => [`SG.${fake(`${ALNUM}_-`, 22, 231)}.${fake(`${ALNUM}_-`, 43, 232)}`],
    falsePositives: () => ['SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'SG.short.key'],
  },
  {
    id: 'openai-api-key',
    description: 'an OpenAI API key',
    keywords: ['t3blbkfj', 'sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{80,})/g,
    truePositives: () => [`sk-${fake(ALNUM, 20, 241)}T3BlbkFJ${fake(ALNUM, 20, 242)}`, `sk-proj-${fake(`${ALNUM}_-`, 120, 243)}`],
    falsePositives: () => ['sk-proj-your-key-here', 'sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    id: 'anthropic-api-key',
    description: 'an Anthropic API key',
    keywords: ['sk-ant-'],
    pattern: /(?<secret>sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,})/g,
    truePositives: () => [`sk-ant-api03-${fake(`${ALNUM}_-`, 95, 251)}`],
    falsePositives: () => ['sk-ant-api03-<your key>', 'sk-ant-xxx'],
  },
  {
    id: 'linear-api-key',
    description: 'a Linear API key',
    keywords: ['lin_api_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>lin_api_[A-Za-z0-9]{40})(?![A-Za-z0-9])/g,
    truePositives: () => [`lin_api_${fake(ALNUM, 40, 255)}`],
    falsePositives: () => ['lin_api_<your key>', 'lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    id: 'npm-token',
    description: 'an npm access token',
    keywords: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
    truePositives: () => [`npm_${fake(ALNUM, 36, 261)}`],
    falsePositives: () => ['npm_config_registry', 'npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  {
    id: 'shopify-token',
    description: 'a Shopify access token',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /(?<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})/g,
    truePositives: () => [`shpat_${fake(HEX, 32, 271)}`],
    falsePositives: () => ['shpat_<token>'],
  },
  {
    id: 'mailchimp-api-key',
    description: 'a Mailchimp API key',
    keywords: ['-us'],
    // `en-us` is in most URLs of Microsoft documentation: only `-us<digit>` is worth the pattern.
    prefilter: /-us\d/,
    pattern: /(?<![0-9a-f])(?<secret>[0-9a-f]{32}-us\d{1,2})(?![0-9A-Za-z])/g,
    minEntropy: 3.2,
    truePositives: () => [`${fake(HEX, 32, 281)}-us21`],
    falsePositives: () => [`${'0'.repeat(32)}-us21`, 'en-us'],
  },
  {
    id: 'azure-storage-account-key',
    description: 'an Azure Storage account key (88-character base64)',
    keywords: ['=='],
    // A SHA-512 digest is 88 base64 characters too: skip Subresource-Integrity style `sha512-…`.
    pattern: /(?<![A-Za-z0-9+/=])(?<!sha(?:256|384|512)-)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/g,
    minEntropy: 4.5,
    validate: (secret, match, text, context) => charClasses(secret).count >= 3 && isStorageKeyPlace(match.index, text, context),
    truePositives: () => [
      `{"accountKey": "${fakeBase64(64, 292)}"}`,
      `key1: ${fakeBase64(64, 291)}`,
      `{"account": "https://fakeacct.blob.core.windows.net", "value": "${fakeBase64(64, 296)}"}`,
    ],
    falsePositives: () => [
      `${'A'.repeat(86)}==`,
      `${fakeBase64(65, 293)}A`,
      `data:image/png;base64,${fakeBase64(300, 294)}`,
      `sha512-${fakeBase64(64, 295)}`,
      // The shape alone: a SHA-512 digest or an HMAC signature is just as long.
      fakeBase64(64, 297),
      `{"checksum": "${fakeBase64(64, 298)}"}`,
      `{"signature": "${fakeBase64(64, 299)}", "url": "https://fakeacct.blob.core.windows.net"}`,
      `fileHash: ${fakeBase64(64, 300)}`,
    ],
  },
] as const satisfies readonly KnownFormatDetector[];

/** The id of a known-format detector: the union of the registry's ids. */
export type KnownFormatId = (typeof REGISTRY)[number]['id'];

/** The registry: every known-format detector, most specific first. */
export const KNOWN_FORMAT_DETECTORS: readonly (KnownFormatDetector & { readonly id: KnownFormatId })[] = REGISTRY;

export interface KnownFormatScanOptions {
  /** Detector ids to skip. */
  readonly ignoreDetectors?: ReadonlySet<string>;
  /** Where the text was found (its key, the object around it). */
  readonly context?: KnownFormatContext;
}

/**
 * Every known-format credential in `text`, at most one per span: when matches overlap, the
 * detector listed first in the registry wins.
 */
export function findKnownFormats(text: string, options: KnownFormatScanOptions = {}): KnownFormatMatch[] {
  if (text.length < 12) return [];
  const present = keywordsIn(text);
  if (present.size === 0) return [];
  const found: KnownFormatMatch[] = [];
  for (const detector of KNOWN_FORMAT_DETECTORS) {
    if (options.ignoreDetectors?.has(detector.id)) continue;
    if (!detector.keywords.some((k) => present.has(k))) continue;
    if (detector.prefilter && !detector.prefilter.test(text)) continue;
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const secret = match.groups?.secret ?? match[0];
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      if (isPlaceholder(secret)) continue;
      if (detector.minEntropy !== undefined && shannonEntropy(secret) < detector.minEntropy) continue;
      if (detector.validate && !detector.validate(secret, match, text, options.context ?? NO_CONTEXT)) continue;
      found.push({ detector, secret, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const KEYWORD_SOURCE = [...new Set(KNOWN_FORMAT_DETECTORS.flatMap((d) => d.keywords))].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
/** One pass over the text finds every keyword of every detector. */
const KEYWORDS = new RegExp(KEYWORD_SOURCE, 'gi');
/** Whether there is any keyword at all: most strings have none, and a test allocates nothing. */
const ANY_KEYWORD = new RegExp(KEYWORD_SOURCE, 'i');
const NO_KEYWORDS: ReadonlySet<string> = new Set();

/**
 * False when no detector could match anything in `text` (it holds none of their keywords); also
 * false for every substring of it, so a caller can skip splitting a text into pieces.
 */
export function mayHoldKnownFormat(text: string): boolean {
  return text.length >= 12 && ANY_KEYWORD.test(text);
}

function keywordsIn(text: string): ReadonlySet<string> {
  if (!ANY_KEYWORD.test(text)) return NO_KEYWORDS;
  const present = new Set<string>();
  KEYWORDS.lastIndex = 0;
  for (let match = KEYWORDS.exec(text); match; match = KEYWORDS.exec(text)) present.add(match[0].toLowerCase());
  return present;
}

export function knownFormatDetector(id: string): KnownFormatDetector | undefined {
  return KNOWN_FORMAT_DETECTORS.find((d) => d.id === id);
}
