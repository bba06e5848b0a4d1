/**
 * The XML loader: the one-pass well-formedness scan (xml-scan.ts) that replaced fast-xml-parser's
 * validator, and the sections that are kept as raw text instead of being parsed.
 */
import { describe, expect, it } from 'vitest';
import { parseXmlDocument, sectionChildren } from '../../src/parse/xml.js';
import { scanXml, sectionPaths } from '../../src/parse/xml-scan.js';

function parse(text: string) {
  return parseXmlDocument(text, { file: 'x.xml' }, 'x.xml', 512);
}

/** The `ImportExportXml` element of a document that must parse. */
function importExportXml(text: string): Record<string, unknown> {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected the document to parse: ${result.reason}`);
  return (result.document.value as { ImportExportXml: Record<string, unknown> }).ImportExportXml;
}

describe('scanXml', () => {
  it.each([
    ['<a/>'],
    ['<?xml version="1.0" encoding="utf-8"?>\n<a x="1" y=\'2\'><b>text &amp; &#10; &#x1F; &nbsp;</b><!-- note --><![CDATA[ <raw> & ]]><?pi data?></a>\n'],
    ['<!DOCTYPE a>\n<a></a  >'],
    ['<x:a xmlns:x="urn:x"><x:b/></x:a>'],
    ['\uFEFF<a>é ü 中</a>'.slice(1)],
  ])('accepts %j', (text) => {
    expect(scanXml(text, 512)).toEqual({ ok: true, sections: [] });
  });

  it.each([
    ['', 'no root element', 0],
    ['hello', 'text before the root element', 0],
    ['<a/>trailing', 'text after the root element', 4],
    ['<a/><b/>', 'more than one root element', 4],
    ['<a><b></a>', 'closing tag does not match the element opened at line 1, column 4', 6],
    ['<a><b>', 'element is not closed', 3],
    ['</a>', 'closing tag without a matching start tag', 0],
    ['<a', 'start tag is not closed', 0],
    ['<a x="1></a>', 'attribute value has no closing quote', 5],
    ['<a x=1/>', 'attribute value is not quoted', 5],
    ['<a x/>', 'attribute without a value', 4],
    ['<a x="1" x="2"/>', 'attribute repeated in one element', 9],
    ['<a x="1"y="2"/>', 'attribute without a space before it, or a bad character in a tag', 8],
    ['<a b="<"/>', "'<' inside an attribute value", 6],
    ['<a b="&"/>', "'&' that does not start a character or entity reference", 6],
    ['<a>&</a>', "'&' that does not start a character or entity reference", 3],
    ['<a>&#;</a>', "'&' that does not start a character or entity reference", 3],
    ['<a><!-- x </a>', 'comment is not closed', 3],
    ['<a><![CDATA[ x </a>', 'CDATA section is not closed', 3],
    ['<![CDATA[x]]><a/>', 'CDATA section outside the root element', 0],
    ['<a><?xml version="1.0"?></a>', 'XML declaration is allowed only at the start', 3],
    ['<a><? x</a>', 'processing instruction is not closed', 3],
    ['<1a/>', "'<' that does not start a tag", 0],
    ['<a></ a>', 'closing tag without a valid name', 3],
    ['<a><!ELEMENT a ANY></a>', "unexpected '<!'", 3],
  ])('refuses %j: %s', (text, reason, offset) => {
    expect(scanXml(text, 512)).toEqual({ ok: false, reason, offset });
  });

  it('caps nesting depth', () => {
    expect(scanXml('<a><a><a></a></a></a>', 2)).toEqual({ ok: false, reason: 'elements nested too deeply', offset: 6 });
  });

  it('finds sections by path, once; a repeated path is left to the parser', () => {
    const text = '<R><S>one<x/></S><T>a</T><T>b</T><U/></R>';
    expect(scanXml(text, 512, sectionPaths(['R.S', 'R.T', 'R.U']))).toEqual({ ok: true, sections: [{ path: 'R.S', innerStart: 6, innerEnd: 13 }] });
  });

  it('does not look for sections inside a section (they would overlap)', () => {
    expect(scanXml('<R><S><T>x</T></S></R>', 512, sectionPaths(['R.S', 'R.S.T']))).toEqual({ ok: true, sections: [{ path: 'R.S', innerStart: 6, innerEnd: 14 }] });
  });
});

describe('parseXmlDocument', () => {
  it('keeps unread customizations sections as raw text (line ends as the parser reads them)', () => {
    const text =
      '<ImportExportXml>\r\n  <Entities>\r\n    <Entity><Name>A &amp; B</Name></Entity>\r\n  </Entities>\r\n  <Roles a="1"><Role/></Roles>\r\n  <Workflows><Workflow Name="w"/></Workflows>\r\n</ImportExportXml>';
    const result = parse(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.text).toBe(text);
    expect(result.document.value).toEqual({
      ImportExportXml: {
        Entities: '\n    <Entity><Name>A &amp; B</Name></Entity>\n  ',
        Roles: { '#text': '<Role/>', '@_a': '1' },
        Workflows: { Workflow: [{ '@_Name': 'w' }] },
      },
    });
  });

  it('parses only the sections the model reads; any other child of ImportExportXml stays raw text', () => {
    const text = [
      '<ImportExportXml>',
      '<msdyn_dataflows><msdyn_dataflow><x>1</x></msdyn_dataflow></msdyn_dataflows>',
      '<SolutionManifest><UniqueName>S</UniqueName><RootComponents><RootComponent type="1"/></RootComponents>',
      '<MissingDependencies><MissingDependency><Required type="connectionreference" schemaName="cr_a"/></MissingDependency></MissingDependencies></SolutionManifest>',
      '<connectionReferences><connectionreference connectionreferencelogicalname="cr_b"/></connectionReferences>',
      '<EnvironmentVariables/>',
      '</ImportExportXml>',
    ].join('');
    const root = importExportXml(text);
    expect(root.msdyn_dataflows).toBe('<msdyn_dataflow><x>1</x></msdyn_dataflow>');
    expect(root.connectionReferences).toEqual({ connectionreference: [{ '@_connectionreferencelogicalname': 'cr_b' }] });
    const manifest = root.SolutionManifest as Record<string, unknown>;
    expect(manifest.UniqueName).toBe('S');
    expect(manifest.RootComponents).toBe('<RootComponent type="1"/>');
    expect(typeof manifest.MissingDependencies).toBe('string');
    // Read on demand, as if it had been parsed with the document.
    const dependencies = sectionChildren(manifest.MissingDependencies, 'MissingDependency', 512);
    expect(dependencies).toEqual([{ Required: { '@_type': 'connectionreference', '@_schemaName': 'cr_a' } }]);
    expect(sectionChildren({ MissingDependency: [{ a: 1 }] }, 'MissingDependency', 512)).toEqual([{ a: 1 }]);
    expect(sectionChildren('no such elements', 'MissingDependency', 512)).toEqual([]);
  });

  it("keeps the publisher's addresses and the manifest's descriptions raw, and reads the prefix", () => {
    const text = [
      '<ImportExportXml><SolutionManifest><UniqueName>S</UniqueName><Descriptions><Description description="d"/></Descriptions>',
      '<Publisher><UniqueName>p</UniqueName><CustomizationPrefix>cr</CustomizationPrefix>',
      '<Addresses><Address><AddressNumber>1</AddressNumber></Address></Addresses></Publisher></SolutionManifest></ImportExportXml>',
    ].join('');
    const manifest = importExportXml(text).SolutionManifest as Record<string, unknown>;
    expect(manifest.Descriptions).toBe('<Description description="d"/>');
    expect(manifest.Publisher).toEqual({ UniqueName: 'p', CustomizationPrefix: 'cr', Addresses: '<Address><AddressNumber>1</AddressNumber></Address>' });
  });

  it('parses the roots the model reads; any other root keeps its content raw, attributes parsed', () => {
    const read = {
      '<Workflow Name="w"><Category>5</Category></Workflow>': { Workflow: [{ '@_Name': 'w', Category: '5' }] },
      '<environmentvariabledefinition schemaname="a"><type>1</type></environmentvariabledefinition>': { environmentvariabledefinition: [{ '@_schemaname': 'a', type: '1' }] },
    };
    for (const [text, value] of Object.entries(read)) expect(parse(text)).toMatchObject({ ok: true, document: { value } });
    const bot = '<botcomponent schemaname="cr_bot.topic.Greeting">\r\n  <data>kind: AdaptiveDialog &amp; more</data>\r\n</botcomponent>';
    expect(parse(bot)).toMatchObject({
      ok: true,
      document: { value: { botcomponent: { '@_schemaname': 'cr_bot.topic.Greeting', '#text': '\n  <data>kind: AdaptiveDialog &amp; more</data>\n' } } },
    });
    // A malformed unread root is still refused: the content is checked, only not turned into a tree.
    expect(parse('<botcomponent><data></botcomponent>')).toMatchObject({ ok: false });
  });

  it('says where a document is malformed', () => {
    expect(parse('<a>\n  <b>\n</a>')).toEqual({ ok: false, reason: 'invalid XML at line 3, column 1: closing tag does not match the element opened at line 2, column 3' });
  });

  it('refuses DOCTYPEs that declare entities before scanning', () => {
    expect(parse('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')).toEqual({ ok: false, reason: 'XML declares a DOCTYPE with entities; refusing to expand them' });
  });
});
