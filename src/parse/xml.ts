/**
 * XML documents (solution.xml, customizations.xml, env-var definitions, workflow data files).
 * Entity expansion is off: a DOCTYPE that declares entities is refused outright (billion laughs,
 * external entities), and only the five predefined entities and character references are decoded.
 */
import { XMLParser } from 'fast-xml-parser';
import type { SourceDocument, SourceRef } from '../model/types.js';
import type { ParseResult } from './json.js';

/** Sections of customizations.xml flowlint never reads: left unparsed for speed. */
const UNREAD_SECTIONS = [
  'ImportExportXml.Entities',
  'ImportExportXml.Roles',
  'ImportExportXml.optionsets',
  'ImportExportXml.RibbonDiffXml',
  'ImportExportXml.AppModuleSiteMaps',
  'ImportExportXml.AppModules',
  'ImportExportXml.CustomControls',
  'ImportExportXml.EntityRelationships',
  'ImportExportXml.FieldSecurityProfiles',
  'ImportExportXml.Templates',
  'ImportExportXml.EntityMaps',
  'ImportExportXml.SolutionPluginAssemblies',
  'ImportExportXml.SdkMessageProcessingSteps',
  'ImportExportXml.Dashboards',
  'ImportExportXml.WebResources',
  'ImportExportXml.CanvasApps',
];

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
    stopNodes: UNREAD_SECTIONS,
    isArray: (name) => REPEATED.has(name),
  });
}

const parsers = new Map<number, XMLParser>();

export function parseXmlDocument(text: string, source: SourceRef, unitPath: string, maxDepth: number): ParseResult {
  if (/<!DOCTYPE[^>]*\[/i.test(text) || /<!ENTITY/i.test(text)) {
    return { ok: false, reason: 'XML declares a DOCTYPE with entities; refusing to expand them' };
  }
  let parser = parsers.get(maxDepth);
  if (!parser) {
    parser = createParser(maxDepth);
    parsers.set(maxDepth, parser);
  }
  try {
    const value: unknown = parser.parse(text, true);
    const document: SourceDocument = { source, unitPath, format: 'xml', text, value, duplicateKeys: [], prototypeKeys: [] };
    return { ok: true, document };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `invalid XML: ${describeXmlError(message)}` };
  }
}

function describeXmlError(message: string): string {
  const nesting = /nest/i.test(message);
  if (nesting) return 'elements nested too deeply';
  // Parser messages may quote text from the document: keep only the first sentence, unquoted.
  return message.split(/[.\n]/)[0].replace(/'[^']*'|"[^"]*"/g, '…').trim() || 'syntax error';
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
