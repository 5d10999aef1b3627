import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POPULATION_PARAMETERS } from '../population/population-parameters';
import { chartPng } from './charts';
import { REAL_ADOPTION, SimulationReport } from './report';
import { SIMULATION_PARAMETERS } from './simulation-parameters';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (text: unknown) => String(text).replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]);
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const table = (head: string[], rows: unknown[][]) =>
  `<table><thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const CHARTS = {
  'adoption.png': (report: SimulationReport) => ({
    title: 'Share of NemID holders with MitID, per week (points: reported figures)',
    width: 720,
    height: 300,
    layer: [
      {
        data: { values: report.weeks.map((w) => ({ week: w.week, share: w.mitIdShare })) },
        mark: 'line',
        encoding: {
          x: { field: 'week', type: 'temporal', title: null },
          y: { field: 'share', type: 'quantitative', title: 'with MitID', axis: { format: '%' }, scale: { domain: [0, 1] } },
        },
      },
      {
        data: { values: REAL_ADOPTION.map((p) => ({ week: p.date, share: p.share })) },
        mark: { type: 'point', filled: true, size: 80, color: '#b3261e' },
        encoding: { x: { field: 'week', type: 'temporal' }, y: { field: 'share', type: 'quantitative' } },
      },
    ],
  }),
  'letters.png': (report: SimulationReport) => ({
    title: 'Letters and notices sent per week, by kind',
    width: 720,
    height: 300,
    data: {
      values: report.weeks.flatMap((w) =>
        Object.entries(w.letters)
          .filter(([, n]) => n > 0)
          .map(([kind, n]) => ({ week: w.week, kind, letters: n })),
      ),
    },
    mark: 'bar',
    encoding: {
      x: { field: 'week', type: 'temporal', title: null },
      y: { field: 'letters', type: 'quantitative', aggregate: 'sum', title: 'letters' },
      color: { field: 'kind', type: 'nominal', title: null },
    },
  }),
  'retired.png': (report: SimulationReport) => ({
    title: 'NemIDs retired per week',
    width: 720,
    height: 220,
    data: { values: report.weeks.map((w) => ({ week: w.week, retired: w.nemIdsRetired })) },
    mark: 'bar',
    encoding: { x: { field: 'week', type: 'temporal', title: null }, y: { field: 'retired', type: 'quantitative', title: 'retired' } },
  }),
  'citizen-service.png': (report: SimulationReport) => ({
    title: 'Citizen Service: people waiting at the end of the week, and the mean wait of those served (days)',
    width: 720,
    height: 260,
    data: { values: report.weeks.map((w) => ({ week: w.week, waiting: w.citizenServiceQueue, wait: w.citizenServiceMeanWaitDays })) },
    encoding: { x: { field: 'week', type: 'temporal', title: null } },
    layer: [
      { mark: { type: 'area', opacity: 0.4, color: '#0b5cad' }, encoding: { y: { field: 'waiting', type: 'quantitative', title: 'waiting' } } },
      { mark: { type: 'line', color: '#b3261e' }, encoding: { y: { field: 'wait', type: 'quantitative', title: 'mean wait (days)' } } },
    ],
    resolve: { scale: { y: 'independent' } },
  }),
} as const;

/** report.json (the numbers), a PNG per chart and index.html, in `out`: nothing in them depends on when or where it ran. */
export async function writeReport(out: string, report: SimulationReport): Promise<void> {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const [file, spec] of Object.entries(CHARTS)) writeFileSync(join(out, file), await chartPng(spec(report) as never));
  const { parameters: p, totals, atDeadline, atShutdown, citizenService } = report;
  const parameters = Object.entries({ ...POPULATION_PARAMETERS, ...SIMULATION_PARAMETERS }).map(([name, { value, source }]) => [
    name,
    Array.isArray(value) ? value.join(', ') : value,
    source,
  ]);
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Overgang simulation: ${escape(p.schedule)}, ${escape(p.citizens)} citizens, seed ${escape(p.seed)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.5}table{border-collapse:collapse;margin:1em 0}th,td{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left}img{max-width:100%}</style></head>
<body>
<h1>The transition, simulated</h1>
<p>Schedule <strong>${escape(p.schedule)}</strong> (deadline ${escape(p.deadline)}, NemID shut down after ${escape(p.shutdown)}), ${escape(p.citizens)} generated NemID holders (seed ${escape(p.seed)}), ${escape(p.from)} to ${escape(p.to)}, every day run with the real campaigns, scheduler and delivery.</p>
<h2>Summary</h2>
${table(
  ['', ''],
  [
    ['Holders imported', totals.holders],
    ['With MitID at the deadline', `${percent(atDeadline.mitIdShare)} (${atDeadline.stillOnNemId} still on NemID)`],
    ['With MitID at the shutdown', `${percent(atShutdown.mitIdShare)} (${atShutdown.stillOnNemId} still on NemID)`],
    ['Letters and notices sent', totals.lettersAll],
    ['Information updated', totals.infoUpdated],
    ['MitIDs created', totals.mitIdsCreated],
    ['NemIDs retired', totals.nemIdsRetired],
    ['Citizen Service visits', citizenService.visits],
    [
      'Citizen Service: longest queue, longest wait, mean wait',
      `${citizenService.peakQueue} people, ${citizenService.peakWaitDays} days, ${citizenService.meanWaitDays} days`,
    ],
  ],
)}
<h2>Simulated against reported</h2>
${table(
  ['date', 'reported share with MitID', 'simulated', 'difference'],
  report.realAgainstSimulated.map((r) => [
    r.date,
    percent(r.real),
    percent(r.simulated),
    `${r.difference >= 0 ? '+' : ''}${(r.difference * 100).toFixed(1)} points`,
  ]),
)}
<img src="adoption.png" alt="Share of NemID holders with MitID per week, with the reported figures as points">
<img src="letters.png" alt="Letters and notices sent per week by kind">
<img src="retired.png" alt="NemIDs retired per week">
<img src="citizen-service.png" alt="Citizen Service queue length and mean wait per week">
<h2>Letters by kind</h2>
${table(['kind', 'sent'], Object.entries(totals.letters))}
<h2>What the rules refused the model</h2>
${table(['rule', 'times'], Object.entries(report.refusedByRule))}
<h2>Parameters</h2>
${table(['parameter', 'value', 'source'], parameters)}
</body>
</html>
`;
  writeFileSync(join(out, 'index.html'), html);
}

export interface ComparedRun {
  schedule: string;
  report: SimulationReport;
}

/** Two schedules on one population and seed, side by side. */
export function writeComparison(out: string, runs: ComparedRun[]): Record<string, Record<string, number | string>> {
  const rows: Record<string, Record<string, number | string>> = Object.fromEntries(
    runs.map(({ schedule, report }) => [
      schedule,
      {
        deadline: report.parameters.deadline,
        mitIdShareAtDeadline: report.atDeadline.mitIdShare,
        stillOnNemIdAtDeadline: report.atDeadline.stillOnNemId,
        stillOnNemIdAtShutdown: report.atShutdown.stillOnNemId,
        peakCitizenServiceWaitDays: report.citizenService.peakWaitDays,
        peakCitizenServiceQueue: report.citizenService.peakQueue,
        lettersSent: report.totals.lettersAll,
      },
    ]),
  );
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'compare.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const names = Object.keys(rows);
  const measures = Object.keys(rows[names[0]]);
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Overgang: ${names.map(escape).join(' against ')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:collapse}th,td{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left}</style></head>
<body><h1>${names.map(escape).join(' against ')}</h1>
${table(
  ['', ...names],
  measures.map((m) => [m, ...names.map((n) => rows[n][m])]),
)}
<p>${names.map((n) => `<a href="${escape(n)}/index.html">${escape(n)} in full</a>`).join(' · ')}</p>
</body></html>
`;
  writeFileSync(join(out, 'index.html'), html);
  return rows;
}
