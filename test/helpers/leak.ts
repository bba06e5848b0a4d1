/**
 * The leak test's pieces (test/leak.test.ts): random canary values, a solution that holds one in
 * every value position of every input format, and a scanner that finds any 8-character piece of
 * any canary in any output.
 *
 * Canaries go only into value positions. Names are shown by design and hold none: file and folder
 * names, action, trigger, variable and parameter names, JSON object keys, XML element and attribute
 * names, environment variable schema names, connection reference keys and logical names, Key Vault
 * secret names, Key Vault names (`LEAK_VAULT`, in a vault URL and resource ids: a vault's name is not
 * a secret, and reports show it), Robin variable names, flow and solution names — reports must say
 * where a problem is. What is in a vault name's place but does not read as one (`keyInVaultPlace`:
 * a key pasted into `KeyVaultName`) is a canary: it must stay redacted.
 * So are the reasons of `flowlint-disable … -- reason` directives (the justification a suppression
 * carries into SARIF, JSON, JUnit and HTML), and rule ids.
 */
import { ALNUM, BASE64, BASE64URL } from '../../src/analysis/detectors/samples.js';
import {
  compose,
  connector,
  customizationsXml,
  flow,
  foreach,
  http,
  initVariable,
  jsonText,
  kvGetSecret,
  setVariable,
  solutionFiles,
  terminate,
  desktopFlowId,
  type Json,
} from './builders.js';
import { envVarFiles } from '../detectors/fixtures.js';

// ---------------------------------------------------------------------------------------------
// Canaries

/** Characters no pattern can rely on: separators of `name=value` text, quotes, spaces, unicode. */
const SPECIALS = [
  ' ',
  ' ',
  "'",
  '"',
  ';',
  '=',
  '&',
  '<',
  '>',
  '-',
  '_',
  '.',
  '/',
  '+',
  '~',
  ':',
  ',',
  '\\',
  '!',
  '#',
  '?',
  '(',
  ')',
  '[',
  ']',
  '|',
  'é',
  'ß',
  'Ω',
  'ж',
  '中',
  '文',
  '🔑',
  '€',
];
/** No `@` (an expression), `%` (Robin interpolation), `*` (the redaction mark), `{`/`}`, line breaks. */
const SAFE = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export const SHAPES = ['mixed', 'spaced', 'unicode', 'alnum', 'github', 'entra', 'jwt', 'base64', 'stripe', 'hex'] as const;
export type Shape = (typeof SHAPES)[number];

export interface CanarySpec {
  readonly seed: number;
  readonly shape: Shape;
}

/** A canary: the value, and how many of its first characters are a fixed (not random) prefix. */
export interface Canary {
  readonly value: string;
  readonly fixedPrefix: number;
}

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A high-entropy value of 16–40 characters made from a seed (so shrinking never makes it
 * low-entropy): some mixed with quotes, `;`, `=`, spaces and unicode, some shaped like real
 * credentials (the fixed prefix of those is shorter than 8 or not counted).
 */
export function makeCanary({ seed, shape }: CanarySpec): Canary {
  const random = rng(seed);
  const pick = (alphabet: readonly string[] | string): string => alphabet[Math.floor(random() * alphabet.length)];
  const run = (alphabet: string, n: number): string => Array.from({ length: n }, () => pick(alphabet)).join('');
  const length = 16 + Math.floor(random() * 25);
  switch (shape) {
    case 'mixed': {
      let out = pick(SAFE);
      while (Array.from(out).length < length) out += random() < 0.3 ? pick(SPECIALS) : pick(SAFE);
      return { value: out, fixedPrefix: 0 };
    }
    case 'spaced': {
      const words: string[] = [];
      while (words.join(' ').length < length) words.push(run(SAFE, 3 + Math.floor(random() * 5)));
      return { value: words.join(random() < 0.5 ? ' ' : '; '), fixedPrefix: 0 };
    }
    case 'unicode': {
      let out = pick(SAFE);
      while (Array.from(out).length < length) out += random() < 0.4 ? pick(SPECIALS.slice(-8)) : pick(SAFE);
      return { value: out, fixedPrefix: 0 };
    }
    case 'alnum':
      return { value: run(SAFE, length), fixedPrefix: 0 };
    case 'github':
      return { value: `ghp_${run(ALNUM, 36)}`, fixedPrefix: 4 };
    case 'entra':
      return { value: `${run(SAFE, 3)}8Q~${run(`${ALNUM}_~.-`, 34)}`, fixedPrefix: 0 };
    case 'jwt':
      return { value: `eyJ${run(BASE64URL, 17)}.eyJ${run(BASE64URL, 20)}.${run(BASE64URL, 22)}`, fixedPrefix: 3 };
    case 'base64':
      return { value: `${run(BASE64, 38)}==`, fixedPrefix: 0 };
    case 'stripe':
      return { value: `sk_live_${run(ALNUM, 24)}`, fixedPrefix: 8 };
    case 'hex':
      return { value: run('0123456789abcdef', 32), fixedPrefix: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// Encoders: how a value is written into each kind of place

export const jsonInner = (s: string): string => JSON.stringify(s).slice(1, -1);
export const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A WDL string literal's body (`'` doubled). */
export const exprQuote = (s: string): string => s.replace(/'/g, "''");
/** A Robin `'...'` literal's body. */
export const robinSingle = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
/** A JavaScript template literal's body. */
export const templateBody = (s: string): string => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/** Forms a file format writes a value in: the planted value is found in the inputs in one of these. */
const ENCODERS = [jsonInner, xmlEscape, (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), exprQuote, robinSingle, templateBody];

function encodedForms(value: string): string[] {
  const forms = new Set([value]);
  let frontier = [value];
  // Up to three nested encodings: a Robin literal in a JSON string in XML text is the deepest.
  for (let depth = 0; depth < 3; depth++) {
    const next: string[] = [];
    for (const form of frontier) {
      for (const encode of ENCODERS) {
        const encoded = encode(form);
        if (!forms.has(encoded)) {
          forms.add(encoded);
          next.push(encoded);
        }
      }
    }
    frontier = next;
  }
  return [...forms];
}

// ---------------------------------------------------------------------------------------------
// Planting

export interface Planted {
  /** Where it was planted, e.g. `flow: Http authentication.password`. */
  readonly position: string;
  readonly value: string;
  readonly fixedPrefix: number;
}

/** Hands out one canary per position, recording it. */
export class Garden {
  readonly planted: Planted[] = [];
  #next = 0;

  constructor(private readonly specs: readonly CanarySpec[]) {}

  /** A fresh canary for `position`; `sanitize` drops characters the position cannot hold at all. */
  plant(position: string, sanitize: (value: string) => string = (v) => v): string {
    const spec = this.specs[this.#next % this.specs.length];
    const canary = makeCanary({ seed: spec.seed + this.#next * 7919, shape: spec.shape });
    this.#next++;
    const value = sanitize(canary.value);
    this.planted.push({ position, value, fixedPrefix: Math.min(canary.fixedPrefix, value.length) });
    return value;
  }
}

/** Robin `$'''...'''` literals have no escapes: no `'` and no `\` in them. */
const tripleSafe = (s: string): string => s.replace(/['\\]/g, 'q');
/** A JavaScript `'...'` literal's body without escapes. */
const singleQuoteSafe = (s: string): string => s.replace(/['\\]/g, 'q');
/**
 * Keeps the characters of `s` that `allowed` accepts, padded to `min` with characters derived from
 * all of `s` (so a value made mostly of dropped characters stays as random as the rest).
 */
function keepOnly(s: string, allowed: RegExp, min: number, alphabet: string): string {
  let kept = Array.from(s)
    .filter((ch) => allowed.test(ch))
    .join('');
  const points = Array.from(s, (ch) => ch.codePointAt(0)!);
  for (let i = 0; kept.length < min; i++) kept += alphabet[(points[i % points.length] * 31 + i * 17) % alphabet.length];
  return kept;
}

/** An unquoted expression token: letters and digits only. */
const tokenSafe = (s: string): string => keepOnly(s, /[A-Za-z0-9]/, 16, SAFE);
/** A URL query value that needs no percent-encoding. */
const urlSafe = (s: string): string => keepOnly(s, /[A-Za-z0-9._~-]/, 16, SAFE);
/** The Key Vault the case's flows and settings name: a name, shown in reports, not a canary. */
export const LEAK_VAULT = 'kv-leaktest-shared';
/**
 * A key typed where a vault name goes: a valid vault name (letters and digits, 24 at most,
 * starting with a letter) whose letters and digits alternate like a random key's.
 */
const keyInVaultPlace = (s: string): string => {
  const letters = keepOnly(s, /[A-Za-z]/, 18, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ');
  const digits = keepOnly(s, /[0-9]/, 6, '23456789');
  let key = '';
  for (let i = 0; i < 6; i++) key += letters.slice(3 * i, 3 * i + 3) + digits[i];
  return key.slice(0, 24);
};
/** Text that fits a one-line description: no line breaks (canaries have none) and no `--`. */
const lineSafe = (s: string): string => s.replace(/-{2,}/g, '-');

export interface LeakFiles {
  /** Path (relative to the case folder) -> contents. */
  readonly files: Record<string, string>;
  /** Paths of files given to flowlint on the command line in addition to folders and zips. */
  readonly loose: readonly string[];
}

const FLOW_GUID = '0000AAAA-1111-2222-3333-000000000001';
const MINI_GUID = '0000AAAA-1111-2222-3333-000000000002';
const BROKEN_GUID = '0000AAAA-1111-2222-3333-000000000003';

export interface LeakOptions {
  /** Random names for keys, variables and headers, so nothing relies on a list of names. */
  readonly names: readonly string[];
  /** The old side of `flowlint diff`: Secure Inputs/Outputs on, so the new side regresses. */
  readonly old?: boolean;
}

/**
 * Every input format flowlint reads, each value position holding its own canary: an unpacked
 * solution folder (cloud flows, a minified flow, a desktop flow, environment variables, an Office
 * Script, malformed JSON and XML), deployment settings, script files and malformed loose files.
 */
export function leakFiles(garden: Garden, options: LeakOptions): LeakFiles {
  const c = (position: string, sanitize?: (v: string) => string): string => garden.plant(position, sanitize);
  const name = (i: number): string => options.names[i % options.names.length];
  const secure = options.old ? { secureInputs: true, secureOutputs: true } : { secureInputs: false, secureOutputs: false };
  const vault = LEAK_VAULT;

  const actions: Record<string, Json> = {
    Get_secret: kvGetSecret('api-key', secure),
    Basic_call: http({ authentication: { type: 'Basic', username: c('flow: authentication.username'), password: c('flow: authentication.password (Basic)') } }),
    Aad_call: http({
      authentication: {
        type: 'ActiveDirectoryOAuth',
        authority: 'https://login.microsoftonline.com/',
        tenant: 'contoso.onmicrosoft.com',
        audience: 'https://graph.microsoft.com',
        clientId: '3f6c1a52-7f7e-4c2b-9a55-0d6a2a1f7c11',
        secret: c('flow: authentication.secret (ActiveDirectoryOAuth)'),
      },
    }),
    Cert_call: http({ authentication: { type: 'ClientCertificate', pfx: c('flow: authentication.pfx'), password: c('flow: authentication.password (ClientCertificate)') } }),
    Raw_call: http({ authentication: { type: 'Raw', value: `Bearer ${c('flow: authentication.value (Raw)')}` } }),
    Header_call: http({
      uri: `https://api.contoso.example/items?code=${c('flow: Http uri query ?code=', urlSafe)}&api-key=${c('flow: Http uri query &api-key= (raw)')}`,
      headers: {
        'x-api-key': c('flow: header x-api-key'),
        Authorization: `Bearer ${c('flow: header Authorization Bearer')}`,
        [`X-${name(0)}`]: c('flow: header with a random name'),
      },
    }),
    Token: http({
      method: 'POST',
      uri: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=abc&client_secret=${c('flow: form body client_secret=')}&scope=x`,
    }),
    Json_body: http({
      method: 'POST',
      body: { password: c('flow: JSON body password'), [name(1)]: c('flow: JSON body under a random key'), nested: { list: [c('flow: JSON body array item')] } },
    }),
    Vault_call: http({ uri: `https://${vault}.vault.azure.net/secrets/api/1?api-version=7.4` }),
    Init_token: initVariable('apiToken', 'String', c('flow: InitializeVariable apiToken value')),
    Init_any: initVariable(name(2), 'String', c('flow: InitializeVariable (random name) value')),
    Init_object: initVariable('settings', 'Object', { clientSecret: c('flow: InitializeVariable object clientSecret') }),
    Set_token: setVariable('apiToken', c('flow: SetVariable value'), { runAfter: { Init_token: ['Succeeded'] } }),
    Copy: compose("@body('Get_secret')?['value']"),
    Compose_literal: compose(c('flow: Compose literal')),
    Compose_connection: compose(`Server=tcp:db.contoso.example,1433;Initial Catalog=db;User ID=flow;Password=${c('flow: Compose connection string Password=')};`),
    Compose_pwd: compose(`Data Source=db;Pwd=${c('flow: Compose connection string Pwd=')}`),
    Compose_storage: compose(`DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${c('flow: Compose AccountKey=')};EndpointSuffix=core.windows.net`),
    Compose_pairs: compose(`user=svc&token=${c('flow: Compose name=value text')}&${name(3)}=${c('flow: Compose name=value text (random name)')}`),
    Compose_json_text: compose(`{"client_secret": "${jsonInner(c('flow: JSON text inside a string'))}"}`),
    Expr_concat: compose(`@concat('Bearer ', '${exprQuote(c("flow: expression string literal @concat('…')"))}')`),
    Expr_template: compose(`Key: @{concat('${exprQuote(c('flow: string literal inside @{…}'))}', body('Get_secret')?['value'])} and ${c('flow: text around @{…}')}`),
    Expr_unclosed: compose(`@{concat('${exprQuote(c('flow: literal in an unclosed expression'))}', body('Get_secret')?['value']}`),
    Expr_trailing_comma: compose(`@concat('${exprQuote(c('flow: literal before a dangling comma'))}', )`),
    Expr_unquoted: compose(`@{toUpper(${c('flow: unquoted expression token', tokenSafe)})}`),
    Expr_double_quoted: compose(`@concat("${c('flow: double-quoted expression literal', (v) => v.replace(/["\\]/g, "'"))}")`),
    Expr_deep: compose(`@${'concat('.repeat(300)}'${exprQuote(c('flow: literal in a too-deep expression'))}'${')'.repeat(300)}`),
    Loop: foreach('@createArray(1,2)', { Read_in_loop: kvGetSecret('loop-key', secure) }),
    Stop: terminate(`Failed: ${c('flow: Terminate message')} @{outputs('Copy')}`),
    Notify: connector('shared_office365', 'SendEmailV2', {
      'emailMessage/To': 'ops@contoso.example',
      'emailMessage/Subject': c('flow: connector parameter (e-mail subject)'),
      'emailMessage/Body': `<p>${c('flow: connector parameter (e-mail body HTML)')}</p>@{body('Get_secret')?['value']}`,
    }),
    Script: {
      type: 'JavaScriptCode',
      runAfter: {},
      inputs: {
        code: `const password = "${jsonInner(c('flow: JavaScriptCode string literal'))}";\nconst t = \`Bearer ${templateBody(c('flow: JavaScriptCode template literal'))}\`;\nreturn t;`,
      },
    },
    Described: compose('x', { description: `Why: ${lineSafe(c('flow: action description'))}` }),
    // A suppression reason is shown as written (it is the author's justification, like a name): the canary sits beside it.
    Accepted: compose("@body('Get_secret')?['value']", {
      description: `${lineSafe(c('flow: description beside a suppression'))}\nflowlint-disable secret-copied -- reviewed, the copy stays in this run`,
    }),
    Duplicate: compose('z'),
    // Shapes the analysis cannot read (not-analysed), with a value where an object should be.
    Not_an_action: c('flow: action that is a string'),
    Odd_scope: { type: 'Scope', runAfter: {}, actions: c('flow: Scope actions that is a string') },
    Odd_loop: { type: 'Foreach', runAfter: {}, foreach: c('flow: Foreach items literal'), actions: {} },
    Odd_inputs: { type: 'Http', runAfter: c('flow: runAfter that is a string'), inputs: c('flow: Http inputs that is a string') },
  };
  const definitionFlow = flow(actions, {
    connections: { shared_keyvault: 'cts_keyvault', shared_office365: 'cts_office365' },
    parameters: {
      'Client Secret (cts_ClientSecret)': { defaultValue: c('flow: env-var parameter defaultValue'), type: 'String', metadata: { schemaName: 'cts_ClientSecret' } },
      apiPassword: { defaultValue: c('flow: SecureString parameter defaultValue'), type: 'SecureString' },
      [name(4)]: { defaultValue: c('flow: parameter (random name) defaultValue'), type: 'String' },
    },
    triggers: {
      manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: { token: { type: 'string', default: c('flow: trigger schema default') } } } } },
    },
  }) as { properties: { definition: Record<string, Json>; description?: Json } };
  definitionFlow.properties.definition.description = c('flow: definition description');
  definitionFlow.properties.description = c('flow: properties description');

  const flowText = jsonText(definitionFlow)
    // Duplicate keys: the first value is hidden from JSON.parse but not from the file.
    .replace(
      /"type": "Compose",\n(\s*)"inputs": "z"/,
      (_whole, indent: string) =>
        `"type": "Compose",\n${indent}"password": "${jsonInner(c('flow: duplicate key (first, hidden) value'))}",\n${indent}"password": "@parameters('apiPassword')",\n${indent}"inputs": "z"`,
    )
    .replace(/"username": /, () => `"password": "${jsonInner(c('flow: duplicate authentication.password (hidden)'))}", "username": `);

  // A minified one-line flow, as some tools write it: --fix has something to fix on its only line.
  const miniFlow = JSON.stringify(
    flow(
      {
        Get_secret: kvGetSecret('k', secure),
        Call: http({ headers: { 'x-api-key': c('minified flow: header x-api-key') }, body: `@{body('Get_secret')?['value']}` }, secure),
        Note: compose(c('minified flow: Compose literal')),
      },
      { connections: { shared_keyvault: 'cts_keyvault' } },
    ),
  );

  const desktopScript = [
    "@@ConnectionString: ''",
    "IMPORT 'controlRepo.appmask' AS appmask",
    '@SENSITIVE: [Password]',
    `@INPUT Password : { 'Description': '${robinSingle(c('robin: @INPUT Description'))}', 'DefaultValue': '${robinSingle(c('robin: @INPUT DefaultValue (sensitive)'))}', 'Type': 'String' }`,
    `@INPUT ApiToken : { 'Description': 'Token', 'DefaultValue': '${robinSingle(c('robin: @INPUT DefaultValue (not sensitive)'))}', 'Type': 'String' }`,
    `@INPUT ConnStr : { 'DefaultValue': 'Server=db;Uid=sa;Pwd=${robinSingle(c("robin: Pwd= inside a '…' default"))};', 'Type': 'String' }`,
    `@OUTPUT Result : { 'Description': '${robinSingle(c('robin: @OUTPUT Description'))}', 'Type': 'String' }`,
    `SET ClientSecret TO $'''${c("robin: SET … TO $'''…'''", tripleSafe)}'''`,
    `SET Conn TO 'Data Source=x;Password=${robinSingle(c("robin: Password= inside a '…' literal"))};'`,
    `Web.InvokeWebService.InvokeWebService Url: $'''https://api.contoso.example/x?key=${c("robin: URL query in $'''…'''", tripleSafe)}''' Method: Web.Method.Get Password: $'''${c('robin: Password: parameter', tripleSafe)}''' Response=> R`,
    `DISABLE Web.InvokeWebService.InvokeWebService Url: $'''https://api.contoso.example/''' Password: '${robinSingle(c('robin: disabled action literal'))}' Response=> R2`,
    `# ${c('robin: comment')}`,
    `SET Settings TO $'''Server=db;`,
    `Password=${c("robin: Password= at the start of a line of a multi-line $'''…'''", tripleSafe)};`,
    `k=${c("robin: name=value before a Pwd= on a line of a multi-line $'''…'''", tripleSafe)};Pwd=${c("robin: Pwd= after a name=value in a multi-line $'''…'''", tripleSafe)};'''`,
    `Text.AppendLine Text: $'''name=${c("robin: name=value in $'''…'''", tripleSafe)}''' LineToAppend: '${robinSingle(c('robin: second literal on a line'))}' Result=> T`,
    // Lines the Robin reader cannot fully read.
    `@INPUT Odd : { 'DefaultValue': '${robinSingle(c('robin: value in a malformed @INPUT'))}', 'Type' 'String' }`,
    // Bare text where a value goes (no quotes) and a block comment: redacted by token kind.
    `Pwd=${c('robin: bare Pwd= text without quotes', tokenSafe)}`,
    `SET Pin TO ${c('robin: bare word after TO', tokenSafe)}`,
    `/# ${c('robin: /# block comment #/', (v) => v.replace(/#/g, 'q'))} #/`,
    `Action.Do Text: '${c('robin: unterminated literal at the end', (v) => v.replace(/['\\]/g, 'q'))}`,
  ].join('\r\n');
  const desktopId = desktopFlowId(0);

  const files: Record<string, string> = {
    ...solutionFiles({
      connectionReferences: ['cts_keyvault', 'cts_office365'],
      flows: {},
      desktopFlows: { 'Desktop login': desktopScript },
    }),
  };
  // Cloud flows listed in customizations.xml: the solutionFiles layout, with the texts written above.
  const customizations = customizationsXml(
    ['cts_keyvault', 'cts_office365'],
    [
      { name: 'Main', id: FLOW_GUID, file: `Main-${FLOW_GUID}.json` },
      { name: 'Mini', id: MINI_GUID, file: `Mini-${MINI_GUID}.json` },
    ],
    [{ name: 'Desktop login', id: desktopId, script: desktopScript }],
  );
  files['Other/Customizations.xml'] = customizations.replace(
    '</ImportExportXml>',
    () =>
      `  <Notes kind="${xmlEscape(c('xml: attribute value'))}" password="${xmlEscape(c('xml: attribute named password'))}">Server=db;Uid=sa;Pwd=${xmlEscape(c('xml: Pwd= in text'))};</Notes>\n` +
      `  <Setting name="ApiKey" value="Password=${xmlEscape(c('xml: Password= in an attribute'))}">${xmlEscape(c('xml: element text'))}</Setting>\n` +
      `  <ConnectionString>\nServer=db;User ID=sa;\nPassword=${xmlEscape(c('xml: Password= at the start of a text line'))};\nk=${xmlEscape(c('xml: name=value text before a Pwd= on its line'))};Pwd=${xmlEscape(c('xml: Pwd= after a name=value on its line'))};\n  </ConnectionString>\n` +
      `  <!-- ${c('xml: comment', (v) => v.replace(/-/g, '_'))} -->\n` +
      `  <Script><![CDATA[${c('xml: CDATA', (v) => v.replace(/]/g, ')'))}]]></Script>\n</ImportExportXml>\n`,
  );
  files['Other/Solution.xml'] = files['Other/Solution.xml'].replace(
    '    <Version>',
    () => `    <Descriptions>\n      <Description description="${xmlEscape(c('xml: solution description attribute'))}" languagecode="1033" />\n    </Descriptions>\n    <Version>`,
  );
  files[`Workflows/Main-${FLOW_GUID}.json`] = flowText;
  files[`Workflows/Mini-${MINI_GUID}.json`] = miniFlow;
  // The desktop flow's stub (2024 exports): the script itself is in customizations.xml.
  files[`Workflows/Desktoplogin-${desktopId.toUpperCase()}.json`] = jsonText({
    properties: {
      definition: { package: '' },
      inputs: { schema: { type: 'object', properties: { Password: { type: 'string', default: c('desktop stub: inputs schema default') } } } },
      outputs: {},
    },
    schemaversion: 'ROBIN_202208_DVRS',
  });

  const envVars: Record<string, string> = {
    ...envVarFiles('cts_ApiSecret', { type: 'Secret', defaultValue: c('env-var XML: Secret defaultvalue'), value: c('env-var value JSON: Secret value') }),
    ...envVarFiles('cts_ClientSecret', { type: 'String', defaultValue: c('env-var XML: String defaultvalue'), value: c('env-var value JSON: String value') }),
    ...envVarFiles('cts_ConnString', { type: 'String', defaultValue: `Server=db;User ID=sa;Password=${c('env-var XML: Password= in defaultvalue')};` }),
    ...envVarFiles('cts_Multiline', {
      type: 'String',
      defaultValue: `Server=db;\nPwd=${c('env-var XML: Pwd= at the start of a line of defaultvalue')};\nk=${c('env-var XML: name=value before a Password= on a line')};Password=${c('env-var XML: Password= after a name=value on a line')};`,
    }),
    ...envVarFiles('cts_KeyVaultName', { type: 'String', defaultValue: c('env-var XML: vault name defaultvalue (a key in its place)', keyInVaultPlace) }),
    ...envVarFiles('cts_OddStore', { type: 'Secret', defaultValue: c('env-var XML: Secret defaultvalue (odd secretstore)') }),
  };
  const oddStore = 'environmentvariabledefinitions/cts_OddStore/environmentvariabledefinition.xml';
  envVars[oddStore] = envVars[oddStore]
    .replace(/<secretstore>\d+<\/secretstore>/, () => `<secretstore>${xmlEscape(c('env-var XML: secretstore value'))}</secretstore>`)
    .replace(/<type>\d+<\/type>/, () => `<type>100000005</type>\n  <valueschema>${xmlEscape(c('env-var XML: valueschema'))}</valueschema>`);
  for (const [path, text] of Object.entries(envVars)) {
    files[path] = path.endsWith('.xml')
      ? text.replace(
          '  <introducedversion>',
          () =>
            `  <description default="${xmlEscape(c('env-var XML: description attribute'))}">${xmlEscape(c('env-var XML: description text'))}</description>\n  <introducedversion>`,
        )
      : text;
  }
  files['OfficeScripts/Book.osts'] = jsonText({
    version: '0.3.0',
    body: `function main(workbook: ExcelScript.Workbook) {\n  const apiKey = "${jsonInner(c('.osts: string literal'))}";\n  const auth = \`Bearer ${templateBody(c('.osts: template literal'))}\`;\n  let settings = { clientSecret: '${c('.osts: object property literal', singleQuoteSafe)}' };\n}\n`,
    description: c('.osts: description'),
  });

  // Malformed inputs with a value right next to the error, inside the solution and loose.
  const broken = brokenJson(c);
  files[`Workflows/Broken-${BROKEN_GUID}.json`] = broken[0];
  files['environmentvariabledefinitions/cts_Broken/environmentvariabledefinition.xml'] =
    `<environmentvariabledefinition schemaname="cts_Broken">\n  <defaultvalue>${xmlEscape(c('malformed XML: text before a mismatched tag'))}</defaultvalu>\n  <type>100000000</type>\n</environmentvariabledefinition>\n`;

  const solution: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) solution[`solution/${path}`] = text;

  const vaultRef = (env: string): string => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-${env}/providers/Microsoft.KeyVault/vaults/${vault}/secrets/api`;
  const settings = (env: string): string =>
    jsonText({
      EnvironmentVariables: [
        { SchemaName: 'cts_ClientSecret', Value: c(`deployment settings (${env}): Value`) },
        { SchemaName: 'cts_Odd', Value: { nested: c(`deployment settings (${env}): Value that is an object`) } },
        { SchemaName: 'cts_ApiSecret', Value: vaultRef(env) },
        { SchemaName: 'cts_ConnString', Value: `Server=db;Password=${c(`deployment settings (${env}): Password= in Value`)};` },
      ],
      ConnectionReferences: [
        { LogicalName: 'cts_keyvault', ConnectionId: c(`deployment settings (${env}): ConnectionId`), ConnectorId: '/providers/Microsoft.PowerApps/apis/shared_keyvault' },
      ],
    });
  // A legacy package (My flows -> Export -> Package), unpacked.
  const legacyGuid = 'ffff0000-1111-2222-3333-000000000001';
  const legacy: Record<string, string> = {
    'package/manifest.json': jsonText({
      schema: '1.0',
      details: { displayName: 'Legacy flow', description: c('legacy manifest: description'), creator: c('legacy manifest: creator') },
      resources: { [legacyGuid]: { type: 'Microsoft.PowerApps/apis/connections', details: { displayName: c('legacy manifest: connection displayName') } } },
    }),
    'package/Microsoft.Flow/flows/manifest.json': jsonText({ packageSchemaVersion: '1.0', flowAssets: { assetPaths: [legacyGuid] } }),
    [`package/Microsoft.Flow/flows/${legacyGuid}/definition.json`]: jsonText({
      name: legacyGuid,
      id: `/providers/Microsoft.Flow/flows/${legacyGuid}`,
      type: 'Microsoft.Flow/flows',
      properties: {
        displayName: 'Legacy flow',
        definition: (
          flow({ Call: http({ headers: { 'x-api-key': c('legacy definition: header x-api-key') } }), Note: compose(c('legacy definition: Compose literal')) }) as {
            properties: { definition: Json };
          }
        ).properties.definition,
        connectionReferences: {},
      },
    }),
  };
  const loose: Record<string, string> = {
    ...legacy,
    // A bare flow definition given on its own.
    'loose/definition.json': jsonText(
      (
        flow({ Call: http({ authentication: { type: 'Basic', username: 'svc', password: c('bare definition: authentication.password') } }) }) as {
          properties: { definition: Json };
        }
      ).properties.definition,
    ),
    // Configuration and baseline files with a value where a check stops (each named with --config / --baseline).
    'config/invalid-json.json': `{\n  "failOn": "${jsonInner(c('config: value before a missing comma'))}" "rules": {}\n}\n`,
    'config/schema.json': jsonText({
      failOn: c('config: failOn value'),
      maxWarnings: c('config: maxWarnings value'),
      rules: { 'hardcoded-secret': c('config: rule level value'), 'secret-exposed': [c('config: rule level in [level, options]'), {}] },
      environments: { prod: [7] },
    }),
    'config/custom-path.json': jsonText({
      customRules: [{ id: 'contoso/x', message: 'm', path: `$.@${c('config: customRules path', (v) => v.replace(/[()?@$]/g, 'x'))}`, check: 'absent' }],
    }),
    'config/custom-pattern.json': jsonText({
      customRules: [
        { id: 'contoso/y', message: 'm', path: '$.inputs', check: 'pattern', value: `(${c('config: customRules pattern value', (v) => v.replace(/[()[\]\\]/g, 'x'))}` },
      ],
    }),
    'config/baseline-invalid.json': `{"version": 1, "entries": [{"ruleId": "hardcoded-secret", "file": "${jsonInner(c('baseline: value before a syntax error'))}" "pointer": ""}]}\n`,
    'config/baseline-entries.json': jsonText({
      version: 1,
      entries: [{ ruleId: 'hardcoded-secret', file: 'x.json', pointer: '', valueHash: c('baseline: valueHash') }, { note: c('baseline: value in an invalid entry') }],
    }),
    'settings/deploymentSettings.dev.json': settings('dev'),
    'settings/deploymentSettings.prod.json': settings('prod'),
    'scripts/login.ts': `const password: string = "${jsonInner(c('.ts: string literal'))}";\nconst token = \`${templateBody(c('.ts: template literal'))}\`;\nconst header = \`Bearer \${token}${templateBody(c('.ts: template literal after ${…}'))}\`;\nconst conn = "Server=db;Password=${jsonInner(c('.ts: Password= in a string'))};";\nfetch('https://api.contoso.example', { headers: { Authorization: 'Bearer ${c('.ts: header literal', singleQuoteSafe)}' } });\n// ${c('.ts: comment')}\nlet apiKey;\napiKey=\`${templateBody(c('.ts: template literal at the start of a line'))}\`;\nconst body = \`grant_type=client_credentials\nclient_secret=${templateBody(c('.ts: client_secret= on a line of a multi-line template literal'))}\nk=${templateBody(c('.ts: name=value before a password= in a template literal'))}&password=${templateBody(c('.ts: password= after a name=value in a template literal'))}\n\`;\n`,
    'scripts/login.js': `const apiKey = '${c('.js: string literal', singleQuoteSafe)}';\nconst secret = \`${templateBody(c('.js: template literal'))}\`;\nmodule.exports = { clientSecret: "${jsonInner(c('.js: object property literal'))}" };\nvar token;token=\`${templateBody(c('.js: minified template literal'))}\`;password='${c('.js: minified string literal', singleQuoteSafe)}';\n`,
    'scripts/broken.ts': `const password = "${jsonInner(c('malformed .ts: literal before a syntax error'))}";\nfunction (\n`,
    ...Object.fromEntries(broken.slice(1).map((text, i) => [`loose/broken-${i + 1}.json`, text])),
  };
  return { files: { ...solution, ...loose }, loose: Object.keys(loose) };
}

/** Malformed JSON, each with a canary next to (or around) the place the parser stops. */
function brokenJson(c: (position: string, sanitize?: (v: string) => string) => string): string[] {
  const wrap = (inner: string): string => `{\n  "properties": {\n    "definition": {\n      "actions": {\n        "A": { "type": "Compose", ${inner} }\n      }\n    }\n  }\n}\n`;
  return [
    wrap(`"inputs": "${jsonInner(c('malformed JSON (solution): value before a missing comma'))}" "runAfter": {}`),
    wrap(`"inputs": "${jsonInner(c('malformed JSON: value before a missing comma'))}" "runAfter": {}`),
    `{"password": "${jsonInner(c('malformed JSON: unterminated string at the end'))}`,
    wrap(`"inputs": "${jsonInner(c('malformed JSON: before a bad escape'))}\\q${jsonInner(c('malformed JSON: after a bad escape'))}"`),
    wrap(`"inputs": "${jsonInner(c('malformed JSON: before a raw control character'))}\u0001${jsonInner(c('malformed JSON: after a raw control character'))}"`),
    `{"password": "${jsonInner(c('malformed JSON: value before trailing text'))}"} ${c('malformed JSON: trailing text')}`,
    wrap(`"inputs": ${c('malformed JSON: unquoted value', (v) => v.replace(/[^A-Za-z0-9]/g, 'x'))}`),
    wrap(`"inputs": "${jsonInner(c('malformed JSON: value before a trailing comma'))}",`),
  ];
}

// ---------------------------------------------------------------------------------------------
// Scanning

/** True when `text` holds the planted value in one of the forms a file format writes it in. */
export function holds(text: string, planted: Planted): boolean {
  return encodedForms(planted.value).some((form) => text.includes(form));
}

/** Length of a canary piece that counts as a leak. */
export const FRAGMENT = 8;
/** Random characters a piece must hold (the rest may belong to a fixed prefix such as `sk_live_`). */
const MIN_RANDOM = 4;

export interface Leak {
  readonly output: string;
  readonly position: string;
  readonly fragment: string;
  /** The output around the fragment. */
  readonly context: string;
}

/**
 * Every 8-character piece of every planted value (pieces mostly inside a fixed prefix such as
 * `sk_live_` excluded). Escaped forms are not indexed — their escape sequences would match any escaped
 * output; the outputs are decoded instead (findLeaks).
 */
export function fragmentIndex(planted: readonly Planted[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const p of planted) {
    for (let i = 0; i + FRAGMENT <= p.value.length; i++) {
      if (i + FRAGMENT - p.fixedPrefix < MIN_RANDOM) continue;
      const piece = p.value.slice(i, i + FRAGMENT);
      const positions = index.get(piece);
      if (!positions) index.set(piece, [p.position]);
      else if (!positions.includes(p.position)) positions.push(p.position);
    }
  }
  return index;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** JSON string escapes, and a backslash before anything else (JavaScript, Robin) dropped. */
function decodeBackslashes(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_whole, body: string) => {
    if (body.length === 5) return String.fromCharCode(parseInt(body.slice(1), 16));
    return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[body] ?? body;
  });
}

/** GitHub workflow-command escapes (`%25`, `%0A`, `%3A`, `%2C`). */
function decodePercent(text: string): string {
  return text.replace(/%(25|0A|0D|3A|2C)/gi, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const DECODERS = [decodeEntities, decodeBackslashes, decodePercent, (s: string): string => s.replace(/''/g, "'")];

/**
 * An output's text as written and with up to three layers of escapes undone (an input's own
 * escapes — JSON, XML, WDL, Robin, JavaScript — under the report format's — JSON, HTML, XML, GitHub).
 */
function views(text: string): string[] {
  const all = new Set([text]);
  let frontier = [text];
  for (let depth = 0; depth < 3; depth++) {
    const next: string[] = [];
    for (const view of frontier) {
      for (const decode of DECODERS) {
        const decoded = decode(view);
        if (!all.has(decoded)) {
          all.add(decoded);
          next.push(decoded);
        }
      }
    }
    frontier = next;
  }
  return [...all];
}

/** The leaks in one output: its text as written, and with its format's escapes undone. */
export function findLeaks(output: string, text: string, index: Map<string, string[]>): Leak[] {
  const found = new Map<string, Leak>();
  for (const view of views(text)) {
    for (let i = 0; i + FRAGMENT <= view.length; i++) {
      const positions = index.get(view.slice(i, i + FRAGMENT));
      if (!positions) continue;
      for (const position of positions) {
        if (found.has(position)) continue;
        const context = view.slice(Math.max(0, view.lastIndexOf('\n', i) + 1, i - 60), Math.min(view.length, i + FRAGMENT + 60)).replace(/\n/g, '⏎');
        found.set(position, { output, position, fragment: view.slice(i, i + FRAGMENT), context });
      }
    }
  }
  return [...found.values()];
}
