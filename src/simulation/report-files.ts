import { POPULATION_PARAMETERS } from '../population/population-parameters';
import type { VisitReason } from './behaviour';
import { STYLE, escape, htmlTable as table } from './html';
import type { SimulationReport } from './report';
import { chartImg, writePages } from './pages';
import { Language, TEXT, Texts, languageLink, percentIn } from './report-text';
import { ParameterName, SIMULATION_PARAMETERS } from './simulation-parameters';
import { REPORTED_SHARES, figureIn } from './targets';

const CHARTS = {
  adoption: (report: SimulationReport, t: Texts) => ({
    title: t.chartAdoption,
    width: 720,
    height: 300,
    layer: [
      {
        data: { values: report.weeks.map((w) => ({ week: w.week, share: w.mitIdShare })) },
        mark: 'line',
        encoding: {
          x: { field: 'week', type: 'temporal', title: null },
          y: { field: 'share', type: 'quantitative', title: t.axisWithMitId, axis: { format: '%' }, scale: { domain: [0, 1] } },
        },
      },
      {
        data: { values: REPORTED_SHARES.map((p) => ({ week: p.date, share: p.share })) },
        mark: { type: 'point', filled: true, size: 80, color: '#b3261e' },
        encoding: { x: { field: 'week', type: 'temporal' }, y: { field: 'share', type: 'quantitative' } },
      },
    ],
  }),
  letters: (report: SimulationReport, t: Texts) => ({
    title: t.chartLetters,
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
      y: { field: 'letters', type: 'quantitative', aggregate: 'sum', title: t.axisLetters },
      color: { field: 'kind', type: 'nominal', title: null },
    },
  }),
  retired: (report: SimulationReport, t: Texts) => ({
    title: t.chartRetired,
    width: 720,
    height: 220,
    data: { values: report.weeks.map((w) => ({ week: w.week, retired: w.nemIdsRetired })) },
    mark: 'bar',
    encoding: { x: { field: 'week', type: 'temporal', title: null }, y: { field: 'retired', type: 'quantitative', title: t.axisRetired } },
  }),
  'citizen-service': (report: SimulationReport, t: Texts) => ({
    title: t.chartCitizenService,
    width: 720,
    height: 260,
    data: { values: report.weeks.map((w) => ({ week: w.week, waiting: w.citizenServiceQueue, wait: w.citizenServiceMeanWaitDays })) },
    encoding: { x: { field: 'week', type: 'temporal', title: null } },
    layer: [
      { mark: { type: 'area', opacity: 0.4, color: '#0b5cad' }, encoding: { y: { field: 'waiting', type: 'quantitative', title: t.axisWaiting } } },
      { mark: { type: 'line', color: '#b3261e' }, encoding: { y: { field: 'wait', type: 'quantitative', title: t.axisMeanWait } } },
    ],
    resolve: { scale: { y: 'independent' } },
  }),
} as const;

/** report.json (the numbers), a PNG per chart and a page per language, in `out`: nothing in them depends on when or where it ran. */
export async function writeReport(out: string, report: SimulationReport): Promise<void> {
  await writePages(out, report, { json: ['report.json', report], charts: CHARTS, page: reportPage });
}

function reportPage(report: SimulationReport, language: Language): string {
  const t = TEXT[language];
  const { parameters: p, totals, atDeadline, atShutdown, citizenService } = report;
  const percent = percentIn(language);
  const points = (share: number) => t.points(`${share >= 0 ? '+' : ''}${percent(share).slice(0, -2)}`);
  const parameters = [
    ...Object.entries(POPULATION_PARAMETERS).map(([name, { value, source }]) => [name, Array.isArray(value) ? value.join(', ') : value, source]),
    ...Object.entries(SIMULATION_PARAMETERS).map(([name, { value, source }]) => {
      const used = report.model.values[name as ParameterName];
      return [name, used === value ? value : t.fitted(String(used), report.model.file, String(value)), source];
    }),
  ];
  const chart = (name: keyof typeof CHARTS, alt: string) => chartImg(name, language, alt);
  return `<!DOCTYPE html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escape(t.reportTitle(p.schedule, p.citizens, p.seed))}</title>
${STYLE}</head>
<body>
${languageLink(language)}
<h1>${t.reportHeading}</h1>
<p>${escape(t.reportIntro(p.schedule, p.deadline, p.shutdown, p.citizens, p.seed, p.from, p.to))}</p>
<h2>${t.summary}</h2>
${table(
  ['', ''],
  [
    [t.holdersImported, totals.holders],
    [t.withMitIdAtDeadline, t.stillOnNemId(percent(atDeadline.mitIdShare), atDeadline.stillOnNemId)],
    [t.withMitIdAtShutdown, t.stillOnNemId(percent(atShutdown.mitIdShare), atShutdown.stillOnNemId)],
    [t.lettersSent, totals.lettersAll],
    [t.infoUpdated, totals.infoUpdated],
    [t.mitIdsCreated, totals.mitIdsCreated],
    [t.nemIdsRetired, totals.nemIdsRetired],
    [t.visits, citizenService.visits],
    [t.queueLabel, t.queueValue(citizenService.peakQueue, citizenService.peakWaitDays, citizenService.meanWaitDays)],
    [t.gaveUp, citizenService.gaveUp],
  ],
)}
<h2>${t.againstReported}</h2>
${table(
  [t.figure, t.reported, t.simulated, t.difference, t.source],
  report.calibration.map((r) =>
    r.unit === 'share'
      ? [figureIn(r.figure, language), percent(r.real), percent(r.simulated), points(r.difference), r.source]
      : [figureIn(r.figure, language), r.real, r.simulated, r.difference, r.source],
  ),
)}
<h2>${t.atEachDeadline}</h2>
${table(
  [t.date, '', t.withMitId, t.stillOnNemIdColumn, t.longestQueueBefore, t.meanWaitBefore],
  report.milestones.map((m) => [m.date, t.milestone(m), percent(m.mitIdShare), m.stillOnNemId, m.peakQueueBefore, m.meanWaitBefore]),
)}
<h2>${t.whoNeedsAVisit}</h2>
${table(
  [t.why, t.holders],
  Object.entries(report.needingVisit).map(([why, n]) => [t.visitReason[why as VisitReason] ?? why, n]),
)}
${chart('adoption', t.chartAdoption)}
${chart('letters', t.chartLetters)}
${chart('retired', t.chartRetired)}
${chart('citizen-service', t.chartCitizenService)}
<h2>${t.lettersByKind}</h2>
${table([t.kind, t.sent], Object.entries(totals.letters))}
<h2>${t.refused}</h2>
${table([t.rule, t.times], Object.entries(report.refusedByRule))}
<h2>${t.parameters}</h2>
${table([t.parameter, t.value, t.source], parameters)}
</body>
</html>
`;
}
