import { ERASURE_BASES, ErasureBasis } from '../../../src/domain/citizen/events';
import { ERASURE_BASIS_NAMES } from '../../../src/domain/citizen/labels';
import { type RetentionPlan, type RetentionRun, runAhead } from '../../../src/domain/retention/decider';
import { api } from '../api';
import { confirmed } from '../confirm';
import { h, show, stackTable } from '../dom';
import { clearErrors, field, input, onSubmit, select, showErrors, showFailure } from '../forms';
import { formatDate, formatInstant, formatNumber, pick, t } from '../i18n';

function runRow(run: RetentionRun): Node {
  return h(
    'tr',
    { 'data-run': run.runId, 'data-finished': String(run.finishedAt !== undefined) },
    h('th', { scope: 'row' }, formatDate(run.asOf)),
    h('td', { 'data-label': t('retentionRetiredBy') }, formatDate(run.retiredBy), h('br'), h('small', {}, t('retentionYears', { years: run.retentionYears }))),
    h('td', { 'data-label': t('retentionForgotten') }, `${formatNumber(run.forgotten)} / ${formatNumber(run.planned)}`),
    h('td', { 'data-label': t('status') }, run.finishedAt ? t('retentionFinished', { at: formatInstant(run.finishedAt) }) : t('retentionRunning')),
  );
}

export function retentionRunTable(runs: RetentionRun[]): Node {
  if (runs.length === 0) return h('p', {}, t('noRetentionRuns'));
  return stackTable('retention-runs', [t('retentionAsOf'), t('retentionRetiredBy'), t('retentionForgotten'), t('status')], runs.map(runRow));
}

function planView(plan: RetentionPlan): Node {
  const years = Object.entries(plan.byRetirementYear);
  return h(
    'div',
    { class: 'retention-plan', role: 'status' },
    h('p', {}, t('retentionPlanned', { holders: formatNumber(plan.holders), by: formatDate(plan.retiredBy), years: plan.retentionYears })),
    years.length > 0
      ? h(
          'ul',
          {},
          years.map(([year, holders]) => h('li', {}, t('retentionByYear', { year, holders: formatNumber(holders) }))),
        )
      : null,
  );
}

/**
 * The retention rule: a plan as of any day (who would be forgotten), and a run as of today or before, after a
 * confirmation; the API refuses a day after today and says why next to the field.
 */
export function retentionForm(today: string, onStarted: () => void): HTMLFormElement {
  const asOf = input({ type: 'date', value: today });
  const planBox = h('div', { id: 'retention-plan' });
  const planButton = h('button', { type: 'button', class: 'secondary' }, t('retentionShowPlan'));
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'retention-form-heading' },
    h('h3', { id: 'retention-form-heading' }, t('retentionRunHeading')),
    field('asOf', t('retentionAsOf'), asOf, t('retentionAsOfHelp')),
    planBox,
    planButton,
    h('button', { type: 'submit' }, t('retentionStart')),
  );
  const plan = async () => {
    const planned = await api<RetentionPlan>(`/api/v1/retention/plan?asOf=${encodeURIComponent(asOf.value)}`);
    show(planBox, planView(planned));
    return planned;
  };
  planButton.addEventListener('click', () => {
    clearErrors(form);
    void plan().catch((error: unknown) => showFailure(form, error));
  });
  onSubmit(form, async () => {
    if (asOf.value > today) return showErrors(form, [{ field: 'asOf', reason: pick(runAhead(today)) }]);
    const planned = await plan();
    if (!(await confirmed(t('retentionStart'), t('retentionConfirm', { holders: formatNumber(planned.holders), date: formatDate(asOf.value) })))) return;
    await api('/api/v1/retention/runs', { method: 'POST', body: { asOf: asOf.value } });
    onStarted();
  });
  return form;
}

/** One citizen now, by the agency's decision (or under the rule, if their period has ended). */
export function erasureForm(onDone: () => void): HTMLFormElement {
  const citizenId = input({ type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const basis = select(
    ERASURE_BASES.map((value) => ({ value, text: pick(ERASURE_BASIS_NAMES[value]) })),
    'agency-decision' satisfies ErasureBasis,
  );
  const done = h('p', { role: 'status' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'erasure-heading' },
    h('h3', { id: 'erasure-heading' }, t('erasureHeading')),
    field('citizenId', t('erasureCitizen'), citizenId, t('erasureCitizenHelp')),
    field('basis', t('erasureBasis'), basis),
    done,
    h('button', { type: 'submit' }, t('erasureStart')),
  );
  onSubmit(form, async () => {
    done.textContent = '';
    if (!(await confirmed(t('erasureHeading'), t('erasureConfirm')))) return;
    await api(`/api/v1/citizens/${encodeURIComponent(citizenId.value.trim())}/erasure`, { method: 'POST', body: { basis: basis.value } });
    done.textContent = t('erasureDone');
    onDone();
  });
  return form;
}
