/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm, so a few inserted lines in a
 * big file cost little), in the format `git apply` and `patch -p1` read: `--- a/path`, `+++ b/path`,
 * hunks with 3 lines of context, and `\ No newline at end of file` where it applies.
 */

interface Line {
  readonly text: string;
  /** False only for a last line without a line break. */
  readonly newline: boolean;
}

function splitLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop()!;
  const lines: Line[] = parts.map((part) => ({ text: part, newline: true }));
  if (last !== '') lines.push({ text: last, newline: false });
  return lines;
}

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: Line };

function same(a: Line, b: Line): boolean {
  return a.text === b.text && a.newline === b.newline;
}

/** The edit script from `a` to `b`: kept, removed and added lines in order. */
function diffLines(a: readonly Line[], b: readonly Line[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && same(a[x], b[y])) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1] });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1] });
      else ops.push({ kind: '-', line: a[x - 1] });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

function renderOp(op: Op): string[] {
  const out = [`${op.kind}${op.line.text}`];
  if (!op.line.newline) out.push('\\ No newline at end of file');
  return out;
}

/**
 * `--- a/<path>` / `+++ b/<path>` and the hunks; an empty string when the texts are equal.
 * `path` is shown as given (use `/`-separated paths relative to where the patch will be applied).
 */
export function unifiedDiff(before: string, after: string, path: string, context = 3): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let i = 0;
  while (i < ops.length) {
    // The next change, then a hunk from `context` lines before it to `context` lines after the
    // last change that is no more than 2*context lines from the previous one.
    while (i < ops.length && ops[i].kind === ' ') i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    let gap = 0;
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind === ' ') {
        gap++;
        if (gap > 2 * context) break;
      } else {
        gap = 0;
        end = j;
      }
    }
    const stop = Math.min(ops.length, end + context + 1);
    let oldStart = 1;
    let newStart = 1;
    for (let j = 0; j < start; j++) {
      if (ops[j].kind !== '+') oldStart++;
      if (ops[j].kind !== '-') newStart++;
    }
    const hunk = ops.slice(start, stop);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    // An empty range starts at the line before it.
    const range = (first: number, count: number) => `${count === 0 ? first - 1 : first}${count === 1 ? '' : `,${count}`}`;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) out.push(...renderOp(op));
    i = stop;
  }
  return `${out.join('\n')}\n`;
}
