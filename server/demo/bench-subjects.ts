/**
 * Times the demo generator: 50,000 subjects in memory, then N subjects (default 1,000,000) streamed to
 * a CSV file, reporting wall time and peak RSS.
 *
 *   npx tsx server/demo/bench-subjects.ts [rows] [path]
 */
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoDirectory, writeSubjectsCsv } from './generate.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const path = process.argv[3] ?? join(tmpdir(), `jointcheck-subjects-${rows}.csv`);

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

let t = performance.now();
let n = 0;
for (const s of new DemoDirectory('linzi-2026', 50_000)) if (s.key) n++;
console.log(`generate 50,000 subjects: ${(performance.now() - t).toFixed(0)} ms (${n} rows)`);

t = performance.now();
const written = await writeSubjectsCsv(path, rows);
const ms = performance.now() - t;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const size = (await stat(path)).size;
console.log(
  `stream ${written.toLocaleString('en')} subjects to ${path}: ${(ms / 1000).toFixed(2)} s, ` +
    `${(size / 2 ** 20).toFixed(0)} MiB, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
);
