import { ACCESS_REASON_MIN_LENGTH, ACCESS_REASON_TOO_SHORT } from '../../src/domain/citizen/labels';
import { CPR_SHAPE_REFUSED, containsCprShape, parseCpr } from '../../src/domain/cpr';
import type { Text } from '../../src/domain/text';
import { ApiError, api } from './api';
import { DESK_ACTIONS, DeskCommand, ISSUE_NEMID } from './desk/commands';
import { Built, build } from './desk/fields';
import { h, show } from './dom';
import { field, input, onSubmit, showErrors } from './forms';
import { pick, t } from './i18n';
import { CitizenRecord, HolderView, TimelineEntry, statusCard, timelineSection } from './record';
import { startPage } from './shell';

interface CommandAccepted {
  citizenId: string;
  status: HolderView['status'];
  recorded: { type: string; summary: Text }[];
}

/**
 * The holder at the desk: found (their record, opened once for the visit), or not (the number, to issue a NemID).
 * Kept while the page is open, so switching language redraws without opening the record again.
 */
let visit: { record: CitizenRecord; reason: string; said?: Text[] } | { cpr: string } | undefined;

/** A command's form, with its fields from the command and its refusals (rules included) next to them. */
function commandForm(
  command: DeskCommand,
  citizenId: string | undefined,
  given: Record<string, string>,
  onDone: (accepted: CommandAccepted) => void,
): HTMLFormElement {
  const built: [string, Built][] = command.fields.map((spec) => [spec.name, build(spec, given)]);
  const headingId = `form-${command.title}`;
  const form = h(
    'form',
    { class: 'card desk-action', novalidate: true, 'aria-labelledby': headingId, 'data-command': command.path || 'issue' },
    h('h3', { id: headingId }, t(command.title)),
    built.map(([, b]) => b.node),
    h('button', { type: 'submit' }, command.fields.length === 0 ? t(command.title) : t('deskSubmit')),
  );
  onSubmit(form, async () => {
    const body = Object.fromEntries(built.map(([name, b]): [string, unknown] => [name, b.read()]).filter(([, value]) => value !== undefined));
    const path = citizenId ? `/api/v1/citizens/${citizenId}/${command.path}` : '/api/v1/citizens';
    try {
      onDone(await api<CommandAccepted>(path, { method: 'POST', body }));
    } catch (error) {
      // A rule's refusal belongs to the field it is about, when the form has one for it.
      if (error instanceof ApiError && error.rule && RULE_FIELDS[error.rule] && form.querySelector(`[data-field="${RULE_FIELDS[error.rule]}"]`)) {
        return showErrors(form, [{ field: RULE_FIELDS[error.rule], reason: error.detail ?? error.title }]);
      }
      throw error;
    }
  });
  return form;
}

/** The field each rule of the desk is about, so its refusal stands beside it. */
const RULE_FIELDS: Record<string, string> = {
  'minimum-age-15': 'cpr',
  'one-nemid-per-person': 'cpr',
  'identification-documents': 'documents',
  'info-update-needs-photo-id': 'documents',
  'security-questions-must-pass': 'securityQuestions',
  'short-residence-needs-witness': 'witness.kind',
  'witness-requirements': 'witness.kind',
  'abroad-only-danish-citizens': 'residesAbroad',
  'code-app-needs-two-codes-left': 'codesLeftOnCard',
  'migrated-needs-mitid': 'reason',
  'no-danish-passport-keeps-nemid': 'reason',
};

/** What the command recorded, at the top of the holder's timeline at once: no second opening for it. */
function recordAccepted(record: CitizenRecord, accepted: CommandAccepted, actor: Text): CitizenRecord {
  // A forgotten holder is only opened, never acted on, at the desk: their lookup answers that they were forgotten.
  if (record.status.status === 'forgotten') return record;
  const at = new Date().toISOString();
  const added: TimelineEntry[] = accepted.recorded.map((e, i) => ({
    revision: Number.MAX_SAFE_INTEGER - i,
    at,
    type: e.type,
    summary: e.summary,
    by: actor,
    details: {},
  }));
  return { ...record, status: { ...record.status, status: accepted.status }, timeline: [...record.timeline, ...added] };
}

function render(main: HTMLElement, session: { name?: string }): void {
  const box = h('div', { id: 'holder', 'aria-live': 'polite' });
  const clerk: Text = { da: `Borgerservice ${session.name ?? ''}`.trim(), en: `Citizen Service ${session.name ?? ''}`.trim() };
  const cpr = field('cpr', t('cpr'), input({ autocomplete: 'off', inputmode: 'numeric', spellcheck: 'false' }), t('cprHelp'));
  const reason = field('reason', t('deskReason'), input({ maxlength: '500', autocomplete: 'off', value: t('deskReasonDefault') }), t('reasonHelp'));
  const find = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'find-heading' },
    h('h2', { id: 'find-heading' }, t('deskFind')),
    cpr,
    reason,
    h('button', { type: 'submit' }, t('find')),
  );

  const draw = () => {
    if (!visit) return show(box);
    if ('cpr' in visit) {
      const issue = commandForm(ISSUE_NEMID, undefined, { cpr: visit.cpr }, (accepted) => void open(accepted.citizenId, t('deskReasonDefault'), accepted));
      return show(box, h('p', { class: 'notice-box', role: 'status' }, t('deskNoHolder')), issue);
    }
    const { record } = visit;
    // What the last action recorded; nothing, when it had been done before.
    const said = visit.said
      ? h(
          'p',
          { class: 'done', role: 'status', tabindex: '-1' },
          visit.said.length > 0 ? t('deskDone', { what: visit.said.map(pick).join('; ') }) : t('deskNothingNew'),
        )
      : null;
    const actions = DESK_ACTIONS.map((command) =>
      commandForm(command, record.status.citizenId, {}, (accepted) => {
        if (!visit || !('record' in visit)) return;
        visit = { ...visit, record: recordAccepted(visit.record, accepted, clerk), said: accepted.recorded.map((e) => e.summary) };
        draw();
        box.querySelector<HTMLElement>('.done')?.focus();
      }),
    );
    show(
      box,
      said,
      statusCard(record.status),
      h(
        'section',
        { 'aria-labelledby': 'actions-heading' },
        h('h2', { id: 'actions-heading' }, t('deskActions')),
        h('div', { class: 'desk-actions' }, actions),
      ),
      timelineSection(record),
    );
  };

  /** One opening for the visit: the desk sees the record it acts on, and the citizen sees that it did. */
  const open = async (citizenId: string, why: string, issued?: CommandAccepted) => {
    const record = await api<CitizenRecord>(`/api/v1/citizens/${citizenId}/openings`, { method: 'POST', body: { reason: why } });
    visit = { record, reason: why, said: issued?.recorded.map((e) => e.summary) };
    draw();
    box.querySelector<HTMLElement>(issued ? '.done' : '#status-heading')?.focus();
  };

  onSubmit(find, async () => {
    const data = new FormData(find);
    const number = String(data.get('cpr') ?? '');
    const why = String(data.get('reason') ?? '').trim();
    const parsed = parseCpr(number);
    const problems = [
      ...(parsed.ok ? [] : [{ field: 'cpr', reason: pick(parsed.reason) }]),
      ...(why.length < ACCESS_REASON_MIN_LENGTH
        ? [{ field: 'reason', reason: pick(ACCESS_REASON_TOO_SHORT) }]
        : containsCprShape(why)
          ? [{ field: 'reason', reason: pick(CPR_SHAPE_REFUSED) }]
          : []),
    ];
    if (problems.length > 0) return showErrors(find, problems);
    visit = undefined;
    draw();
    try {
      const { citizenId } = await api<{ citizenId: string }>('/api/v1/citizens/lookup', { method: 'POST', body: { cpr: number } });
      await open(citizenId, why);
    } catch (error) {
      // A holder whose personal data was erased: said next to the number, and nothing more.
      if (error instanceof ApiError && error.status === 410) return showErrors(find, [{ field: 'cpr', reason: error.detail ?? error.title }]);
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      visit = { cpr: number };
      draw();
      box.querySelector<HTMLElement>('[data-field="documents"] select')?.focus();
    }
  });
  draw();
  show(main, h('h1', {}, t('deskTitle')), h('p', {}, t('deskIntro')), find, box);
}

startPage({ title: 'deskTitle', role: 'citizen-service', render });
