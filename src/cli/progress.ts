/**
 * Progress on stderr for long scans: one line, rewritten in place, with the files and inputs linted
 * so far and the input being read. Shown only when stderr is a terminal, and only once a scan has
 * taken longer than `delayMs`, so short runs, pipes and CI logs see nothing. The line is cleared
 * when the scan ends, before any report is written.
 */

export interface ProgressState {
  /** Files read so far (archive members included). */
  readonly files: number;
  /** Inputs done: archives, solution folders and lone files. */
  readonly inputs: number;
  /** The input just finished. */
  readonly current?: string;
}

export interface ProgressOptions {
  write(text: string): void;
  now?: () => number;
  /** Quiet for this long after the start (ms). */
  readonly delayMs?: number;
  /** At most one redraw per this many ms. */
  readonly intervalMs?: number;
  /** Longest line drawn (the current input's path is shortened from the left). */
  readonly width?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

// Controls and bidi marks from file names must not reach the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function count(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export class Progress {
  readonly #write: (text: string) => void;
  readonly #now: () => number;
  readonly #delayMs: number;
  readonly #intervalMs: number;
  readonly #width: number;
  readonly #started: number;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#write = options.write;
    this.#now = options.now ?? (() => performance.now());
    this.#delayMs = options.delayMs ?? 1000;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#width = Math.max(40, options.width ?? 100);
    this.#started = this.#now();
  }

  update(state: ProgressState): void {
    const now = this.#now();
    if (now - this.#started < this.#delayMs || now - this.#lastDraw < this.#intervalMs) return;
    this.#lastDraw = now;
    const seconds = ((now - this.#started) / 1000).toFixed(1);
    let line = `flowlint: ${count(state.files, 'file')} linted (${count(state.inputs, 'input')}, ${seconds} s)`;
    if (state.current !== undefined) {
      const room = this.#width - line.length - 3;
      const current = state.current.replace(UNSAFE, '?');
      if (room >= 10) line += ` · ${current.length > room ? `…${current.slice(current.length - room + 1)}` : current}`;
    }
    this.#write(`${CLEAR_LINE}${line}`);
    this.#drawn = true;
  }

  /** Clears the line, if one was drawn. */
  done(): void {
    if (this.#drawn) this.#write(CLEAR_LINE);
    this.#drawn = false;
  }
}
