/** Snippets show structure, never values — also when the snippet cuts a value off. */
import { ptr } from '../helpers/builders.js';
import { describe, expect, it } from 'vitest';
import { resolveRegion } from '../../src/parse/positions.js';
import type { SourceDocument } from '../../src/model/types.js';

function xmlDocument(text: string): SourceDocument {
  return { source: { file: 'x.xml' }, unitPath: 'x.xml', format: 'xml', text, value: undefined, duplicateKeys: [], prototypeKeys: [] };
}

describe('XML snippets', () => {
  const secret = 'Sup3rSecretValue-do-not-print';
  const cases: [string, string, string][] = [
    ['a text value', `<defaultvalue>${secret}</defaultvalue>`, '<defaultvalue>'],
    ['an attribute value', `<input name="x" value="${secret}" />`, '<input'],
    ['a value cut off at the end of the line', `<defaultvalue>${secret}\n</defaultvalue>`, '<defaultvalue>'],
    ['a script line inside text', `<Definition>SET Password TO '${secret}'</Definition>`, 'SET Password'],
    ['an unterminated quoted value', `<x a='${secret}`, '<x'],
  ];
  for (const [name, text, hint] of cases) {
    it(name, () => {
      const resolved = resolveRegion({ document: xmlDocument(text), pointer: ptr(''), hint });
      expect(resolved).toBeDefined();
      expect(resolved!.snippet).not.toContain(secret.slice(3, 10));
    });
  }
});
