import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Band, BandsReport } from './bands';
import { chartPng } from './charts';
import { STYLE, escape, htmlTable } from './html';
import { REPORTED_SHARES } from './targets';

const x = { field: 'week', type: 'temporal', title: null };

/** A band (10th to 90th percentile) with its median as a line. */
const bandLayers = (values: { week: string; band: Band }[], title: string, color: string, format?: string) => [
  {
    data: { values: values.map((v) => ({ week: v.week, low: v.band.p10, high: v.band.p90 })) },
    mark: { type: 'area', opacity: 0.3, color },
    encoding: { x, y: { field: 'low', type: 'quantitative', title, ...(format ? { axis: { format } } : {}) }, y2: { field: 'high' } },
  },
  {
    data: { values: values.map((v) => ({ week: v.week, median: v.band.p50 })) },
    mark: { type: 'line', color },
    encoding: { x, y: { field: 'median', type: 'quantitative' } },
  },
];

const CHARTS = {
  'adoption.png': (b: BandsReport) => ({
    title: `Share with MitID: median of ${b.runs} runs, band 10th-90th percentile (points: reported figures)`,
    width: 720,
    height: 300,
    layer: [
      ...bandLayers(
        b.weeks.map((w) => ({ week: w.week, band: w.mitIdShare })),
        'with MitID',
        '#0b5cad',
        '%',
      ),
      {
        data: { values: REPORTED_SHARES.map((p) => ({ week: p.date, share: p.share })) },
        mark: { type: 'point', filled: true, size: 80, color: '#b3261e' },
        encoding: { x: { field: 'week', type: 'temporal' }, y: { field: 'share', type: 'quantitative' } },
      },
    ],
  }),
  'citizen-service.png': (b: BandsReport) => ({
    title: `Citizen Service: mean wait of those served, working days (median, 10th-90th percentile)`,
    width: 720,
    height: 260,
    layer: bandLayers(
      b.weeks.map((w) => ({ week: w.week, band: w.citizenServiceMeanWaitDays })),
      'mean wait (working days)',
      '#b3261e',
    ),
  }),
  'queue.png': (b: BandsReport) => ({
    title: `Citizen Service: people waiting at the end of the week, for ${b.scaleTo} holders (median, 10th-90th percentile)`,
    width: 720,
    height: 260,
    layer: bandLayers(
      b.weeks.map((w) => ({ week: w.week, band: w.citizenServiceQueue })),
      'waiting',
      '#0b5cad',
    ),
  }),
} as const;

const bandText = (b: Band, format: (n: number) => string = String) => `${format(b.p50)} (${format(b.p10)} to ${format(b.p90)})`;
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** bands.json, a PNG per chart and index.html for K runs of one schedule. */
export async function writeBands(out: string, b: BandsReport): Promise<void> {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'bands.json'), `${JSON.stringify(b, null, 2)}\n`);
  for (const [file, spec] of Object.entries(CHARTS)) writeFileSync(join(out, file), await chartPng(spec(b) as never));
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Overgang simulation: ${escape(b.schedule)}, ${b.runs} runs</title>${STYLE}</head>
<body>
<h1>The transition, simulated ${b.runs} times</h1>
<p>Schedule <strong>${escape(b.schedule)}</strong>, ${b.citizens} generated holders, seeds ${b.seeds.join(', ')}. Each figure: the median of the runs, and in brackets the 10th to the 90th percentile. Counts are stated for ${b.scaleTo} holders (the sample's counts times ${b.scaleTo} / ${b.citizens}).</p>
<h2>For ${b.scaleTo} holders</h2>
${htmlTable(
  ['', 'median (10th to 90th percentile)'],
  Object.entries(b.nation).map(([figure, band]) => [figure, bandText(band)]),
)}
<h2>Simulated against reported</h2>
${htmlTable(
  ['figure', 'reported', 'simulated', 'source'],
  b.calibration.map((r) => [
    r.figure,
    r.unit === 'share' ? percent(r.real) : r.real,
    r.unit === 'share' ? bandText(r.simulated, percent) : bandText(r.simulated),
    r.source,
  ]),
)}
<h2>At each deadline</h2>
${htmlTable(
  ['date', '', 'with MitID', 'still on NemID', 'longest queue in the 8 weeks before', 'mean wait, working days'],
  b.milestones.map((m) => [m.date, m.what, bandText(m.mitIdShare, percent), bandText(m.stillOnNemId), bandText(m.peakQueueBefore), bandText(m.meanWaitBefore)]),
)}
<img src="adoption.png" alt="Share with MitID per week, median and band over the runs, with the reported figures as points">
<img src="citizen-service.png" alt="Citizen Service mean wait per week, median and band over the runs">
<img src="queue.png" alt="Citizen Service queue per week, median and band over the runs">
<p>${b.seeds.map((seed) => `<a href="seed-${seed}/index.html">seed ${seed}</a>`).join(' · ')}</p>
</body>
</html>
`;
  writeFileSync(join(out, 'index.html'), html);
}
