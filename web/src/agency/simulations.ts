import { SIMULATION_LIMITS, SimulationJobView } from '../../../src/simulation/simulation-api';
import { api } from '../api';
import { h, stackTable } from '../dom';
import { field, input, onSubmit } from '../forms';
import { formatDate, formatInstant, formatNumber, language, t, tOr } from '../i18n';

function simulationRow(job: SimulationJobView): Node {
  const compared = job.deadline ? t('simulationProposed', { date: formatDate(job.deadline) }) : t('simulationOriginal');
  return h(
    'tr',
    { 'data-simulation': job.id, 'data-status': job.status },
    h('th', { scope: 'row' }, compared),
    h('td', { 'data-label': t('startedBy') }, job.requestedBy, h('br'), h('small', {}, formatInstant(job.startedAt))),
    h('td', { 'data-label': t('simulationHolders') }, formatNumber(job.citizens), h('br'), h('small', {}, t('simulationSeed', { seed: job.seed }))),
    h(
      'td',
      { 'data-label': t('status') },
      tOr(`simulation.${job.status}`),
      job.progress !== undefined
        ? [h('br'), h('progress', { value: String(job.progress), max: '1', 'aria-label': t('simulationProgress') }), ` ${Math.round(job.progress * 100)} %`]
        : null,
      job.report ? [h('br'), h('a', { href: job.report[language()], target: '_blank', rel: 'noopener' }, t('simulationReport'))] : null,
    ),
  );
}

export function simulationTable(jobs: SimulationJobView[]): Node {
  if (jobs.length === 0) return h('p', {}, t('noSimulations'));
  return stackTable('simulations', [t('simulationCompared'), t('startedBy'), t('simulationHolders'), t('status')], jobs.map(simulationRow));
}

/** A proposed deadline (or none: the original schedule) beside the real one; the API checks the fields and says why. */
export function simulationForm(onStarted: () => void): HTMLFormElement {
  const deadline = input({ type: 'date' });
  const { min, max } = SIMULATION_LIMITS.citizens;
  const citizens = input({ type: 'number', min: String(min), max: String(max), step: '100', value: String(SIMULATION_LIMITS.citizens.default) });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'simulate-heading' },
    h('h3', { id: 'simulate-heading' }, t('simulate')),
    field('deadline', t('proposedDeadline'), deadline, t('proposedDeadlineHelp')),
    field('citizens', t('simulationHolders'), citizens, t('simulationHoldersHelp', { min: formatNumber(min), max: formatNumber(max) })),
    h('button', { type: 'submit' }, t('startSimulation')),
  );
  onSubmit(form, async () => {
    await api('/api/v1/simulations', {
      method: 'POST',
      body: { citizens: citizens.value === '' ? undefined : Number(citizens.value), ...(deadline.value ? { deadline: deadline.value } : {}) },
    });
    onStarted();
  });
  return form;
}
