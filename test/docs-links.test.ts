/**
 * The repository speaks for itself: a comment in src/, rules/, test/ or scripts/ may cite only
 * documents that are in the repository, and a `§N.N` only a section docs/formats.md has.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['src', 'rules', 'test', 'scripts'];
const CODE = /\.(?:[cm]?ts|[cm]?js)$/;

/** Section numbers of a Markdown document: `## 3.` and `### 3.6 Expressions` give `3` and `3.6`. */
export function sectionsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{2,3}\s+(\d+(?:\.\d+)*)\.?\s/gm)].map((match) => match[1]));
}

/** Every comment of a source file, once, with its line (comments only: strings and code are not citations). */
export function commentsOf(fileName: string, text: string): { line: number; text: string }[] {
  const kind = /\.[cm]?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found = new Map<number, string>();
  const visit = (node: ts.Node): void => {
    const ranges = [...(ts.getLeadingCommentRanges(text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(text, node.end) ?? [])];
    for (const range of ranges) found.set(range.pos, text.slice(range.pos, range.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...found.entries()].sort(([a], [b]) => a - b).map(([pos, comment]) => ({ line: source.getLineAndCharacterOfPosition(pos).line + 1, text: comment }));
}

/**
 * What is wrong with the citations in one file's comments: a `*.md` that exists neither from the
 * repository root nor from the file's folder, a `§` that docs/formats.md lacks, or a docs/formats.md
 * section cited by bare number (which the check could not verify).
 */
export function citationProblems(file: string, text: string, exists: (path: string) => boolean, sections: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const comment of commentsOf(file, text)) {
    const where = `${file}:${comment.line}`;
    // Not after a word, `/`, `.` or `-`: a URL's path or `rules/<id>.md` is no repository citation.
    for (const [cited] of comment.text.matchAll(/(?<![\w/.<>-])(?:\.{1,2}\/)*\w[\w./-]*\.md\b/g)) {
      if (!exists(cited) && !exists(join(dirname(file), cited))) problems.push(`${where}: ${cited} is not in the repository`);
    }
    for (const [mark, section] of comment.text.matchAll(/§\s*(\d+(?:\.\d+)*)/g)) {
      if (!sections.has(section)) problems.push(`${where}: ${mark} is not a section of docs/formats.md`);
    }
    for (const [bare] of comment.text.matchAll(/formats\.md,?\s+(?:sections?\s+)?\d+(?:\.\d+)*/g)) {
      problems.push(`${where}: "${bare}" — cite a section as docs/formats.md §N.N`);
    }
  }
  return problems;
}

function codeFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && CODE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

const formats = readFileSync(join(ROOT, 'docs/formats.md'), 'utf8');
const inRepo = (path: string): boolean => existsSync(join(ROOT, path));

describe('citations in comments', () => {
  it('cite only documents and formats.md sections that the repository has', () => {
    const files = SCANNED.flatMap(codeFiles);
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => citationProblems(file, readFileSync(join(ROOT, file), 'utf8'), inRepo, sectionsOf(formats)));
    expect(problems).toEqual([]);
  });

  it('are found in comments only, and a bad one is reported', () => {
    const sections = sectionsOf(formats);
    const source = [
      "const url = 'https://example.com/x.md'; // see docs/formats.md §3.6 and README.md",
      '/** The secret model (rules.md), docs/formats.md §9.9; formats.md 3.6. */',
      "const golden = 'all-rules.md';",
      '// rules/<id>.md holds each rule, https://learn.microsoft.com/page.md too',
    ].join('\n');
    expect(citationProblems('src/x.ts', source, inRepo, sections)).toEqual([
      'src/x.ts:2: rules.md is not in the repository',
      'src/x.ts:2: formats.md is not in the repository',
      'src/x.ts:2: §9.9 is not a section of docs/formats.md',
      'src/x.ts:2: "formats.md 3.6" — cite a section as docs/formats.md §N.N',
    ]);
    // A file's own folder counts: test/x.ts may cite ../README.md; a missing one does not.
    expect(citationProblems('test/x.ts', '// ../README.md\n', inRepo, sections)).toEqual([]);
    expect(citationProblems('test/x.ts', '// ../NOPE.md\n', inRepo, sections)).toEqual(['test/x.ts:1: ../NOPE.md is not in the repository']);
  });
});

describe('docs/formats.md', () => {
  it('keeps the section numbers the code cites', () => {
    const expected = ['1', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '2', '3', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '4', '5', '6', '7'];
    expect([...sectionsOf(formats)]).toEqual(expected);
  });

  it('and the other documents are linked from the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const doc of ['docs/formats.md', 'docs/secret-model.md', 'docs/reports.md']) {
      expect(inRepo(doc)).toBe(true);
      expect(readme).toContain(`(${doc})`);
    }
  });
});
