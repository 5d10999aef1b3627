/** `npm run bench`: every benchmark in this folder, each in its own process writing bench/results/<name>.json, then one table of all. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SummaryRow, summaryRows } from './harness';

const only = process.argv[2];
const scripts = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only)));
let failed = false;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, script)], { stdio: 'inherit' });
  failed ||= run.status !== 0;
}

const results = join(__dirname, 'results');
const rows: SummaryRow[] = readdirSync(results)
  .filter((f) => f.endsWith('.json') && f !== 'summary.json')
  .flatMap((f) => summaryRows(JSON.parse(readFileSync(join(results, f), 'utf8'))));
console.log('\nrates per second; ratio and target in % of the raw baseline measured in the same run');
console.table(rows);
writeFileSync(join(results, 'summary.json'), JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2) + '\n');
process.exit(failed ? 1 : 0);
