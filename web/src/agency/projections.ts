import type { ProjectionStatus } from '../../../src/projection-engine/projection-engine';
import { ON_STALL } from '../../../src/projection-engine/read-model-file/faults';
import { ON_STALL_NAMES, STALL_ACTIONS, StallAction } from '../../../src/read-models/stall-texts';
import { api } from '../api';
import { confirmed } from '../confirm';
import { h } from '../dom';
import { formatInstant, formatNumber, pick, t } from '../i18n';
import { failure } from '../shell';

/** One read model: how far behind, and when stalled the event, its error, and the choices (each asked again before it is made). */
function projectionRow(status: ProjectionStatus, refresh: () => void): Node {
  const report = (error: unknown) => document.querySelector('#projections')?.prepend(failure(error));
  const act = (action: StallAction) => async () => {
    if (!(await confirmed(t('projectionStalled'), `${status.name}: ${pick(STALL_ACTIONS[action])}?`))) return;
    await api(`/api/v1/projections/${status.name}/${action}`, { method: 'POST' }).then(refresh, report);
  };
  const choose = (event: Event) =>
    void api(`/api/v1/projections/${status.name}/on-stall`, { method: 'PUT', body: { onStall: (event.target as HTMLSelectElement).value } }).then(
      refresh,
      report,
    );
  const stalled = status.stalled;
  const cell = (label: string, ...content: (Node | string | null | Node[])[]) => h('td', { 'data-label': label }, ...content);
  return h(
    'tr',
    { 'data-projection': status.name, 'data-state': stalled ? 'stalled' : 'running' },
    h('th', { scope: 'row' }, status.name),
    cell(t('behind'), formatNumber(Number(BigInt(status.head) - BigInt(status.position)))),
    cell(
      t('status'),
      stalled
        ? [
            h('strong', { class: 'waiting' }, t('projectionStalledOn', { type: stalled.eventType, position: stalled.position, failures: stalled.failures })),
            h('br'),
            h('small', {}, stalled.error, ' · ', formatInstant(stalled.lastFailedAt)),
          ]
        : t('projectionRunning'),
    ),
    cell(
      t('onStall'),
      h(
        'select',
        { 'aria-label': `${t('onStall')}: ${status.name}`, onchange: choose },
        ON_STALL.map((choice) => h('option', { value: choice, selected: choice === status.onStall }, pick(ON_STALL_NAMES[choice]))),
      ),
    ),
    cell(
      t('actions'),
      stalled
        ? (Object.keys(STALL_ACTIONS) as StallAction[]).map((action) =>
            h('button', { type: 'button', 'data-action': action, onclick: () => void act(action)() }, pick(STALL_ACTIONS[action])),
          )
        : null,
    ),
  );
}

export function projectionTable(statuses: ProjectionStatus[], refresh: () => void): Node {
  return h(
    'table',
    { class: 'stack projections' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('readModel'), t('behind'), t('status'), t('onStall'), t('actions')].map((heading) => h('th', { scope: 'col' }, heading)),
      ),
    ),
    h(
      'tbody',
      {},
      statuses.map((status) => projectionRow(status, refresh)),
    ),
  );
}
