import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STYLE, escape, htmlTable } from './html';
import type { SimulationReport } from './report';

export interface ComparedRun {
  schedule: string;
  report: SimulationReport;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** The measures side by side: the state at every deadline either schedule had, and what it cost. */
function measuresOf(report: SimulationReport): Record<string, number | string> {
  const row: Record<string, number | string> = { deadline: report.parameters.deadline };
  for (const m of report.milestones) {
    const on = `${m.date} (${m.what})`;
    row[`with MitID on ${on}`] = percent(m.mitIdShare);
    row[`still on NemID on ${on}`] = m.stillOnNemId;
    row[`Citizen Service, 8 weeks before ${on}: longest queue`] = m.peakQueueBefore;
    row[`Citizen Service, 8 weeks before ${on}: mean wait, working days`] = m.meanWaitBefore;
  }
  row['Citizen Service: longest wait, working days'] = report.citizenService.peakWaitDays;
  row['Citizen Service: gave up on a long wait'] = report.citizenService.gaveUp;
  row['letters sent'] = report.totals.lettersAll;
  return row;
}

/** Two schedules on one population and seed, side by side: compare.json and index.html in `out`. */
export function writeComparison(out: string, runs: ComparedRun[]): Record<string, Record<string, number | string>> {
  const rows = Object.fromEntries(runs.map(({ schedule, report }) => [schedule, measuresOf(report)]));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'compare.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const names = Object.keys(rows);
  const measures = [...new Set(names.flatMap((n) => Object.keys(rows[n])))];
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Overgang: ${names.map(escape).join(' against ')}</title>
${STYLE}</head>
<body><h1>${names.map(escape).join(' against ')}</h1>
<p>The same generated population and seed under each schedule: the state at each deadline either schedule had, and Citizen Service in the eight weeks before it.</p>
${htmlTable(
  ['', ...names],
  measures.map((m) => [m, ...names.map((n) => rows[n][m] ?? '')]),
)}
<p>${names.map((n) => `<a href="${escape(n)}/index.html">${escape(n)} in full</a>`).join(' · ')}</p>
</body></html>
`;
  writeFileSync(join(out, 'index.html'), html);
  return rows;
}
