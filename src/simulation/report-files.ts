import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POPULATION_PARAMETERS } from '../population/population-parameters';
import { chartPng } from './charts';
import { STYLE, escape, htmlTable as table } from './html';
import type { SimulationReport } from './report';
import { REPORTED_SHARES } from './targets';
import { ParameterName, SIMULATION_PARAMETERS } from './simulation-parameters';

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const points = (share: number) => `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} points`;

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
        data: { values: REPORTED_SHARES.map((p) => ({ week: p.date, share: p.share })) },
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
    title: 'Citizen Service: people waiting at the end of the week, and the mean wait of those served (working days)',
    width: 720,
    height: 260,
    data: { values: report.weeks.map((w) => ({ week: w.week, waiting: w.citizenServiceQueue, wait: w.citizenServiceMeanWaitDays })) },
    encoding: { x: { field: 'week', type: 'temporal', title: null } },
    layer: [
      { mark: { type: 'area', opacity: 0.4, color: '#0b5cad' }, encoding: { y: { field: 'waiting', type: 'quantitative', title: 'waiting' } } },
      { mark: { type: 'line', color: '#b3261e' }, encoding: { y: { field: 'wait', type: 'quantitative', title: 'mean wait (working days)' } } },
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
  const parameters = [
    ...Object.entries(POPULATION_PARAMETERS).map(([name, { value, source }]) => [name, Array.isArray(value) ? value.join(', ') : value, source]),
    ...Object.entries(SIMULATION_PARAMETERS).map(([name, { value, source }]) => {
      const used = report.model.values[name as ParameterName];
      return [name, used === value ? value : `${used} (fitted, ${report.model.file}; declared ${value})`, source];
    }),
  ];
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Overgang simulation: ${escape(p.schedule)}, ${escape(p.citizens)} citizens, seed ${escape(p.seed)}</title>
${STYLE}</head>
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
      `${citizenService.peakQueue} people, ${citizenService.peakWaitDays} working days, ${citizenService.meanWaitDays} working days`,
    ],
    ['Citizen Service: gave up on a long wait (until the next letter)', citizenService.gaveUp],
  ],
)}
<h2>Simulated against reported (the calibration's targets)</h2>
${table(
  ['figure', 'reported', 'simulated', 'difference', 'source'],
  report.calibration.map((r) =>
    r.unit === 'share'
      ? [r.figure, percent(r.real), percent(r.simulated), points(r.difference), r.source]
      : [r.figure, r.real, r.simulated, r.difference, r.source],
  ),
)}
<h2>At each deadline</h2>
${table(
  ['date', '', 'with MitID', 'still on NemID', 'Citizen Service in the 8 weeks before: longest queue', 'mean wait, working days'],
  report.milestones.map((m) => [m.date, m.what, percent(m.mitIdShare), m.stillOnNemId, m.peakQueueBefore, m.meanWaitBefore]),
)}
<h2>Who needs a visit to Citizen Service</h2>
${table(['why', 'holders'], Object.entries(report.needingVisit))}
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
