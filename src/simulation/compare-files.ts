import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STYLE, escape, htmlTable } from './html';
import type { SimulationReport } from './report';
import { LANGUAGES, Language, PAGE, TEXT, languageLink, percentIn } from './report-text';

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
<p>${names.map((n) => `<a href="${escape(n)}/${PAGE[language]}">${escape(t.inFull(n))}</a>`).join(' · ')}</p>
</body></html>
`;
}

/** Two schedules on one population and seed, side by side: compare.json (named in English) and a page per language in `out`. */
export function writeComparison(out: string, runs: ComparedRun[]): Record<string, Record<string, number | string>> {
  const rows = Object.fromEntries(runs.map(({ schedule, report }) => [schedule, measuresOf(report, 'en')]));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'compare.json'), `${JSON.stringify(rows, null, 2)}\n`);
  for (const language of LANGUAGES) writeFileSync(join(out, PAGE[language]), comparePage(runs, language));
  return rows;
}
