import { describe, expect, it } from 'vitest';
import { pathAsGiven, type GivenPaths } from '../../src/report/given-paths.js';

/** A run in /work/proj with these inputs (`/...` named absolutely, others relatively). */
const posix = (...inputs: string[]): GivenPaths => ({
  cwd: '/work/proj',
  sep: '/',
  inputs: inputs.map((input) => ({ path: input.startsWith('/') ? input : `/work/proj/${input}`.replace(/\/\.$/, ''), absolute: input.startsWith('/') })),
});

describe('pathAsGiven', () => {
  it.each([
    { name: 'a file under an absolute input outside the cwd', file: '../in/a/flow.json', given: posix('/work/in'), shown: '/work/in/a/flow.json' },
    { name: 'the input itself', file: '../in', given: posix('/work/in'), shown: '/work/in' },
    { name: 'a sibling whose name starts the same', file: '../inbox/flow.json', given: posix('/work/in'), shown: '../inbox/flow.json' },
    { name: 'a file under a relative input only', file: 'local/flow.json', given: posix('/work/in', 'local'), shown: 'local/flow.json' },
    { name: 'the cwd named absolutely', file: 'a/flow.json', given: posix('/work/proj'), shown: '/work/proj/a/flow.json' },
    { name: 'the cwd named absolutely, a file outside it', file: '../b/flow.json', given: posix('/work/proj'), shown: '../b/flow.json' },
    { name: 'an absolute input above the cwd, a file inside the cwd', file: 'sub/x.json', given: posix('/work'), shown: '/work/proj/sub/x.json' },
    { name: 'an absolute input above the cwd, a file beside it', file: '../other/x.json', given: posix('/work'), shown: '/work/other/x.json' },
    { name: 'the innermost input decides: relative inside absolute', file: 'sub/x.json', given: posix('/work/proj', 'sub/x.json'), shown: 'sub/x.json' },
    { name: 'the innermost input decides: absolute inside relative', file: 'a/b/x.json', given: posix('.', '/work/proj/a/b'), shown: '/work/proj/a/b/x.json' },
    { name: 'a skipped folder (trailing slash)', file: '../in/node_modules/', given: posix('/work/in'), shown: '/work/in/node_modules/' },
    {
      name: 'Windows separators',
      file: '../in/a/flow.json',
      given: { cwd: 'C:\\work\\proj', sep: '\\', inputs: [{ path: 'C:\\work\\in', absolute: true }] },
      shown: 'C:\\work\\in\\a\\flow.json',
    },
  ])('$name', ({ file, given, shown }) => {
    expect(pathAsGiven(file, given)).toBe(shown);
  });
});
