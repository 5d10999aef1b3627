import type uPlot from 'uplot';
import { CITIZEN_STATUSES } from '../../src/domain/citizen/state';
import { STATUS_NAMES } from '../../src/domain/citizen/labels';
import type { DailyProgressRow } from '../../projections/migration-progress';
import type { ProjectionStatus } from '../../src/projection-engine/projection-engine';
import { api } from './api';
import { Campaign, campaignTable, startCampaignForm } from './agency/campaigns';
import { dailyChart } from './agency/chart';
import { ImportItem, importForm, importTable } from './agency/imports';
import { projectionTable } from './agency/projections';
import { Schedule, scheduleSection } from './agency/schedule';
import { simulationForm, simulationTable } from './agency/simulations';
import { erasureForm, retentionForm, retentionRunTable } from './agency/retention';
import type { RetentionRun } from '../../src/domain/retention/decider';
import type { SimulationJobView } from '../../src/simulation/simulation-api';
import { h, show } from './dom';
import { formatNumber, pick, t } from './i18n';
import { failure, startPage } from './shell';

interface Progress {
  byStatus: Record<string, number>;
  total: number;
  daily: DailyProgressRow[];
  projections: ProjectionStatus[];
}

const REFRESH_MS = 2000;

function funnel(progress: Progress): Node {
  const widest = Math.max(1, ...Object.values(progress.byStatus));
  return h(
    'table',
    { class: 'funnel' },
    h('caption', {}, `${t('total')}: ${formatNumber(progress.total)}`),
    h(
      'tbody',
      {},
      CITIZEN_STATUSES.map((status) => {
        const count = progress.byStatus[status] ?? 0;
        return h(
          'tr',
          { 'data-status': status },
          h('th', { scope: 'row' }, pick(STATUS_NAMES[status])),
          h('td', { class: 'count' }, formatNumber(count)),
          h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, h('span', { class: 'bar', 'data-width': String(Math.round((100 * count) / widest)) })),
        );
      }),
    ),
  );
}

/** Bar widths are set through the CSSOM: the pages' CSP allows no inline style attributes. */
function sizeBars(container: Element): void {
  for (const bar of container.querySelectorAll<HTMLElement>('[data-width]')) bar.style.width = `${bar.dataset.width}%`;
}

function render(main: HTMLElement): void {
  const funnelBox = h('div', { id: 'funnel' });
  const chartBox = h('div', { id: 'daily-chart', class: 'chart' });
  const campaignsBox = h('div', { id: 'campaigns', class: 'wide' });
  const scheduleBox = h('div', { id: 'schedule' });
  const importsBox = h('div', { id: 'imports', class: 'wide' });
  const simulationsBox = h('div', { id: 'simulations', class: 'wide' });
  const retentionBox = h('div', { id: 'retention-runs', class: 'wide' });
  const retentionFormBox = h('div', { id: 'retention-form' });
  const projectionsBox = h('div', { id: 'projections', class: 'wide' });
  let chart: uPlot | undefined;
  let schedule: Schedule | undefined;
  let lastDaily = '';

  const refresh = async () => {
    try {
      const [progress, { items: campaigns }, imports, simulations, runs] = await Promise.all([
        api<Progress>('/api/v1/progress'),
        api<{ items: Campaign[] }>('/api/v1/campaigns?limit=50'),
        api<ImportItem[]>('/api/v1/population/imports'),
        api<SimulationJobView[]>('/api/v1/simulations'),
        api<RetentionRun[]>('/api/v1/retention/runs'),
      ]);
      show(funnelBox, funnel(progress));
      sizeBars(funnelBox);
      // Redrawn only when a day changed: the chart keeps its state while nothing moves.
      const daily = JSON.stringify(progress.daily);
      if (daily !== lastDaily) {
        lastDaily = daily;
        chart = dailyChart(chartBox, progress.daily, schedule, chart);
      }
      show(
        campaignsBox,
        campaignTable(campaigns, () => void refresh()),
      );
      show(importsBox, importTable(imports));
      show(simulationsBox, simulationTable(simulations));
      show(retentionBox, retentionRunTable(runs));
      show(
        projectionsBox,
        projectionTable(progress.projections, () => void refresh()),
      );
    } catch (error) {
      show(funnelBox, failure(error));
    }
  };
  const showSchedule = (next: Schedule) => {
    schedule = next;
    lastDaily = '';
    // The form is made once, with the business day the schedule was read on: refreshing keeps what was typed.
    if (!retentionFormBox.firstChild)
      show(
        retentionFormBox,
        retentionForm(next.today, () => void refresh()),
        erasureForm(() => void refresh()),
      );
    show(scheduleBox, scheduleSection(next, showSchedule));
    void refresh();
  };

  show(
    main,
    h('h1', {}, t('agencyTitle')),
    h('section', { 'aria-labelledby': 'funnel-heading' }, h('h2', { id: 'funnel-heading' }, t('funnel')), funnelBox),
    h('section', { 'aria-labelledby': 'daily-heading' }, h('h2', { id: 'daily-heading' }, t('daily')), h('p', { class: 'help' }, t('dailyHelp')), chartBox),
    h(
      'section',
      { 'aria-labelledby': 'campaigns-heading' },
      h('h2', { id: 'campaigns-heading' }, t('campaigns')),
      campaignsBox,
      startCampaignForm(() => void refresh()),
    ),
    h('section', { 'aria-labelledby': 'schedule-heading' }, h('h2', { id: 'schedule-heading' }, t('schedule')), scheduleBox),
    h(
      'section',
      { 'aria-labelledby': 'imports-heading' },
      h('h2', { id: 'imports-heading' }, t('imports')),
      importsBox,
      importForm(() => void refresh()),
    ),
    h(
      'section',
      { 'aria-labelledby': 'simulations-heading' },
      h('h2', { id: 'simulations-heading' }, t('simulations')),
      h('p', { class: 'help' }, t('simulationsHelp')),
      simulationsBox,
      simulationForm(() => void refresh()),
    ),
    h(
      'section',
      { 'aria-labelledby': 'retention-heading' },
      h('h2', { id: 'retention-heading' }, t('retention')),
      h('p', { class: 'help' }, t('retentionHelp')),
      retentionBox,
      retentionFormBox,
    ),
    h(
      'section',
      { 'aria-labelledby': 'projections-heading' },
      h('h2', { id: 'projections-heading' }, t('projections')),
      h('p', { class: 'help' }, t('projectionsHelp')),
      projectionsBox,
    ),
  );
  void api<Schedule>('/api/v1/transition-schedule')
    .then(showSchedule)
    .catch((error: unknown) => show(scheduleBox, failure(error)));
  // Live while the page is in view; a hidden tab asks nothing.
  const timer = setInterval(() => {
    if (!funnelBox.isConnected) return clearInterval(timer);
    if (document.visibilityState === 'visible') void refresh();
  }, REFRESH_MS);
}

startPage({ title: 'agencyTitle', role: 'agency', render });
