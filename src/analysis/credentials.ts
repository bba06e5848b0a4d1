/**
 * Named selectors for the places in a flow where a credential belongs (docs/formats.md §3.3, §3.5):
 * HTTP `authentication` fields, credential headers, credential query/body/form parameters, the
 * body of token requests, userinfo in URIs, variables and Compose values named like a secret,
 * connector parameters named like a credential, and definition parameters named like a secret.
 * `hardcoded-secret` judges the literal values found here; `secret-not-in-key-vault` follows the
 * parameters these places reference.
 */
import { isRecord } from '../model/json-helpers.js';
import { listReferences, parseTemplate, referenceFunction, scanReferences, templateExpressions, type Expr, type PathSegment, type Template } from '../expr/index.js';
import type { Flow, FlowParameter, Operation, SourceDocument } from '../model/types.js';
import { indexStringLeaves, leafPath } from '../model/leaves.js';
import { documentLeaves } from './leaves.js';
import { oncePer } from '../once.js';
import { isSecureParameterType, isTokenRequestShape } from './platform.js';
import { OperationKind, requestsIn, type HttpRequest, type VariableAction } from '../model/operations.js';
import { credentialParameterStrength, isCredentialHeader, isSecretName, type CredentialParameterStrength } from './detectors/secret-names.js';
import { constantText } from './detectors/literals.js';
import { isApiKeyUsername } from './detectors/values.js';
import { asName, names, type Name } from '../redact.js';
import { joinPointer, type JsonPointer } from '../parse/pointer.js';

export { credentialParameterStrength, isCredentialHeader, isSecretName, nameWords } from './detectors/secret-names.js';

export type CredentialFieldKind = 'authentication' | 'header' | 'query' | 'body' | 'token-request' | 'url' | 'variable' | 'compose' | 'connector-parameter' | 'parameter';

/**
 * `slot`: the place holds a credential whatever it is called (authentication password, an
 * `Authorization` header, `client_secret=`); `named`: a place named like a secret (variable,
 * Compose key, parameter); `ambiguous`: names such as `code`, `key`, `sig` that hold a credential
 * only when the value looks random.
 */
export type CredentialStrength = CredentialParameterStrength;

export interface CredentialField {
  readonly kind: CredentialFieldKind;
  /** The auth field, header, parameter, key or variable name. */
  readonly name: string;
  /** Pointer of the JSON string that holds the value (for URI/form parameters: the whole string). */
  readonly pointer: JsonPointer;
  readonly strength: CredentialStrength;
  /** The value as written: template text, or a slice of a URI/form string. */
  readonly text: string;
  /** True when `text` is an Authorization-style value whose scheme (`Bearer `) is not secret. */
  readonly authorizationScheme: boolean;
  /** Where, for messages: "authentication 'password'", "header 'x-api-key'". */
  readonly label: Name;
}

const AUTH_SECRET_FIELDS = new Map([
  ['password', 'password'],
  ['secret', 'secret'],
  ['pfx', 'pfx'],
  ['value', 'value'],
]);

const AUTHORIZATION_HEADERS = new Set(['authorization', 'proxy-authorization']);

function lowerKeyed(record: Record<string, unknown>, name: string): [string, unknown] | undefined {
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === name) return [key, value];
  return undefined;
}

/** The HTTP-shaped requests an operation holds (its inputs, webhook subscriptions, Entra HTTP parameters). */
function requestParts(operation: Operation): readonly HttpRequest[] {
  const view = operation.view;
  if (view.kind === OperationKind.Http || view.kind === OperationKind.HttpEntra || view.kind === OperationKind.WebContents) return view.requests;
  return requestsIn(operation.inputs, joinPointer(operation.location.pointer, 'inputs'));
}

/** A POST to an OAuth token endpoint, or a body that carries `grant_type=`. */
export function isTokenRequest(operation: Operation): boolean {
  return requestParts(operation).some((part) => isTokenRequestPart(part));
}

function isTokenRequestPart(part: HttpRequest): boolean {
  return isTokenRequestShape(part.uri?.value, part.method?.value, part.body?.value);
}

/**
 * Splits `a=b&c=d` style text with expression segments masked (see `maskedSpans`) into pairs,
 * giving each value as the raw slice of the original string.
 */
function pairsOf(raw: string, mask: string, from: number, separator: { readonly entity?: boolean; readonly spaces?: boolean }): { name: string; value: string }[] {
  // Separators are found with indexOf, not a pattern: `\s*&\s*` tried at every character of a
  // long run of spaces rescans the rest of the run (quadratic).
  const bounds: [number, number][] = [];
  let start = from;
  for (let at = mask.indexOf('&', from); at >= 0; at = mask.indexOf('&', start)) {
    let end = at;
    let next = at + 1;
    // `&amp;` in a URL copied from HTML or XML.
    if (separator.entity && mask.startsWith('amp;', next)) next += 4;
    if (separator.spaces) {
      while (end > start && isSpace(mask[end - 1])) end--;
      while (next < mask.length && isSpace(mask[next])) next++;
    }
    bounds.push([start, end]);
    start = next;
  }
  bounds.push([start, mask.length]);
  const out: { name: string; value: string }[] = [];
  for (const [begin, end] of bounds) {
    const piece = mask.slice(begin, end);
    const equals = piece.indexOf('=');
    if (equals <= 0) continue;
    const name = piece.slice(0, equals).trim();
    if (!name.includes('\u0000')) out.push({ name: safeDecode(name), value: raw.slice(begin + equals + 1, end) });
  }
  return out;
}

const SPACE = /\s/;

function isSpace(character: string | undefined): boolean {
  return character !== undefined && SPACE.test(character);
}

/** `value.replace(/#.*$/, '')` in linear time: the first `#` on the last line and what follows it. */
function withoutFragment(value: string): string {
  let lastBreak = -1;
  for (const lineBreak of ['\n', '\r', '\u2028', '\u2029']) lastBreak = Math.max(lastBreak, value.lastIndexOf(lineBreak));
  const hash = value.indexOf('#', lastBreak + 1);
  return hash < 0 ? value : value.slice(0, hash);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The raw string with every `@{...}` segment replaced by NUL characters of the same length, so
 * offsets in the mask are offsets in the raw string. Undefined for whole expressions.
 */
function maskedSpans(raw: string): string | undefined {
  const parsed = parseTemplate(raw);
  if (!parsed.ok) return undefined;
  const { template } = parsed;
  if (template.kind === 'literal') return template.escaped ? undefined : raw;
  if (template.kind === 'expression') return undefined;
  let mask = raw;
  for (const part of template.parts) {
    if (part.kind === 'segment') mask = mask.slice(0, part.start) + '\u0000'.repeat(part.end - part.start) + mask.slice(part.end);
  }
  return mask;
}

function uriFields(uri: { pointer: JsonPointer; value: unknown }, kind: CredentialFieldKind): CredentialField[] {
  if (typeof uri.value !== 'string') return [];
  const raw = uri.value;
  const mask = maskedSpans(raw);
  if (mask === undefined) return [];
  const out: CredentialField[] = [];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s:]+):([^/@\s]+)@/i.exec(mask);
  if (userinfo) {
    const start = userinfo[0].indexOf(':', userinfo[0].indexOf('//') + 2) + 1;
    out.push({
      kind: 'url',
      name: 'password',
      pointer: uri.pointer,
      strength: 'slot',
      text: raw.slice(start, start + userinfo[2].length),
      authorizationScheme: false,
      label: asName('URI password'),
    });
  }
  const question = mask.indexOf('?');
  if (question >= 0) {
    for (const pair of pairsOf(raw, mask, question + 1, { entity: true })) {
      const strength = credentialParameterStrength(pair.name);
      if (strength)
        out.push({
          kind,
          name: pair.name,
          pointer: uri.pointer,
          strength,
          text: withoutFragment(pair.value),
          authorizationScheme: false,
          label: asName(`URI query parameter '${pair.name}'`),
        });
    }
  }
  return out;
}

function bodyFields(body: { pointer: JsonPointer; value: unknown }, kind: CredentialFieldKind, document: SourceDocument): CredentialField[] {
  const out: CredentialField[] = [];
  const { value } = body;
  if (typeof value === 'string') {
    const mask = maskedSpans(value);
    if (mask === undefined) return out;
    const trimmed = mask.trim();
    // `a=b&c=d`, possibly with line breaks after the `&` (designer-formatted form bodies). The
    // spaces around each `&` go by splitting: a pattern would rescan long runs of spaces.
    const collapsed = trimmed
      .split('&')
      .map((part) => part.trim())
      .join('&');
    if (/^[^\s=&{}[\]"]+=[^\s]*$/.test(collapsed)) {
      for (const pair of pairsOf(value, mask, 0, { spaces: true })) {
        const strength = credentialParameterStrength(pair.name);
        if (strength)
          out.push({ kind, name: pair.name, pointer: body.pointer, strength, text: pair.value, authorizationScheme: false, label: asName(`form parameter '${pair.name}'`) });
      }
    } else if (trimmed.startsWith('{') && mask === value) {
      try {
        objectFields(JSON.parse(value), body.pointer, kind, out, undefined);
      } catch {
        // Not JSON: free text, scanned for known formats only.
      }
    }
    return out;
  }
  objectFields(value, body.pointer, kind, out, document);
  return out;
}

/** Objects nested deeper than this below a body are not searched for credential keys. */
const MAX_FIELD_DEPTH = 32;

/**
 * Keys of a body-like object, any depth, whose names mark a credential: the string leaves below it
 * that sit directly under an object key. `document` holds the value (its leaf index is used and
 * each field gets its own pointer); without it (JSON parsed from a string) every field gets `pointer`.
 */
function objectFields(value: unknown, pointer: JsonPointer, kind: CredentialFieldKind, out: CredentialField[], document: SourceDocument | undefined): void {
  if (value === null || typeof value !== 'object') return;
  // In a document, the index holds every string under a credential-named key; a value with none of them has no container there.
  const index = document ? documentLeaves(document) : indexStringLeaves(value);
  const container = index.containerOf(value);
  const leaves = container ? index.leaves.slice(container.firstLeaf, container.endLeaf) : [];
  for (const leaf of leaves) {
    const key = leaf.segment;
    if (typeof key !== 'string') continue;
    const found = credentialParameterStrength(key);
    // `code`, `key` and `signature` mean many things in JSON bodies (a signature is often an HMAC or
    // digest); only query/form use counts, in Compose values and parameter defaults as anywhere.
    if (!found || found === 'ambiguous') continue;
    // Compose values and parameter defaults are data: judged by name, not as credential slots.
    const strength = kind === 'compose' || kind === 'parameter' ? 'named' : found;
    const path = leafPath(leaf, value);
    if (!path || path.length > MAX_FIELD_DEPTH + 1) continue;
    const at = document ? joinPointer(pointer, ...path) : pointer;
    out.push({ kind, name: key, pointer: at, strength, text: leaf.value, authorizationScheme: false, label: asName(`${kind === 'compose' ? 'key' : 'body field'} '${key}'`) });
  }
}

function headerFields(headers: { pointer: JsonPointer; value: unknown }): CredentialField[] {
  if (!isRecord(headers.value)) return [];
  const out: CredentialField[] = [];
  for (const [name, value] of Object.entries(headers.value)) {
    if (typeof value !== 'string' || !isCredentialHeader(name)) continue;
    out.push({
      kind: 'header',
      name,
      pointer: joinPointer(headers.pointer, name),
      strength: 'slot',
      text: value,
      authorizationScheme: AUTHORIZATION_HEADERS.has(name.toLowerCase()),
      label: asName(`header '${name}'`),
    });
  }
  return out;
}

function queryFields(queries: { pointer: JsonPointer; value: unknown }): CredentialField[] {
  if (!isRecord(queries.value)) return [];
  const out: CredentialField[] = [];
  for (const [name, value] of Object.entries(queries.value)) {
    if (typeof value !== 'string') continue;
    const strength = credentialParameterStrength(name);
    if (strength)
      out.push({ kind: 'query', name, pointer: joinPointer(queries.pointer, name), strength, text: value, authorizationScheme: false, label: asName(`query parameter '${name}'`) });
  }
  return out;
}

function authenticationFields(authentication: { pointer: JsonPointer; value: unknown }): CredentialField[] {
  if (!isRecord(authentication.value)) return [];
  const out: CredentialField[] = [];
  const type = typeof authentication.value.type === 'string' ? authentication.value.type.toLowerCase() : '';
  if (type === 'managedserviceidentity') return out;
  for (const [field, canonical] of AUTH_SECRET_FIELDS) {
    const entry = lowerKeyed(authentication.value, field);
    if (!entry || typeof entry[1] !== 'string') continue;
    out.push({
      kind: 'authentication',
      name: canonical,
      pointer: joinPointer(authentication.pointer, entry[0]),
      strength: 'slot',
      text: entry[1],
      authorizationScheme: canonical === 'value',
      label: asName(`authentication '${entry[0]}'`),
    });
  }
  // An API key sent as the Basic user name with no real password: the user name is the credential.
  if (type === 'basic') {
    const user = lowerKeyed(authentication.value, 'username');
    const password = lowerKeyed(authentication.value, 'password');
    const userText = user && typeof user[1] === 'string' ? constantText(user[1]) : undefined;
    const passwordText = password === undefined ? '' : typeof password[1] === 'string' ? constantText(password[1]) : undefined;
    if (user && typeof user[1] === 'string' && userText !== undefined && passwordText !== undefined && isApiKeyUsername(userText, passwordText)) {
      out.push({
        kind: 'authentication',
        name: 'username',
        pointer: joinPointer(authentication.pointer, user[0]),
        strength: 'slot',
        text: user[1],
        authorizationScheme: false,
        label: asName(`authentication '${user[0]}'`),
      });
    }
  }
  return out;
}

function requestFields(part: HttpRequest, document: SourceDocument): CredentialField[] {
  const out: CredentialField[] = [];
  const token = isTokenRequestPart(part);
  if (part.authentication) out.push(...authenticationFields(part.authentication));
  if (part.headers) out.push(...headerFields(part.headers));
  if (part.queries) out.push(...queryFields(part.queries));
  if (part.uri) out.push(...uriFields(part.uri, 'query'));
  if (part.body) out.push(...bodyFields(part.body, token ? 'token-request' : 'body', document));
  return out;
}

function connectorParameterFields(operation: Operation): CredentialField[] {
  const inputs = operation.inputs;
  if (!isRecord(inputs) || !isRecord(inputs.parameters) || !operation.type.toLowerCase().startsWith('openapiconnection')) return [];
  const base = joinPointer(operation.location.pointer, 'inputs', 'parameters');
  const out: CredentialField[] = [];
  for (const [key, value] of Object.entries(inputs.parameters)) {
    if (key.startsWith('request/')) continue; // handled as a request part
    const leaf = key.slice(key.lastIndexOf('/') + 1);
    const pointer = joinPointer(base, key);
    if (typeof value === 'string') {
      const strength = isCredentialHeader(leaf) ? 'slot' : credentialParameterStrength(leaf);
      if (strength && strength !== 'ambiguous') {
        out.push({
          kind: 'connector-parameter',
          name: key,
          pointer,
          strength,
          text: value,
          authorizationScheme: AUTHORIZATION_HEADERS.has(leaf.toLowerCase()),
          label: asName(`parameter '${key}'`),
        });
      }
    } else {
      objectFields(value, pointer, 'connector-parameter', out, operation.flow.document);
    }
  }
  return out;
}

/** Variable actions whose value is text a credential can be written in. */
const VARIABLES_WITH_TEXT: ReadonlySet<VariableAction> = new Set(['initialize', 'set', 'append-to-string']);

function variableFields(operation: Operation): CredentialField[] {
  const view = operation.view;
  if (view.kind !== OperationKind.Variable || !VARIABLES_WITH_TEXT.has(view.action)) return [];
  const out: CredentialField[] = [];
  for (const { name, value } of view.entries) {
    if (!value || typeof value.value !== 'string' || !isSecretName(name)) continue;
    out.push({ kind: 'variable', name, pointer: value.pointer, strength: 'named', text: value.value, authorizationScheme: false, label: names`variable '${name}'` });
  }
  return out;
}

function composeFields(operation: Operation): CredentialField[] {
  if (operation.view.kind !== OperationKind.DataOperation || operation.view.operation !== 'compose') return [];
  const pointer = joinPointer(operation.location.pointer, 'inputs');
  const inputs = operation.inputs;
  if (typeof inputs === 'string') {
    return isSecretName(operation.name)
      ? [{ kind: 'compose', name: operation.name, pointer, strength: 'named', text: inputs, authorizationScheme: false, label: asName(`Compose value`) }]
      : [];
  }
  const out: CredentialField[] = [];
  objectFields(inputs, pointer, 'compose', out, operation.flow.document);
  return out;
}

/**
 * Every place in one action or trigger where a credential belongs, with the value written there.
 * Only string values are listed; whether a value is literal is for the caller to decide. Several
 * rules ask for the same operations' fields, so each list is worked out once and shared between
 * callers: do not change it.
 */
export const credentialFields: (operation: Operation) => CredentialField[] = oncePer(findCredentialFields);

function findCredentialFields(operation: Operation): CredentialField[] {
  const out: CredentialField[] = [];
  for (const part of requestParts(operation)) out.push(...requestFields(part, operation.flow.document));
  out.push(...connectorParameterFields(operation), ...variableFields(operation), ...composeFields(operation));
  // One place may be reached twice (an InvokeHttp body walked as a connector parameter too).
  const seen = new Set<string>();
  return out.filter((field) => {
    const key = `${field.pointer}\u0000${field.name}\u0000${field.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reserved definition parameters that never hold a user secret. */
const RESERVED_PARAMETERS = new Set(['$connections', '$authentication', '$connection']);

export { isSecureParameterType } from './platform.js';

export interface ParameterDefault {
  readonly parameter: FlowParameter;
  readonly pointer: JsonPointer;
  readonly text: string;
  /** `slot` for a SecureString default (it is a secret by declaration), `named` otherwise. */
  readonly strength: CredentialStrength;
  readonly label: Name;
}

/**
 * Literal-looking defaults of definition parameters that hold a secret: a `SecureString` default,
 * or the default of a parameter (env-var parameters included) named like a secret.
 */
export function secretParameterDefaults(flow: Flow): ParameterDefault[] {
  const out: ParameterDefault[] = [];
  for (const parameter of flow.parameters) {
    if (RESERVED_PARAMETERS.has(parameter.name.toLowerCase())) continue;
    const pointer = joinPointer(parameter.location.pointer, 'defaultValue');
    const secure = isSecureParameterType(parameter.type);
    const named = isSecretName(parameter.name) || (parameter.schemaName !== undefined && isSecretName(parameter.schemaName));
    const value = parameter.defaultValue;
    if (typeof value === 'string') {
      if (secure || named) out.push({ parameter, pointer, text: value, strength: secure ? 'slot' : 'named', label: asName(`default value of parameter '${parameter.name}'`) });
    } else if (isRecord(value)) {
      const fields: CredentialField[] = [];
      objectFields(value, pointer, 'parameter', fields, flow.document);
      for (const field of fields)
        out.push({
          parameter,
          pointer: field.pointer,
          text: field.text,
          strength: field.strength,
          label: asName(`key '${field.name}' of the default of parameter '${parameter.name}'`),
        });
    }
  }
  return out;
}

export interface ParameterCredentialUse {
  readonly parameter: FlowParameter;
  readonly operation: Operation;
  readonly field: CredentialField;
  /** The credential place holds nothing but this parameter (`@parameters('p')`, `Bearer @{parameters('p')}`). */
  readonly whole: boolean;
  /** Literal accessors after the reference (`parameters('cfg')?['clientSecret']` -> ['clientSecret']). */
  readonly path: readonly PathSegment[];
}

/**
 * Definition parameters (env-var parameters included) that credential places read, one entry per
 * place and parameter. A parameter is used as a credential when it fills the place alone, or
 * when its name (or the key read from it) is a secret name.
 */
/** Parameters (env-var parameters included) used as credentials, once per flow per run (shared list: do not change it). */
export const parameterCredentialUses: (flow: Flow) => ParameterCredentialUse[] = oncePer(findParameterCredentialUses);

function findParameterCredentialUses(flow: Flow): ParameterCredentialUse[] {
  const byName = new Map(flow.parameters.map((p) => [p.name, p]));
  const out: ParameterCredentialUse[] = [];
  for (const operation of [...flow.triggers, ...flow.actions]) {
    for (const field of credentialFields(operation)) {
      if (field.strength === 'ambiguous' || !field.text.includes('@')) continue;
      const parsed = parseTemplate(field.text);
      if (parsed.ok && parsed.template.kind === 'literal') continue;
      // A value that does not parse still names its parameters (fails closed, as the taint does).
      const found = parsed.ok ? listReferences(parsed.template) : scanReferences(field.text);
      const references = found.filter((r) => r.kind === 'parameter' && r.name !== undefined);
      if (references.length === 0) continue;
      const whole = parsed.ok && isWholeReference(field, parsed.template);
      for (const reference of references) {
        const parameter = byName.get(asName(reference.name!));
        if (!parameter || RESERVED_PARAMETERS.has(parameter.name.toLowerCase())) continue;
        const named =
          isSecretName(parameter.name) ||
          (parameter.schemaName !== undefined && isSecretName(parameter.schemaName)) ||
          reference.path.some((s) => typeof s === 'string' && isSecretName(s));
        if (!(whole && field.strength === 'slot') && !named) continue;
        out.push({ parameter, operation, field, whole, path: reference.path });
      }
    }
  }
  return out;
}

/**
 * The template is one `parameters(...)` reference (with accessors), possibly after an auth scheme
 * (`Bearer @{parameters('p')}`): the parameter alone fills the credential place.
 */
function isWholeReference(field: CredentialField, template: Template): boolean {
  const expressions = templateExpressions(template);
  if (expressions.length !== 1) return false;
  let root: Expr = expressions[0].expr;
  while (root.kind === 'member') root = root.object;
  if (root.kind !== 'call' || referenceFunction(root.name) !== 'parameters') return false;
  if (template.kind === 'expression') return true;
  if (template.kind !== 'interpolation') return false;
  const text = template.parts
    .map((p) => (p.kind === 'text' ? p.value : ''))
    .join('')
    .trim();
  return text === '' || (field.authorizationScheme && /^[A-Za-z][\w-]*$/.test(text));
}
