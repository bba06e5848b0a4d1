/**
 * The one spelling of where a file came from: its path, or `archive!entry` for a member of an
 * archive (a member of a nested archive is `outer.zip!inner.zip!x.json`). Reports, baselines,
 * pre-commit focus and a pool worker's ownership of files all compare these keys, so every place
 * builds them here.
 */
export const ENTRY_SEPARATOR = '!';

export function sourceKey(source: { readonly file: string; readonly entry?: string }): string {
  return source.entry ? `${source.file}${ENTRY_SEPARATOR}${source.entry}` : source.file;
}
