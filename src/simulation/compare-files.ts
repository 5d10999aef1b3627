import { STYLE, escape, htmlTable } from './html';
import { chartImg, writePages } from './pages';
import type { SimulationReport } from './report';
import { Language, PAGE, TEXT, Texts, languageLink, percentIn } from './report-text';

export interface ComparedRun {
  schedule: string;
  report: SimulationReport;
}

/** The measures side by side, named in `language`: the state at every deadline either schedule had, and what it cost. */
function measuresOf(report: SimulationReport, language: Language): Record<string, number | string> {
  const t = TEXT[language];
  const percent = percentIn(language);
  const row: Record<string, number | string> = { [t.deadline]: report.parameters.deadline };
  for (const m of report.milestones) {
    const on = `${m.date} (${t.milestone(m)})`;
    row[t.withMitIdOn(on)] = percent(m.mitIdShare);
    row[t.stillOnNemIdOn(on)] = m.stillOnNemId;
    row[t.queueBeforeOn(on)] = m.peakQueueBefore;
    row[t.waitBeforeOn(on)] = m.meanWaitBefore;
  }
  row[t.longestWait] = report.citizenService.peakWaitDays;
  row[t.gaveUpShort] = report.citizenService.gaveUp;
  row[t.lettersSentShort] = report.totals.lettersAll;
  return row;
}

/** One line per schedule, week by week, with a rule at each deadline either schedule had. */
const weekly = (runs: ComparedRun[], t: Texts, title: string, axis: string, pick: (w: SimulationReport['weeks'][number]) => number, format?: string) => ({
  title,
  width: 720,
  height: 260,
  layer: [
    {
      data: { values: runs.flatMap(({ schedule, report }) => report.weeks.map((w) => ({ week: w.week, schedule, value: pick(w) }))) },
      mark: 'line',
      encoding: {
        x: { field: 'week', type: 'temporal', title: null },
        y: { field: 'value', type: 'quantitative', title: axis, ...(format ? { axis: { format } } : {}) },
        color: { field: 'schedule', type: 'nominal', title: null },
      },
    },
    {
      data: { values: runs[0].report.milestones.map((m) => ({ date: m.date, label: t.milestone(m) })) },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#555' },
      encoding: { x: { field: 'date', type: 'temporal' } },
    },
  ],
});

const CHARTS = {
  wait: (runs: ComparedRun[], t: Texts) => weekly(runs, t, t.chartCompareWait, t.axisMeanWait, (w) => w.citizenServiceMeanWaitDays),
  queue: (runs: ComparedRun[], t: Texts) => weekly(runs, t, t.chartCompareQueue, t.axisWaiting, (w) => w.citizenServiceQueue),
  adoption: (runs: ComparedRun[], t: Texts) => weekly(runs, t, t.chartCompareAdoption, t.axisWithMitId, (w) => w.mitIdShare, '%'),
};

function comparePage(runs: ComparedRun[], language: Language): string {
  const t = TEXT[language];
  const rows = Object.fromEntries(runs.map(({ schedule, report }) => [schedule, measuresOf(report, language)]));
  const names = Object.keys(rows);
  const measures = [...new Set(names.flatMap((n) => Object.keys(rows[n])))];
  return `<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escape(t.compareTitle(names.join(t.against)))}</title>
${STYLE}</head>
<body>
${languageLink(language)}
<h1>${names.map(escape).join(t.against)}</h1>
<p>${t.compareIntro}</p>
${htmlTable(
  ['', ...names],
  measures.map((m) => [m, ...names.map((n) => rows[n][m] ?? '')]),
)}
${chartImg('wait', language, t.chartCompareWait)}
${chartImg('queue', language, t.chartCompareQueue)}
${chartImg('adoption', language, t.chartCompareAdoption)}
<p>${names.map((n) => `<a href="${escape(n)}/${PAGE[language]}">${escape(t.inFull(n))}</a>`).join(' · ')}</p>
</body></html>
`;
}

/** Two schedules on one population and seed, side by side: compare.json (named in English), the charts and a page per language in `out`. */
export async function writeComparison(out: string, runs: ComparedRun[]): Promise<Record<string, Record<string, number | string>>> {
  const rows = Object.fromEntries(runs.map(({ schedule, report }) => [schedule, measuresOf(report, 'en')]));
  await writePages(out, runs, { json: ['compare.json', rows], charts: CHARTS, page: comparePage });
  return rows;
}
