/**
 * Preloaded by `npm run bench` (`node --import ./scripts/bench-rss.mjs ...`): writes the process's
 * peak resident set size, in KiB, to the file named by FLOWLINT_BENCH_RSS when it exits.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.FLOWLINT_BENCH_RSS;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
