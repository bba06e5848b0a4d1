import type { RedactedSnippet } from '../../src/parse/positions.js';

/** Hand-written report fixtures carry snippets that are already in redacted form. */
export function snippetFixture(text: string): RedactedSnippet {
  return text as RedactedSnippet;
}
