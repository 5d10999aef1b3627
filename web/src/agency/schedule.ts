import type { Text } from '../../../src/domain/text';
import { DEADLINE_IN_THE_PAST } from '../../../src/domain/transition/decider';
import { api } from '../api';
import { confirmed } from '../confirm';
import { h } from '../dom';
import { field, input, onSubmit, showErrors } from '../forms';
import { formatDate, pick, t } from '../i18n';

export interface Milestone {
  milestone: string;
  name: Text;
  on: string;
  passed: boolean;
}

export interface Schedule {
  schedule: { deadline: string; nemIdShutdown: string };
  deadlineVersion: number;
  deadlineChanges: { from: string; to: string; reason: string; movedOn: string }[];
  milestones: Milestone[];
  /** The business date: a deadline cannot move before it. */
  today: string;
}

/** The deadline in force, its moves, the milestones, and the form that moves it: a past date is refused before anything is asked. */
export function scheduleSection(schedule: Schedule, onMoved: (next: Schedule) => void): Node[] {
  const to = input({ type: 'date', min: schedule.today });
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
    // The API's rule and words, before anything is asked or sent.
    if (to.value && to.value < schedule.today) return showErrors(form, [{ field: 'to', reason: pick(DEADLINE_IN_THE_PAST) }]);
    if (to.value && !(await confirmed(t('moveDeadline'), t('confirmMove', { from: formatDate(schedule.schedule.deadline), to: formatDate(to.value) })))) return;
    onMoved(await api<Schedule>('/api/v1/transition-schedule/deadline', { method: 'POST', body: { to: to.value, reason: reason.value } }));
  });
  return [
    h('p', { class: 'deadline' }, t('deadlineInForce', { date: formatDate(schedule.schedule.deadline), version: schedule.deadlineVersion })),
    schedule.deadlineChanges.length > 0
      ? h(
          'div',
          {},
          h('h3', {}, t('deadlineMoves')),
          h(
            'ul',
            {},
            schedule.deadlineChanges.map((c) =>
              h(
                'li',
                {},
                t('movedFromTo', { movedOn: formatDate(c.movedOn), from: formatDate(c.from), to: formatDate(c.to) }),
                ' – ',
                h('span', { class: 'user-text' }, c.reason),
              ),
            ),
          ),
        )
      : null,
    h(
      'table',
      { class: 'stack' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [t('milestone'), t('date'), t('passed')].map((text) => h('th', { scope: 'col' }, text)),
        ),
      ),
      h(
        'tbody',
        {},
        schedule.milestones.map((m) =>
          h(
            'tr',
            { 'data-milestone': m.milestone },
            h('td', { 'data-label': t('milestone') }, pick(m.name)),
            h('td', { 'data-label': t('date') }, formatDate(m.on)),
            h('td', { 'data-label': t('passed') }, m.passed ? t('yes') : t('no')),
          ),
        ),
      ),
    ),
    form,
  ].filter((node) => node !== null);
}
