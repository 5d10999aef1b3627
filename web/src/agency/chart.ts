import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DailyProgressRow } from '../../../projections/migration-progress';
import { h, show } from '../dom';
import { formatDate, formatNumber, shortDate, t } from '../i18n';
import type { Schedule } from './schedule';
import { SERIES, chartData, epochSeconds, isoDateOf, transitionSpan } from './series';

const COLOURS = ['#0b5cad', '#2e7d32', '#6a1b9a', '#b3261e'];
const SHARE_COLOUR = '#1a1a1a';
const DAY = 86_400;

/** The daily series over the transition, the deadline in force (red) and the ones it moved from (grey), the MitID share on its own axis. */
export function dailyChart(container: HTMLElement, daily: DailyProgressRow[], schedule: Schedule | undefined, previous: uPlot | undefined): uPlot | undefined {
  previous?.destroy();
  const span = schedule && transitionSpan(daily, schedule);
  if (!span) {
    show(container, h('p', {}, t('noDays')));
    return undefined;
  }
  show(container);
  const deadlines = [...schedule.deadlineChanges.map((c) => c.from), schedule.schedule.deadline];
  const markDeadlines = (chart: uPlot) => {
    const { ctx } = chart;
    ctx.save();
    deadlines.forEach((date, i) => {
      const x = chart.valToPos(epochSeconds(date), 'x', true);
      ctx.strokeStyle = i === deadlines.length - 1 ? '#b3261e' : '#888';
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chart.bbox.top);
      ctx.lineTo(x, chart.bbox.top + chart.bbox.height);
      ctx.stroke();
    });
    ctx.restore();
  };
  const data = chartData(daily, span) as uPlot.AlignedData;
  const latest = data[0].length - 1;
  const from = Math.min(epochSeconds(span.from), ...deadlines.map(epochSeconds)) - DAY;
  const to = Math.max(epochSeconds(span.to), ...deadlines.map(epochSeconds)) + DAY;
  const count = (_: uPlot, value: number | null) => (value === null || value === undefined ? '–' : formatNumber(value));
  const chart = new uPlot(
    {
      width: Math.max(280, container.clientWidth || 800),
      height: 300,
      scales: { x: { time: true, range: [from, to] }, count: { auto: true }, share: { range: [0, 100] } },
      axes: [
        { values: (_, ticks) => ticks.map((tick) => shortDate(isoDateOf(tick))), space: 70 },
        // Wide enough for the largest day's count in the reader's number format.
        { scale: 'count', size: 64, values: (_, ticks) => ticks.map((tick) => formatNumber(tick)) },
        { scale: 'share', side: 1, size: 48, grid: { show: false }, values: (_, ticks) => ticks.map((tick) => `${tick} %`) },
      ],
      series: [
        { label: t('date'), value: (_, value) => (value === null ? '–' : formatDate(isoDateOf(value))) },
        ...SERIES.map((key, i) => ({ label: `${t(`series.${key}`)} (${t('perDay')})`, stroke: COLOURS[i], width: 2, scale: 'count', value: count })),
        {
          label: t('series.mitIdShare'),
          stroke: SHARE_COLOUR,
          width: 2,
          dash: [2, 3],
          scale: 'share',
          value: (_: uPlot, value: number | null) => (value === null ? '–' : `${formatNumber(value)} %`),
        },
      ],
      hooks: {
        draw: [markDeadlines],
        // The legend shows the latest day's values whenever the cursor points at no day.
        setCursor: [(u) => u.cursor.idx == null && u.setLegend({ idx: latest })],
      },
    },
    data,
    container,
  );
  chart.setLegend({ idx: latest });
  return chart;
}
