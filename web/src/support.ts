import { parseCpr } from '../../src/domain/cpr';
import { api } from './api';
import { h, show } from './dom';
import { field, input, onSubmit, showErrors } from './forms';
import { formatDate, formatInstant, t, tOr } from './i18n';
import { openLetter } from './letter-viewer';
import { failure, startPage } from './shell';

interface StatusView {
  citizenId: string;
  status: string;
  issuedOn: string;
  profile: { needsInfoUpdate: boolean; danishPassport: boolean; digitalPostExempt: boolean; residesAbroad: boolean; addressProtected: boolean; visualImpairment: string };
  infoUpdatedOn?: string;
  mitId?: { createdOn: string; route: string };
}

interface TimelineEntry {
  revision: number;
  at: string;
  type: string;
  summary: string;
  actor: { role: string; subject: string };
  letterId?: string;
}

/** The facts that change what support tells a caller, each shown only when it holds. */
function statusCard(view: StatusView): Node {
  const { profile } = view;
  const facts: [boolean, string][] = [
    [profile.digitalPostExempt, t('digitalPostExempt')],
    [!profile.danishPassport, t('noDanishPassport')],
    [profile.addressProtected, t('addressProtected')],
    [profile.visualImpairment !== 'none', `${t('visualImpairment')}: ${profile.visualImpairment}`],
    [profile.needsInfoUpdate && !view.infoUpdatedOn, t('infoUpdatePending')],
    [profile.residesAbroad, t('residesAbroad')],
  ];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading' }, t('statusCard')),
    h('p', { class: 'status', 'data-status': view.status }, tOr(`status.${view.status}`)),
    h('dl', {}, h('dt', {}, t('issuedOn')), h('dd', {}, formatDate(view.issuedOn)), view.mitId ? [h('dt', {}, t('mitIdCreated')), h('dd', {}, formatDate(view.mitId.createdOn))] : null),
    h('ul', { class: 'facts' }, facts.filter(([holds]) => holds).map(([, text]) => h('li', {}, text))),
  );
}

function timeline(citizenId: string, entries: TimelineEntry[], reason: string): Node {
  const newestFirst = [...entries].reverse();
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, t('timeline')),
    h(
      'ol',
      { class: 'timeline', reversed: true },
      newestFirst.map((entry) =>
        h(
          'li',
          { 'data-type': entry.type },
          h('time', { datetime: entry.at }, formatInstant(entry.at)),
          ' ',
          h('span', {}, entry.summary),
          ' ',
          h('span', { class: 'actor' }, t('by', { who: `${entry.actor.role} ${entry.actor.subject}` })),
          entry.letterId
            ? h('button', { type: 'button', class: 'link', onclick: () => void readLetter(citizenId, entry.letterId!, reason) }, t('openLetter'))
            : null,
        ),
      ),
    ),
  );
}

async function readLetter(citizenId: string, letterId: string, reason: string): Promise<void> {
  const query = new URLSearchParams({ reason, language: document.documentElement.lang === 'en' ? 'en' : 'da' });
  await openLetter(`/api/v1/citizens/${citizenId}/letters/${letterId}?${query}`).catch((error: unknown) => {
    document.querySelector('#citizen')?.prepend(failure(error));
  });
}

function render(main: HTMLElement): void {
  const cpr = field('cpr', t('cpr'), input({ autocomplete: 'off', inputmode: 'numeric', spellcheck: 'false' }), t('cprHelp'));
  const reason = field('reason', t('reason'), h('textarea', { rows: '2', maxlength: '500' }), t('reasonHelp'));
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'find-heading' }, h('h2', { id: 'find-heading' }, t('find')), cpr, reason, h('button', { type: 'submit' }, t('find')));
  const result = h('div', { id: 'citizen', 'aria-live': 'polite' });
  onSubmit(form, async () => {
    const data = new FormData(form);
    const number = String(data.get('cpr') ?? '');
    const why = String(data.get('reason') ?? '');
    // The same rules and words as the API, from the same code; the number goes in a POST body only.
    const parsed = parseCpr(number);
    if (!parsed.ok) return showErrors(form, [{ field: 'cpr', reason: parsed.reason }]);
    show(result);
    const { citizenId } = await api<{ citizenId: string }>('/api/v1/citizens/lookup', { method: 'POST', body: { cpr: number } });
    const query = new URLSearchParams({ reason: why });
    const view = await api<StatusView>(`/api/v1/citizens/${citizenId}/status?${query}`);
    const entries = await api<TimelineEntry[]>(`/api/v1/citizens/${citizenId}/timeline?${query}`);
    show(result, statusCard(view), timeline(citizenId, entries, why));
  });
  show(main, h('h1', {}, t('supportTitle')), h('p', {}, t('supportIntro')), form, result);
}

startPage({ title: 'supportTitle', role: 'support', render });
