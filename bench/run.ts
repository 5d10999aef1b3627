/** `npm run bench`: every benchmark in this folder, each in its own process writing bench/results/<name>.json, then one table of all. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SummaryRow, summaryRows } from './harness';

const only = process.argv[2];
const scripts = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only)));
const started = new Date().toISOString();
const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, script)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(script);
}

// Only what this run measured: a bench that failed leaves its last file behind, from another day.
const results = join(__dirname, 'results');
const rows: SummaryRow[] = readdirSync(results)
  .filter((f) => f.endsWith('.json') && f !== 'summary.json')
  .map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')) as Parameters<typeof summaryRows>[0] & { measuredAt: string })
  .filter((file) => file.measuredAt >= started)
  .flatMap(summaryRows);
console.log('\nrates per second; ratio and target in % of the raw baseline measured in the same run');
console.table(rows);
if (failed.length > 0) console.log(`failed, so not in the table: ${failed.join(', ')}`);
writeFileSync(join(results, 'summary.json'), JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2) + '\n');
process.exit(failed.length > 0 ? 1 : 0);
