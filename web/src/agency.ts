import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CITIZEN_STATUSES } from '../../src/domain/citizen/state';
import { COHORT_FILTERS, PUBLIC_COHORT_FILTERS } from '../../src/domain/campaign/cohort';
import { LETTER_CAMPAIGN_KINDS } from '../../src/domain/campaign/events';
import type { CampaignProgressRow } from '../../projections/campaign-progress';
import type { DailyProgressRow } from '../../projections/migration-progress';
import { api } from './api';
import { h, show } from './dom';
import { field, input, onSubmit, select } from './forms';
import { formatDate, formatInstant, formatNumber, t, tOr } from './i18n';
import { failure, startPage } from './shell';

interface Progress {
  byStatus: Record<string, number>;
  total: number;
  daily: DailyProgressRow[];
}
/** A campaign in full (from its own stream): asked for only while it is not completed. */
interface Campaign {
  campaignId: string;
  status: CampaignProgressRow['status'];
  kind: string;
  targeted: number;
  sent: number;
  skipped: number;
  delivered: number;
  remaining: number;
  lettersPerSecond: number | null;
  estimatedCompletionAt: string | null;
}
interface Milestone {
  milestone: string;
  notice: string;
  on: string;
  passed: boolean;
}
interface Schedule {
  schedule: { deadline: string };
  deadlineVersion: number;
  deadlineChanges: { from: string; to: string; reason: string; movedOn: string }[];
  milestones: Milestone[];
}

interface ImportView {
  importId: string;
  name: string;
  status: 'running' | 'completed';
  bytes: number;
  bytesRead: number;
  rows: { read: number; imported: number; alreadyPresent: number; rejected: number };
  rowsPerSecond: number;
  etaSeconds: number;
  waiting: 'disk-full' | null;
}

const SERIES = ['lettersSent', 'infoUpdated', 'mitIdsCreated', 'nemIdsRetired'] as const;
const COLOURS = ['#0b5cad', '#2e7d32', '#6a1b9a', '#b3261e'];
const REFRESH_MS = 2000;
const IMPORTS_KEY = 'overgang-imports';

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
          h('th', { scope: 'row' }, tOr(`status.${status}`)),
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

const epochSeconds = (isoDate: string) => Date.parse(`${isoDate}T12:00:00Z`) / 1000;

/** The daily series, with the deadline in force and every earlier one drawn as vertical lines. */
function dailyChart(container: HTMLElement, daily: DailyProgressRow[], schedule: Schedule | undefined, previous: uPlot | undefined): uPlot | undefined {
  previous?.destroy();
  if (daily.length === 0) {
    show(container, h('p', {}, t('noDays')));
    return undefined;
  }
  show(container);
  const deadlines = schedule ? [...schedule.deadlineChanges.map((c) => c.from), schedule.schedule.deadline] : [];
  const markDeadlines = (chart: uPlot) => {
    const { ctx } = chart;
    ctx.save();
    deadlines.forEach((date, i) => {
      const x = chart.valToPos(epochSeconds(date), 'x', true);
      ctx.strokeStyle = i === deadlines.length - 1 ? '#b3261e' : '#888';
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chart.bbox.top);
      ctx.lineTo(x, chart.bbox.top + chart.bbox.height);
      ctx.stroke();
    });
    ctx.restore();
  };
  const data: uPlot.AlignedData = [daily.map((row) => epochSeconds(row.date)), ...SERIES.map((key) => daily.map((row) => row[key]))];
  const xs = data[0] as number[];
  const range: [number, number] = [Math.min(xs[0], ...deadlines.map(epochSeconds)) - 86400, Math.max(xs[xs.length - 1], ...deadlines.map(epochSeconds)) + 86400];
  return new uPlot(
    {
      width: Math.max(320, container.clientWidth || 800),
      height: 280,
      scales: { x: { time: true, range } },
      series: [{ label: t('date') }, ...SERIES.map((key, i) => ({ label: t(`series.${key}`), stroke: COLOURS[i], width: 2 }))],
      hooks: { draw: [markDeadlines] },
    },
    data,
    container,
  );
}

/** A completed campaign needs no more than its list row; so do letters with no campaign of their own (the desk's). */
const asCampaign = (row: CampaignProgressRow): Campaign => ({
  campaignId: row.campaignId,
  status: row.status,
  kind: row.kind ?? '',
  targeted: row.targeted,
  sent: row.sent,
  skipped: Math.max(0, row.targeted - row.sent),
  delivered: row.delivered,
  remaining: 0,
  lettersPerSecond: null,
  estimatedCompletionAt: null,
});

function campaignRow(campaign: Campaign, refresh: () => void): Node {
  const done = campaign.sent + campaign.skipped;
  const max = Math.max(1, done + campaign.remaining);
  const act = (action: 'pause' | 'resume') => () =>
    void api(`/api/v1/campaigns/${campaign.campaignId}/${action}`, { method: 'POST' })
      .then(refresh)
      .catch((error: unknown) => document.querySelector('#campaigns')?.prepend(failure(error)));
  return h(
    'tr',
    { 'data-campaign': campaign.campaignId, 'data-status': campaign.status },
    h('th', { scope: 'row' }, campaign.campaignId, campaign.kind ? [h('br'), h('small', {}, tOr(`kind.${campaign.kind}`))] : null),
    h('td', {}, tOr(`campaign.${campaign.status}`)),
    h(
      'td',
      {},
      h('progress', { value: String(campaign.status === 'completed' ? max : done), max: String(max), 'aria-label': `${t('progress')} ${campaign.campaignId}` }),
      h('br'),
      h('small', { class: 'counts' }, t('sentOf', { sent: formatNumber(campaign.sent), skipped: formatNumber(campaign.skipped), remaining: formatNumber(campaign.remaining) })),
    ),
    h('td', {}, campaign.lettersPerSecond === null ? '–' : t('perSecond', { n: formatNumber(Math.round(campaign.lettersPerSecond)) })),
    h('td', {}, campaign.estimatedCompletionAt && campaign.status !== 'completed' ? formatInstant(campaign.estimatedCompletionAt) : '–'),
    h(
      'td',
      {},
      campaign.status === 'running' ? h('button', { type: 'button', onclick: act('pause') }, t('pause')) : null,
      campaign.status === 'paused' ? h('button', { type: 'button', onclick: act('resume') }, t('resume')) : null,
    ),
  );
}

function campaignTable(campaigns: Campaign[], refresh: () => void): Node {
  if (campaigns.length === 0) return h('p', {}, t('noCampaigns'));
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, [t('campaign'), 'Status', t('progress'), t('rate'), t('eta'), ''].map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, campaigns.map((c) => campaignRow(c, refresh))),
  );
}

/** The start form, its cohort fields derived from the declared cohort filters. */
function startCampaignForm(refresh: () => void): HTMLFormElement {
  const kind = select(LETTER_CAMPAIGN_KINDS.map((k) => ({ value: k, text: tOr(`kind.${k}`) })));
  const cohortFields = PUBLIC_COHORT_FILTERS.map((name) => {
    const declared = COHORT_FILTERS[name];
    const options =
      declared.kind === 'status'
        ? [{ value: '', text: t('any') }, ...CITIZEN_STATUSES.map((s) => ({ value: s, text: tOr(`status.${s}`) }))]
        : [
            { value: '', text: t('any') },
            { value: 'true', text: t('yes') },
            { value: 'false', text: t('no') },
          ];
    return field(name, `${name} – ${declared.description}`, select(options));
  });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'start-heading' },
    h('h3', { id: 'start-heading' }, t('startCampaign')),
    field('campaignId', t('campaignId'), input({ spellcheck: 'false', autocomplete: 'off' })),
    field('kind', t('kind'), kind),
    h('fieldset', {}, h('legend', {}, t('cohort')), cohortFields),
    field('ratePerSecond', t('ratePerSecond'), input({ type: 'number', min: '1', value: '100', inputmode: 'numeric' })),
    field('startAt', t('startAt'), input({ type: 'datetime-local' })),
    h('button', { type: 'submit' }, t('start')),
  );
  onSubmit(form, async () => {
    const data = new FormData(form);
    const cohort: Record<string, string | boolean> = {};
    for (const name of PUBLIC_COHORT_FILTERS) {
      const value = String(data.get(name) ?? '');
      if (value !== '') cohort[name] = COHORT_FILTERS[name].kind === 'boolean' ? value === 'true' : value;
    }
    const startAt = String(data.get('startAt') ?? '');
    const rate = String(data.get('ratePerSecond') ?? '');
    const campaignId = String(data.get('campaignId') ?? '').trim();
    await api('/api/v1/campaigns', {
      method: 'POST',
      body: {
        ...(campaignId ? { campaignId } : {}),
        kind: kind.value,
        cohort,
        // A number when it reads as one; otherwise as typed, so the API names what is wrong with it.
        ratePerSecond: rate !== '' && Number.isFinite(Number(rate)) ? Number(rate) : rate,
        ...(startAt ? { startAt: new Date(startAt).toISOString() } : {}),
      },
    });
    refresh();
  });
  return form;
}

function scheduleSection(schedule: Schedule, onMoved: (next: Schedule) => void): Node[] {
  const to = input({ type: 'date' });
  const reason = input({ maxlength: '200' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'move-heading' },
    h('h3', { id: 'move-heading' }, t('moveDeadline')),
    field('to', t('newDeadline'), to),
    field('reason', t('moveReason'), reason),
    h('button', { type: 'submit' }, t('move')),
  );
  onSubmit(form, async () => {
    if (to.value && !(await confirmed(t('confirmMove', { from: formatDate(schedule.schedule.deadline), to: formatDate(to.value) })))) return;
    onMoved(await api<Schedule>('/api/v1/transition-schedule/deadline', { method: 'POST', body: { to: to.value, reason: reason.value } }));
  });
  return [
    h('p', { class: 'deadline' }, t('deadlineInForce', { date: formatDate(schedule.schedule.deadline), version: schedule.deadlineVersion })),
    schedule.deadlineChanges.length > 0
      ? h('div', {}, h('h3', {}, t('deadlineMoves')), h('ul', {}, schedule.deadlineChanges.map((c) => h('li', {}, t('movedFromTo', { movedOn: formatDate(c.movedOn), from: formatDate(c.from), to: formatDate(c.to), reason: c.reason })))))
      : null,
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, [t('milestone'), t('kind'), t('date'), t('passed')].map((text) => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, schedule.milestones.map((m) => h('tr', {}, h('td', {}, m.milestone), h('td', {}, tOr(`kind.${m.notice}`)), h('td', {}, formatDate(m.on)), h('td', {}, m.passed ? t('yes') : t('no'))))),
    ),
    form,
  ].filter((node) => node !== null);
}

/** An accessible yes/no question in a modal dialog. */
function confirmed(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'confirm' }, t('confirm'));
    const no = h('button', { type: 'button' }, t('cancel'));
    const dialog = h('dialog', { 'aria-label': t('moveDeadline'), class: 'confirm-dialog' }, h('p', {}, question), h('div', { class: 'actions' }, yes, no));
    const answer = (value: boolean) => () => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    yes.addEventListener('click', answer(true));
    no.addEventListener('click', answer(false));
    dialog.addEventListener('cancel', answer(false));
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

const knownImports = (): string[] => JSON.parse(sessionStorage.getItem(IMPORTS_KEY) ?? '[]') as string[];
const rememberImport = (importId: string) => sessionStorage.setItem(IMPORTS_KEY, JSON.stringify([importId, ...knownImports().filter((id) => id !== importId)]));

function importItem(view: ImportView): Node {
  return h(
    'li',
    { 'data-import': view.importId, 'data-status': view.status },
    h('strong', {}, view.name),
    ` – ${tOr(`import.${view.status}`)}: `,
    h('progress', { value: String(view.bytesRead), max: String(Math.max(1, view.bytes)), 'aria-label': view.name }),
    ' ',
    h('span', { class: 'counts' }, t('importCounts', { read: formatNumber(view.rows.read), imported: formatNumber(view.rows.imported), alreadyPresent: formatNumber(view.rows.alreadyPresent), rejected: formatNumber(view.rows.rejected) })),
    view.rows.rejected > 0 ? [' ', h('a', { href: `/api/v1/population/imports/${view.importId}/rejects`, download: `${view.importId}-rejects.csv` }, t('downloadRejects'))] : null,
    view.waiting ? [' ', h('strong', { class: 'waiting', 'data-waiting': view.waiting }, t(`import.waiting.${view.waiting}`))] : null,
  );
}

function importForm(onImported: () => void): HTMLFormElement {
  const file = h('input', { type: 'file', accept: '.csv,.ndjson,text/csv,application/x-ndjson' });
  const form = h('form', { class: 'card', novalidate: true }, field('file', t('registerFile'), file), h('button', { type: 'submit' }, t('upload')));
  onSubmit(form, async () => {
    const chosen = file.files?.[0];
    if (!chosen) throw new Error(t('chooseFile'));
    const contentType = chosen.name.endsWith('.ndjson') ? 'application/x-ndjson' : 'text/csv';
    const view = await api<ImportView>('/api/v1/population/imports', { method: 'POST', body: chosen, contentType });
    rememberImport(view.importId);
    onImported();
  });
  return form;
}

function render(main: HTMLElement): void {
  const funnelBox = h('div', { id: 'funnel' });
  const chartBox = h('div', { id: 'daily-chart', class: 'chart' });
  const campaignsBox = h('div', { id: 'campaigns' });
  const scheduleBox = h('div', { id: 'schedule' });
  const importsBox = h('ul', { id: 'imports', class: 'imports' });
  let chart: uPlot | undefined;
  let schedule: Schedule | undefined;
  let lastDaily = '';

  const refresh = async () => {
    try {
      const [progress, list, imports] = await Promise.all([
        api<Progress>('/api/v1/progress'),
        api<{ items: CampaignProgressRow[] }>('/api/v1/campaigns?limit=50'),
        Promise.all(knownImports().map((id) => api<ImportView>(`/api/v1/population/imports/${id}`))),
      ]);
      const campaigns = await Promise.all(
        list.items.map((row) => (row.status === 'running' || row.status === 'paused' ? api<Campaign>(`/api/v1/campaigns/${row.campaignId}`) : asCampaign(row))),
      );
      show(funnelBox, funnel(progress));
      sizeBars(funnelBox);
      // Redrawn only when a day changed: the chart keeps its state while nothing moves.
      const daily = JSON.stringify(progress.daily);
      if (daily !== lastDaily) {
        lastDaily = daily;
        chart = dailyChart(chartBox, progress.daily, schedule, chart);
      }
      show(campaignsBox, campaignTable(campaigns, () => void refresh()));
      show(importsBox, imports.map(importItem));
    } catch (error) {
      show(funnelBox, failure(error));
    }
  };
  const showSchedule = (next: Schedule) => {
    schedule = next;
    lastDaily = '';
    show(scheduleBox, scheduleSection(next, showSchedule));
    void refresh();
  };

  show(
    main,
    h('h1', {}, t('agencyTitle')),
    h('section', { 'aria-labelledby': 'funnel-heading' }, h('h2', { id: 'funnel-heading' }, t('funnel')), funnelBox),
    h('section', { 'aria-labelledby': 'daily-heading' }, h('h2', { id: 'daily-heading' }, t('daily')), h('p', { class: 'help' }, t('dailyHelp')), chartBox),
    h('section', { 'aria-labelledby': 'campaigns-heading' }, h('h2', { id: 'campaigns-heading' }, t('campaigns')), campaignsBox, startCampaignForm(() => void refresh())),
    h('section', { 'aria-labelledby': 'schedule-heading' }, h('h2', { id: 'schedule-heading' }, t('schedule')), scheduleBox),
    h('section', { 'aria-labelledby': 'imports-heading' }, h('h2', { id: 'imports-heading' }, t('imports')), importsBox, importForm(() => void refresh())),
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
