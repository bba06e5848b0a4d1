import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { Progress } from '../src/cli/progress.js';
import { repoRoot } from './helpers/cli.js';

function fakeClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('progress on stderr', () => {
  it('stays quiet for a short scan', () => {
    const clock = fakeClock();
    const out: string[] = [];
    const progress = new Progress({ write: (text) => out.push(text), now: clock.now, delayMs: 1000 });
    for (let i = 0; i < 5; i++) {
      clock.advance(100);
      progress.update({ files: i * 10, inputs: i, current: `zips/${i}.zip` });
    }
    progress.done();
    expect(out).toEqual([]);
  });

  it('redraws one line at most every interval once the scan is long, and clears it at the end', () => {
    const clock = fakeClock();
    const out: string[] = [];
    const progress = new Progress({ write: (text) => out.push(text), now: clock.now, delayMs: 1000, intervalMs: 100, width: 100 });
    clock.advance(1500);
    progress.update({ files: 1234, inputs: 56, current: 'exports/Contoso Payroll_1_0_0_1.zip' });
    clock.advance(50);
    progress.update({ files: 1240, inputs: 57, current: 'exports/b.zip' }); // too soon: skipped
    clock.advance(100);
    progress.update({ files: 1300, inputs: 58, current: `exports/${'x'.repeat(200)}\u001b[2J.zip` });
    progress.done();
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('\r\u001b[2Kflowlint: 1,234 files linted (56 inputs, 1.5 s) · exports/Contoso Payroll_1_0_0_1.zip');
    // eslint-disable-next-line no-control-regex -- the line starts with the erase-line sequence
    expect(out[1]).toMatch(/^\r\u001b\[2Kflowlint: 1,300 files linted \(58 inputs, 1\.6 s\) · …x+\?\[2J\.zip$/);
    expect(out[1].length - 5).toBeLessThanOrEqual(100);
    expect(out[2]).toBe('\r\u001b[2K');
  });

  it('the CLI writes no progress when stderr is not a terminal, and leaves a terminal clean', async () => {
    for (const stderrIsTTY of [false, true]) {
      let stderr = '';
      const code = await runCli(['fixtures/example', '-f', 'json'], {
        cwd: repoRoot,
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        isTTY: false,
        stderrIsTTY,
        env: {},
      });
      expect(code).toBe(1);
      // The example lints in well under the delay: nothing, or a line that was cleared again.
      expect(stderr === '' || stderr.endsWith('\r\u001b[2K')).toBe(true);
      if (!stderrIsTTY) expect(stderr).toBe('');
    }
  });
});
