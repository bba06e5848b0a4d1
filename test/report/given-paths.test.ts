import { describe, expect, it } from 'vitest';
import { pathAsGiven, type GivenPath } from '../../src/report/given-paths.js';

const posix = (relative: string, absolute: string): GivenPath => ({ relative, absolute, sep: '/' });

describe('pathAsGiven', () => {
  it.each([
    { name: 'a file under an absolute input', file: '../in/a/flow.json', given: [posix('../in', '/srv/in')], shown: '/srv/in/a/flow.json' },
    { name: 'the input itself', file: '../in', given: [posix('../in', '/srv/in')], shown: '/srv/in' },
    { name: 'a sibling whose name starts the same', file: '../inbox/flow.json', given: [posix('../in', '/srv/in')], shown: '../inbox/flow.json' },
    { name: 'a file under no absolute input', file: 'local/flow.json', given: [posix('../in', '/srv/in')], shown: 'local/flow.json' },
    { name: 'the cwd named absolutely', file: 'a/flow.json', given: [posix('.', '/work')], shown: '/work/a/flow.json' },
    { name: 'the cwd named absolutely, a file outside it', file: '../b/flow.json', given: [posix('.', '/work')], shown: '../b/flow.json' },
    { name: 'the innermost of nested inputs', file: 'a/b/x.json', given: [posix('.', '/work'), posix('a/b', '/elsewhere/b')], shown: '/elsewhere/b/x.json' },
    { name: 'a skipped folder (trailing slash)', file: '../in/node_modules/', given: [posix('../in', '/srv/in')], shown: '/srv/in/node_modules/' },
    {
      name: 'Windows separators below the input',
      file: '../in/a/flow.json',
      given: [{ relative: '../in', absolute: 'C:\\srv\\in', sep: '\\' }],
      shown: 'C:\\srv\\in\\a\\flow.json',
    },
  ])('$name', ({ file, given, shown }) => {
    expect(pathAsGiven(file, given)).toBe(shown);
  });
});
