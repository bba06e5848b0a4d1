/**
 * XML documents (solution.xml, customizations.xml, env-var definitions, workflow data files).
 * Entity expansion is off: a DOCTYPE that declares entities is refused outright (billion laughs,
 * external entities), and only the five predefined entities and character references are decoded.
 * Well-formedness is checked by one linear scan (xml-scan.ts); fast-xml-parser then builds the tree
 * without validating again, from a text where the sections flowlint never reads are cut out.
 */
import { XMLParser } from 'fast-xml-parser';
import type { SourceDocument, SourceRef } from '../model/types.js';
import type { ParseResult } from './json.js';
import { lineColumn, scanXml, type SectionFilter, type XmlSection } from './xml-scan.js';

/**
 * The children of `<ImportExportXml>` the model reads (customizations.xml, solution.xml). The
 * content of every other child — entity metadata, relationships, dataflows, AI models, canvas apps
 * and the rest, most of a customizations.xml — is kept as one raw string in the tree, as
 * fast-xml-parser's stop nodes would keep it, so scans for secrets still see it, but it is not
 * parsed; so is the content of solution.xml's component and missing-dependency lists
 * (`sectionChildren` reads the latter when it names a connection reference), its descriptions and
 * its publisher's addresses.
 */
const READ_SECTIONS = new Set(['solutionmanifest', 'workflows', 'connectionreferences', 'environmentvariabledefinitions', 'environmentvariables']);
const UNREAD_MANIFEST_LISTS = new Set(['RootComponents', 'MissingDependencies', 'Descriptions']);
/**
 * The root elements the model reads: solution.xml and customizations.xml, workflow data files,
 * env-var definitions. Every other XML file of an export (Copilot bots and their components,
 * desktop flow binaries' metadata, AI models, ...) is only scanned for secrets, so its root's
 * content stays raw text as well.
 */
const READ_ROOTS = new Set(['importexportxml', 'workflow', 'environmentvariabledefinition']);

const ROOT_PREFIX = 'ImportExportXml.';
const MANIFEST_PREFIX = 'SolutionManifest.';

const UNREAD_SECTIONS: SectionFilter = {
  depth: 4,
  // Called for every element down to depth 4: string tests, no splitting.
  isSection(path) {
    if (!path.includes('.')) return !READ_ROOTS.has(localName(path).toLowerCase());
    if (!path.startsWith(ROOT_PREFIX)) return false;
    const child = path.slice(ROOT_PREFIX.length);
    if (!child.includes('.')) return !READ_SECTIONS.has(localName(child).toLowerCase());
    if (!child.startsWith(MANIFEST_PREFIX)) return false;
    const inManifest = child.slice(MANIFEST_PREFIX.length);
    // The publisher's postal addresses are most of a manifest; only its prefix is read.
    return UNREAD_MANIFEST_LISTS.has(inManifest) || inManifest === 'Publisher.Addresses';
  },
};

/** Elements that repeat and must always come back as arrays. */
const REPEATED = new Set([
  'Workflow',
  'connectionreference',
  'environmentvariabledefinition',
  'environmentvariablevalue',
  'RootComponent',
  'LocalizedName',
  'label',
  'MissingDependency',
]);

export const ATTRIBUTE_PREFIX = '@_';

function createParser(maxDepth: number): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: true,
    maxNestedTags: maxDepth,
    isArray: (name) => REPEATED.has(name),
    // The callbacks read tag names only: without this, the parser renders the element's path as a
    // string for every element and attribute.
    jPath: false,
  });
}

const parsers = new Map<number, XMLParser>();

function parserFor(maxDepth: number): XMLParser {
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = createParser(maxDepth);
    parsers.set(maxDepth, parser);
  }
  return parser;
}

/**
 * The `name` children of an element whose content may have been kept as raw text (see
 * UNREAD_SECTIONS): parsed now, when the caller needs them. An element the parser did read (one
 * that occurs twice is never cut) is looked into as usual.
 */
export function sectionChildren(element: unknown, name: string, maxDepth: number): unknown[] {
  const parsed = xmlChildren(element, name);
  if (parsed.length > 0) return parsed;
  const raw = typeof element === 'string' ? element : xmlChild(element, '#text');
  if (typeof raw !== 'string' || !raw.includes(`<${name}`)) return [];
  try {
    // The content was checked as part of its document; wrapped, it is one element again.
    return xmlChildren(xmlChild(parserFor(maxDepth).parse(`<section>${raw}</section>`), 'section'), name);
  } catch {
    return [];
  }
}

export function parseXmlDocument(text: string, source: SourceRef, unitPath: string, maxDepth: number): ParseResult {
  if (text.includes('<!') && (/<!DOCTYPE[^>]*\[/i.test(text) || /<!ENTITY/i.test(text))) {
    return { ok: false, reason: 'XML declares a DOCTYPE with entities; refusing to expand them' };
  }
  const scan = scanXml(text, maxDepth, UNREAD_SECTIONS);
  if (!scan.ok) {
    const at = lineColumn(text, scan.offset);
    return { ok: false, reason: `invalid XML at line ${at.line}, column ${at.column}: ${scan.reason}` };
  }
  try {
    const value: unknown = parserFor(maxDepth).parse(withoutSections(text, scan.sections));
    for (const section of scan.sections) restoreSection(value, section, text);
    const document: SourceDocument = { source, unitPath, format: 'xml', text, value, duplicateKeys: [], prototypeKeys: [] };
    return { ok: true, document };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `invalid XML: ${describeXmlError(message)}` };
  }
}

/** The text with the content of each section removed (the elements themselves stay, empty). */
function withoutSections(text: string, sections: readonly XmlSection[]): string {
  if (sections.length === 0) return text;
  let out = '';
  let from = 0;
  for (const section of sections) {
    out += text.slice(from, section.innerStart);
    from = section.innerEnd;
  }
  return out + text.slice(from);
}

/** Puts a section's raw content back where the parser left an empty element. */
function restoreSection(root: unknown, section: XmlSection, text: string): void {
  const names = section.path.split('.');
  let parent: unknown = root;
  for (const name of names.slice(0, -1)) parent = xmlChild(Array.isArray(parent) ? parent[0] : parent, localName(name));
  if (Array.isArray(parent)) parent = parent[0];
  if (!parent || typeof parent !== 'object') return;
  const container = parent as Record<string, unknown>;
  const key = localName(names[names.length - 1]);
  // The parser reads line ends as XML says (CR LF and CR become LF); so does the kept content.
  const content = text.slice(section.innerStart, section.innerEnd);
  const raw = content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content;
  const current = container[key];
  if (Array.isArray(current)) {
    current[0] = attach(current[0], raw);
  } else if (key in container) {
    container[key] = attach(current, raw);
  }
}

function attach(current: unknown, raw: string): unknown {
  if (current && typeof current === 'object') return { '#text': raw, ...(current as Record<string, unknown>) };
  return raw;
}

/** The parser drops namespace prefixes (`removeNSPrefix`). */
function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

/** Kinds of parser error, as fixed phrases. */
const XML_PROBLEMS: readonly (readonly [RegExp, string])[] = [
  [/nest/i, 'elements nested too deeply'],
  [/closing tag/i, 'closing tag does not match its start tag'],
  [/unexpected end|unclosed|not closed/i, 'unexpected end of document'],
  [/attribute/i, 'malformed attribute'],
  [/entity/i, 'bad entity reference'],
  [/tag/i, 'malformed tag'],
];

/**
 * A fixed phrase per kind of parser error: the parser's messages quote tag names, attribute
 * names and text from the document, without reliable quoting, so none of their wording is kept.
 */
export function describeXmlError(message: string): string {
  return XML_PROBLEMS.find(([pattern]) => pattern.test(message))?.[1] ?? 'syntax error';
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined XML entities and numeric character references; nothing else. */
export function decodeXmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Text content of an element node (string, or an object with `#text`), entities decoded. */
export function xmlText(node: unknown): string | undefined {
  if (typeof node === 'string') return decodeXmlEntities(node);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object' && '#text' in node) {
    const text = (node as Record<string, unknown>)['#text'];
    return typeof text === 'string' ? decodeXmlEntities(text) : text == null ? undefined : String(text);
  }
  return undefined;
}

export function xmlAttr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[ATTRIBUTE_PREFIX + name];
  return typeof value === 'string' ? decodeXmlEntities(value) : undefined;
}

export function xmlChild(node: unknown, name: string): unknown {
  if (!node || typeof node !== 'object') return undefined;
  return (node as Record<string, unknown>)[name];
}

export function xmlChildren(node: unknown, name: string): unknown[] {
  const child = xmlChild(node, name);
  if (child === undefined || child === null || child === '') return [];
  return Array.isArray(child) ? child : [child];
}

/** Case-insensitive child lookup: exports differ in casing (`Workflows` vs `workflows`). */
export function xmlChildCI(node: unknown, name: string): unknown {
  if (!node || typeof node !== 'object') return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(node)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
