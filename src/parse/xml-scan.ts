/**
 * One linear pass over an XML text that checks it is well-formed (the subset exports use: one root
 * element, matched tags, quoted and unique attributes, closed comments, CDATA sections and
 * processing instructions, `&` only in references) and finds the elements whose content flowlint
 * keeps as raw text. It replaces fast-xml-parser's validator, which was half the cost of parsing;
 * the parser then runs without validation on a text with those sections cut out.
 */

export interface XmlSection {
  /** Dotted element path from the root (`ImportExportXml.Entities`), names as written. */
  readonly path: string;
  /** Offsets of the element's content (after its start tag, before its end tag). */
  readonly innerStart: number;
  readonly innerEnd: number;
}

export type XmlScan = { readonly ok: true; readonly sections: readonly XmlSection[] } | { readonly ok: false; readonly reason: string; readonly offset: number };

const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const SEMICOLON = 0x3b;
const HASH = 0x23;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** End (exclusive) of the name starting at `i`, or `i` when none starts there. */
function nameEnd(text: string, i: number): number {
  if (i >= text.length || !isNameStart(text.charCodeAt(i))) return i;
  let j = i + 1;
  while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
  return j;
}

/** Offset after a valid reference at `i` (`&name;`, `&#10;`, `&#x1F;`), or -1. */
function referenceEnd(text: string, i: number): number {
  let j = i + 1;
  if (text.charCodeAt(j) === HASH) {
    j++;
    const hex = text.charCodeAt(j) === 0x78;
    if (hex) j++;
    const digitsStart = j;
    while (j < text.length && (hex ? isHexDigit(text.charCodeAt(j)) : text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39)) j++;
    if (j === digitsStart) return -1;
  } else {
    const end = nameEnd(text, j);
    if (end === j) return -1;
    j = end;
  }
  return text.charCodeAt(j) === SEMICOLON ? j + 1 : -1;
}

/**
 * Finds bad `&`s in ranges of one text visited left to right; the next `&` is searched once, so
 * a text without any costs one scan, not one per range.
 */
class AmpersandChecker {
  private next = -2;

  constructor(private readonly text: string) {}

  /** The first bad `&` in `text[from, to)`, or -1. */
  firstBad(from: number, to: number): number {
    if (this.next === -1) return -1;
    if (this.next < from) this.next = this.text.indexOf('&', from);
    while (this.next >= 0 && this.next < to) {
      const end = referenceEnd(this.text, this.next);
      if (end < 0 || end > to) return this.next;
      this.next = this.text.indexOf('&', end);
    }
    return -1;
  }
}

interface OpenElement {
  readonly name: string;
  readonly start: number;
  /** Dotted path, kept only as deep as a section path goes, and not inside a section. */
  readonly path: string | undefined;
  readonly innerStart: number;
  /** Whether elements inside get a path: sections do not nest, so not below one. */
  readonly pathsBelow: boolean;
}

/** Which elements to return as sections: their dotted paths, none deeper than `depth`. */
export interface SectionFilter {
  readonly depth: number;
  isSection(path: string): boolean;
}

const NO_SECTIONS: SectionFilter = { depth: 0, isSection: () => false };

/** A filter for a fixed list of paths. */
export function sectionPaths(paths: Iterable<string>): SectionFilter {
  const set = new Set(paths);
  return { depth: Math.max(0, ...[...set].map((p) => p.split('.').length)), isSection: (path) => set.has(path) };
}

/**
 * Checks `text` and returns the sections `sections` selects (each found once; a path that occurs
 * more than once is not returned, so the parser reads it as usual). Depth is capped at `maxDepth`.
 */
export function scanXml(text: string, maxDepth: number, sections: SectionFilter = NO_SECTIONS): XmlScan {
  const sectionDepth = sections.depth;
  const found = new Map<string, XmlSection | null>();
  const stack: OpenElement[] = [];
  const length = text.length;
  const ampersands = new AmpersandChecker(text);
  /** The first '<' after the attribute value being checked (-1: there is none). */
  let nextLessThan = 0;
  let seenRoot = false;
  let i = 0;
  const fail = (reason: string, offset: number): XmlScan => ({ ok: false, reason, offset });

  while (i < length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? length : lt;
    if (stack.length === 0) {
      for (let k = i; k < textEnd; k++) {
        if (!isSpace(text.charCodeAt(k))) return fail(seenRoot ? 'text after the root element' : 'text before the root element', k);
      }
    } else {
      const amp = ampersands.firstBad(i, textEnd);
      if (amp >= 0) return fail("'&' that does not start a character or entity reference", amp);
    }
    if (lt < 0) break;

    const next = text.charCodeAt(lt + 1);
    if (next === QUESTION) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return fail('processing instruction is not closed', lt);
      const target = text.slice(lt + 2, nameEnd(text, lt + 2));
      if (target.toLowerCase() === 'xml' && text.slice(0, lt).trim() !== '') return fail('XML declaration is allowed only at the start', lt);
      i = end + 2;
      continue;
    }
    if (next === BANG) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) return fail('comment is not closed', lt);
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) return fail('CDATA section outside the root element', lt);
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) return fail('CDATA section is not closed', lt);
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', lt)) {
        if (seenRoot) return fail('DOCTYPE after the root element', lt);
        const end = text.indexOf('>', lt);
        if (end < 0) return fail('DOCTYPE is not closed', lt);
        i = end + 1;
      } else {
        return fail("unexpected '<!'", lt);
      }
      continue;
    }
    if (next === SLASH) {
      const end = nameEnd(text, lt + 2);
      if (end === lt + 2) return fail('closing tag without a valid name', lt);
      let j = end;
      while (j < length && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== GT) return fail('closing tag is not closed properly', lt);
      const open = stack.pop();
      if (!open) return fail('closing tag without a matching start tag', lt);
      if (text.slice(lt + 2, end) !== open.name) {
        const at = lineColumn(text, open.start);
        return fail(`closing tag does not match the element opened at line ${at.line}, column ${at.column}`, lt);
      }
      if (open.path !== undefined && found.has(open.path)) {
        const section = found.get(open.path);
        if (section && section.innerStart === open.innerStart) found.set(open.path, { ...section, innerEnd: lt });
      }
      i = j + 1;
      continue;
    }

    // A start tag.
    const nameStop = nameEnd(text, lt + 1);
    if (nameStop === lt + 1) return fail("'<' that does not start a tag", lt);
    if (stack.length === 0 && seenRoot) return fail('more than one root element', lt);
    const name = text.slice(lt + 1, nameStop);
    let j = nameStop;
    let selfClosing = false;
    // Names seen in this tag: a short list, and a set once there are many (a tag with 50,000
    // attributes made the list check quadratic: 4 s).
    let attributes: string[] | undefined;
    let attributeSet: Set<string> | undefined;
    for (;;) {
      const spaceStart = j;
      while (j < length && isSpace(text.charCodeAt(j))) j++;
      const c = text.charCodeAt(j);
      if (c === GT) break;
      if (c === SLASH && text.charCodeAt(j + 1) === GT) {
        selfClosing = true;
        j++;
        break;
      }
      if (j >= length) return fail('start tag is not closed', lt);
      if (j === spaceStart) return fail('attribute without a space before it, or a bad character in a tag', j);
      const attrEnd = nameEnd(text, j);
      if (attrEnd === j) return fail('bad character in a tag', j);
      const attribute = text.slice(j, attrEnd);
      if (attributeSet ? attributeSet.has(attribute) : attributes?.includes(attribute)) return fail('attribute repeated in one element', j);
      if (attributeSet) attributeSet.add(attribute);
      else {
        attributes ??= [];
        attributes.push(attribute);
        if (attributes.length > 16) attributeSet = new Set(attributes);
      }
      j = attrEnd;
      while (j < length && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== EQUALS) return fail('attribute without a value', attrEnd);
      j++;
      while (j < length && isSpace(text.charCodeAt(j))) j++;
      const quote = text.charCodeAt(j);
      if (quote !== QUOTE && quote !== APOSTROPHE) return fail('attribute value is not quoted', j);
      const close = text.indexOf(quote === QUOTE ? '"' : "'", j + 1);
      if (close < 0) return fail('attribute value has no closing quote', j);
      // The next '<' is remembered: searched afresh for each value, a tag with many attributes
      // would rescan everything up to the end of the tag each time.
      if (nextLessThan >= 0 && nextLessThan <= j) nextLessThan = text.indexOf('<', j + 1);
      if (nextLessThan >= 0 && nextLessThan < close) return fail("'<' inside an attribute value", nextLessThan);
      const amp = ampersands.firstBad(j + 1, close);
      if (amp >= 0) return fail("'&' that does not start a character or entity reference", amp);
      j = close + 1;
    }
    seenRoot = true;
    if (!selfClosing) {
      if (stack.length >= maxDepth) return fail('elements nested too deeply', lt);
      const parent = stack[stack.length - 1];
      const depth = stack.length + 1;
      const path = depth > sectionDepth ? undefined : parent ? (parent.pathsBelow ? `${parent.path}.${name}` : undefined) : name;
      const innerStart = j + 1;
      const isSection = path !== undefined && sections.isSection(path);
      if (isSection) {
        // A second occurrence makes the path ambiguous: let the parser read them all.
        found.set(path, found.has(path) ? null : { path, innerStart, innerEnd: -1 });
      }
      stack.push({ name, start: lt, path, innerStart, pathsBelow: path !== undefined && !isSection && depth < sectionDepth });
    }
    i = j + 1;
  }
  if (stack.length > 0) return fail('element is not closed', stack[stack.length - 1].start);
  if (!seenRoot) return fail('no root element', 0);
  const result: XmlSection[] = [];
  for (const section of found.values()) if (section && section.innerEnd >= 0) result.push(section);
  return { ok: true, sections: result.sort((a, b) => a.innerStart - b.innerStart) };
}

/** 1-based line and column of an offset (only computed for errors). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
