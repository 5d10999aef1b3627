import { Band, BandsReport, NATION_TEXT } from './bands';
import { STYLE, escape, htmlTable } from './html';
import { chartImg, writePages } from './pages';
import { Language, PAGE, TEXT, Texts, languageLink, percentIn } from './report-text';
import { REPORTED_SHARES, figureIn } from './targets';

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
  adoption: (b: BandsReport, t: Texts) => ({
    title: t.chartBandAdoption(b.runs),
    width: 720,
    height: 300,
    layer: [
      ...bandLayers(
        b.weeks.map((w) => ({ week: w.week, band: w.mitIdShare })),
        t.axisWithMitId,
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
  'citizen-service': (b: BandsReport, t: Texts) => ({
    title: t.chartBandWait,
    width: 720,
    height: 260,
    layer: bandLayers(
      b.weeks.map((w) => ({ week: w.week, band: w.citizenServiceMeanWaitDays })),
      t.axisMeanWait,
      '#b3261e',
    ),
  }),
  queue: (b: BandsReport, t: Texts) => ({
    title: t.chartBandQueue(b.scaleTo),
    width: 720,
    height: 260,
    layer: bandLayers(
      b.weeks.map((w) => ({ week: w.week, band: w.citizenServiceQueue })),
      t.axisWaiting,
      '#0b5cad',
    ),
  }),
} as const;

/** bands.json, a PNG per chart and a page per language for K runs of one schedule. */
export async function writeBands(out: string, b: BandsReport): Promise<void> {
  await writePages(out, b, { json: ['bands.json', b], charts: CHARTS, page: bandsPage });
}

function bandsPage(b: BandsReport, language: Language): string {
  const t = TEXT[language];
  const percent = percentIn(language);
  const bandText = (band: Band, format: (n: number) => string = String) => t.bandValue(format(band.p50), format(band.p10), format(band.p90));
  const chart = (name: keyof typeof CHARTS, alt: string) => chartImg(name, language, alt);
  return `<!DOCTYPE html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escape(t.bandsTitle(b.schedule, b.runs))}</title>${STYLE}</head>
<body>
${languageLink(language)}
<h1>${escape(t.bandsHeading(b.runs))}</h1>
<p>${escape(t.bandsIntro(b.schedule, b.citizens, b.seeds.join(', '), b.scaleTo))}</p>
<h2>${escape(t.forHolders(b.scaleTo))}</h2>
${htmlTable(
  ['', t.band],
  Object.entries(b.nation).map(([figure, band]) => [NATION_TEXT[figure]?.[language] ?? figure, bandText(band)]),
)}
<h2>${t.againstReported}</h2>
${htmlTable(
  [t.figure, t.reported, t.simulated, t.source],
  b.calibration.map((r) => [
    figureIn(r.figure, language),
    r.unit === 'share' ? percent(r.real) : r.real,
    r.unit === 'share' ? bandText(r.simulated, percent) : bandText(r.simulated),
    r.source,
  ]),
)}
<h2>${t.atEachDeadline}</h2>
${htmlTable(
  [t.date, '', t.withMitId, t.stillOnNemIdColumn, t.longestQueueBefore, t.meanWaitBefore],
  b.milestones.map((m) => [
    m.date,
    t.milestone(m),
    bandText(m.mitIdShare, percent),
    bandText(m.stillOnNemId),
    bandText(m.peakQueueBefore),
    bandText(m.meanWaitBefore),
  ]),
)}
${chart('adoption', t.chartBandAdoption(b.runs))}
${chart('citizen-service', t.chartBandWait)}
${chart('queue', t.chartBandQueue(b.scaleTo))}
<p>${b.seeds.map((seed) => `<a href="seed-${seed}/${PAGE[language]}">${escape(t.seed(seed))}</a>`).join(' · ')}</p>
</body>
</html>
`;
}
