/**
 * A small glob matcher for configured paths and names: `**` any number of folders, `*` anything
 * but `/`, `?` one character but `/`, `{a,b}` alternatives. Case-insensitive: exports come from
 * every operating system, and flow and action names are case-insensitive in the platform.
 */

const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let cached = cache.get(pattern);
  if (cached) return cached;
  let source = '';
  let inGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slashAfter = pattern[i + 2] === '/';
      source += slashAfter ? '(?:[^/]*/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') {
      inGroup = true;
      source += '(?:';
    } else if (c === '}' && inGroup) {
      inGroup = false;
      source += ')';
    } else if (c === ',' && inGroup) source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  cached = new RegExp(`^${source}$`, 'i');
  cache.set(pattern, cached);
  return cached;
}

/** Matches a path; a pattern without `/` matches the file name alone (as in .gitignore). */
export function matchesGlob(path: string, pattern: string): boolean {
  const normalised = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const cleanPattern = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const target = cleanPattern.includes('/') ? normalised : normalised.slice(normalised.lastIndexOf('/') + 1);
  return globToRegExp(cleanPattern).test(target);
}
