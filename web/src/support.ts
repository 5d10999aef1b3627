import { ACCESS_REASON_MIN_LENGTH, ACCESS_REASON_TOO_SHORT } from '../../src/domain/citizen/labels';
import { CPR_SHAPE_REFUSED, containsCprShape, parseCpr } from '../../src/domain/cpr';
import { ApiError, api, request } from './api';
import { h, show } from './dom';
import { field, input, onSubmit, showErrors } from './forms';
import { language, pick, t } from './i18n';
import { showLetter } from './letter-viewer';
import { CitizenRecord, statusCard, timelineSection } from './record';
import { failure, startPage } from './shell';

/** What the opening brought: kept while the page is open, so switching language redraws it without opening the record again. */
let opened: { record: CitizenRecord; reason: string } | undefined;

/** The same rule and words as the API's, checked before anything is sent: a reason stays in the citizen's access log for good. */
function reasonProblem(reason: string): string | undefined {
  if (reason.trim().length < ACCESS_REASON_MIN_LENGTH) return pick(ACCESS_REASON_TOO_SHORT);
  if (containsCprShape(reason)) return pick(CPR_SHAPE_REFUSED);
  return undefined;
}

async function readLetter(citizenId: string, letterId: string, reason: string): Promise<void> {
  // The reason in the body, never in a URL: proxies and browsers keep URLs.
  const response = await request(`/api/v1/citizens/${citizenId}/letters/${letterId}/openings`, { method: 'POST', body: { reason, language: language() } });
  await showLetter(response);
}

function result(record: CitizenRecord, reason: string): Node[] {
  const onLetter = (letterId: string) =>
    void readLetter(record.status.citizenId, letterId, reason).catch((error: unknown) => document.querySelector('#citizen')?.prepend(failure(error)));
  return [statusCard(record.status), timelineSection(record, onLetter)];
}

function render(main: HTMLElement): void {
  const cpr = field('cpr', t('cpr'), input({ autocomplete: 'off', inputmode: 'numeric', spellcheck: 'false' }), t('cprHelp'));
  // One line: Enter searches, as in every search field.
  const reason = field('reason', t('reason'), input({ maxlength: '500', autocomplete: 'off' }), t('reasonHelp'));
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'find-heading' },
    h('h2', { id: 'find-heading' }, t('find')),
    cpr,
    reason,
    h('button', { type: 'submit' }, t('find')),
  );
  const box = h('div', { id: 'citizen', 'aria-live': 'polite' });
  onSubmit(form, async () => {
    const data = new FormData(form);
    const number = String(data.get('cpr') ?? '');
    const why = String(data.get('reason') ?? '').trim();
    // The same rules and words as the API, from the same code; the number goes in a POST body only.
    const parsed = parseCpr(number);
    const problems = [
      ...(parsed.ok ? [] : [{ field: 'cpr', reason: pick(parsed.reason) }]),
      ...(reasonProblem(why) ? [{ field: 'reason', reason: reasonProblem(why)! }] : []),
    ];
    if (problems.length > 0) return showErrors(form, problems);
    show(box);
    opened = undefined;
    const found = await api<{ citizenId: string }>('/api/v1/citizens/lookup', { method: 'POST', body: { cpr: number } }).catch((error: unknown) => {
      // A holder whose personal data was erased: said next to the number, and nothing more.
      if (error instanceof ApiError && error.status === 410) return showErrors(form, [{ field: 'cpr', reason: error.detail ?? error.title }]);
      throw error;
    });
    if (!found) return;
    const { citizenId } = found;
    // Status and timeline in one opening: one row in the citizen's access log per search.
    const record = await api<CitizenRecord>(`/api/v1/citizens/${citizenId}/openings`, { method: 'POST', body: { reason: why } });
    opened = { record, reason: why };
    show(box, result(record, why));
    box.querySelector<HTMLElement>('#status-heading')?.focus();
  });
  if (opened) show(box, result(opened.record, opened.reason));
  show(main, h('h1', {}, t('supportTitle')), h('p', {}, t('supportIntro')), form, box);
}

startPage({ title: 'supportTitle', role: 'support', render });
