import { describe, expect, it } from 'vitest';
import { decodeText, sniffKind } from '../../src/sources/index.js';

const utf16 = (text: string, order: 'LE' | 'BE'): Buffer => {
  const le = Buffer.from(text, 'utf16le');
  return order === 'LE' ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
};

describe('decodeText', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    expect(decodeText(Buffer.from('{"a":"é"}'))).toEqual({ text: '{"a":"é"}' });
    expect(decodeText(Buffer.from('\uFEFF<x/>'))).toEqual({ text: '<x/>' });
  });

  it('decodes UTF-16 LE and BE when a BOM says so', () => {
    expect(decodeText(utf16('<x a="é€"/>', 'LE'))).toEqual({ text: '<x a="é€"/>' });
    expect(decodeText(utf16('{"k":"😀"}', 'BE'))).toEqual({ text: '{"k":"😀"}' });
  });

  it('refuses invalid UTF-8 with the offending byte and offset', () => {
    const latin1 = Buffer.from('{"name":"Caf\xe9"}', 'latin1');
    expect(decodeText(latin1)).toEqual({
      error: 'not valid UTF-8 text (byte 0xe9 at offset 12); save the file as UTF-8 (or UTF-16 with a byte-order mark)',
    });
    // Offsets count the BOM too, so they match the file.
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1]);
    expect(decodeText(withBom)).toEqual({ error: expect.stringContaining('at offset 15') });
  });

  it('refuses overlong forms and UTF-16 surrogates encoded in UTF-8', () => {
    expect(decodeText(Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]))).toEqual({ error: expect.stringContaining('byte 0xc0 at offset 1') });
    expect(decodeText(Buffer.from([0xed, 0xa0, 0x80]))).toEqual({ error: expect.stringContaining('byte 0xed at offset 0') });
  });

  it('refuses broken UTF-16', () => {
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]))).toEqual({ error: expect.stringMatching(/^not valid UTF-16LE text: odd number of bytes/) });
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]))).toEqual({ error: 'not valid UTF-16LE text: unpaired surrogate' });
  });
});

describe('sniffKind', () => {
  it('recognises zips by signature, whatever the name', () => {
    expect(sniffKind('export.json', Buffer.from('PK\x03\x04rest'))).toBe('zip');
    expect(sniffKind('empty', Buffer.from('PK\x05\x06' + '\0'.repeat(18)))).toBe('zip');
  });

  it('recognises JSON and XML by their first significant character, through BOMs and whitespace', () => {
    expect(sniffKind('a', Buffer.from('  \r\n {"a":1}'))).toBe('json');
    expect(sniffKind('a', Buffer.from('[1]'))).toBe('json');
    expect(sniffKind('a', Buffer.from('\uFEFF<?xml version="1.0"?>'))).toBe('xml');
    expect(sniffKind('a', utf16('\n<ImportExportXml/>', 'LE'))).toBe('xml');
    expect(sniffKind('a', utf16('{"a":1}', 'BE'))).toBe('json');
  });

  it('says other for anything else; the name only decides for blank files', () => {
    expect(sniffKind('x.json', Buffer.from('# readme'))).toBe('other');
    expect(sniffKind('x.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe('other');
    expect(sniffKind('x.json', Buffer.from('  \n'))).toBe('json');
    expect(sniffKind('x.xml', Buffer.alloc(0))).toBe('xml');
    expect(sniffKind('x.txt', Buffer.alloc(0))).toBe('other');
  });
});
