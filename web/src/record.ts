import { ERASURE_BASIS_NAMES, MITID_ROUTE_NAMES, RETIREMENT_REASON_NAMES, STATUS_NAMES, VISUAL_IMPAIRMENT_NAMES } from '../../src/domain/citizen/labels';
import type { ErasureBasis, MitIdRoute, RetirementReason, VisualImpairment } from '../../src/domain/citizen/events';
import type { CitizenStatus } from '../../src/domain/citizen/state';
import type { Text } from '../../src/domain/text';
import { h } from './dom';
import { formatDate, formatInstant, formatNumber, pick, t } from './i18n';

/** A citizen's record as one opening returns it (`POST /api/v1/citizens/{id}/openings`). */
export interface CitizenRecord {
  status: StatusView;
  timeline: TimelineEntry[];
  openings: TimelineEntry[];
}

/** A holder whose personal data was erased: only when their NemID was retired, and when and why they were forgotten. */
export interface ForgottenView {
  citizenId: string;
  status: 'forgotten';
  retired: { on: string; reason: RetirementReason };
  forgotten: { on: string; basis: ErasureBasis };
}

export interface HolderView {
  citizenId: string;
  status: CitizenStatus;
  issuedOn: string;
  profile: {
    needsInfoUpdate: boolean;
    danishPassport: boolean;
    digitalPostExempt: boolean;
    residesAbroad: boolean;
    addressProtected: boolean;
    visualImpairment: VisualImpairment;
  };
  codeAppActive: boolean;
  deliveryAddressRegistered: boolean;
  lettersSent: number;
  infoUpdatedOn?: string;
  mitId?: { createdOn: string; route: MitIdRoute };
  retired?: { on: string; reason: RetirementReason };
  nextMilestone?: { milestone: string; on: string; name: Text };
}

export type StatusView = HolderView | ForgottenView;

export interface TimelineEntry {
  revision: number;
  at: string;
  type: string;
  summary: Text;
  by: Text;
  details: Record<string, string>;
  letterId?: string;
}

const row = (term: string, description: string | null) => (description === null ? null : [h('dt', {}, term), h('dd', {}, description)]);

function forgottenCard(view: ForgottenView): Node {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading', tabindex: '-1' }, t('statusCard')),
    h('p', { class: 'status', 'data-status': view.status }, pick(STATUS_NAMES.forgotten)),
    h('p', { class: 'help' }, t('forgottenHelp')),
    h(
      'dl',
      {},
      row(t('retiredOn'), `${formatDate(view.retired.on)}: ${pick(RETIREMENT_REASON_NAMES[view.retired.reason])}`),
      row(t('forgottenOn'), `${formatDate(view.forgotten.on)}: ${pick(ERASURE_BASIS_NAMES[view.forgotten.basis])}`),
    ),
  );
}

/** The facts that change what staff tell a citizen, each shown only when it holds; the dates of what happened. */
export function statusCard(view: StatusView): Node {
  if (view.status === 'forgotten') return forgottenCard(view);
  const { profile } = view;
  const facts: [boolean, string][] = [
    [profile.digitalPostExempt, t('digitalPostExempt')],
    [!profile.danishPassport, t('noDanishPassport')],
    [profile.addressProtected, t('addressProtected')],
    [profile.visualImpairment !== 'none', `${t('visualImpairment')}: ${pick(VISUAL_IMPAIRMENT_NAMES[profile.visualImpairment])}`],
    [profile.needsInfoUpdate && !view.infoUpdatedOn, t('infoUpdatePending')],
    [profile.residesAbroad, t('residesAbroad')],
  ];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-heading' },
    h('h2', { id: 'status-heading', tabindex: '-1' }, t('statusCard')),
    h('p', { class: 'status', 'data-status': view.status }, pick(STATUS_NAMES[view.status])),
    h(
      'dl',
      {},
      row(t('issuedOn'), formatDate(view.issuedOn)),
      row(t('infoUpdatedOn'), view.infoUpdatedOn ? formatDate(view.infoUpdatedOn) : null),
      row(t('mitIdCreated'), view.mitId ? `${formatDate(view.mitId.createdOn)}, ${pick(MITID_ROUTE_NAMES[view.mitId.route])}` : null),
      row(t('retiredOn'), view.retired ? `${formatDate(view.retired.on)}: ${pick(RETIREMENT_REASON_NAMES[view.retired.reason])}` : null),
      row(t('lettersSent'), formatNumber(view.lettersSent)),
      row(t('nextMilestone'), view.nextMilestone ? `${formatDate(view.nextMilestone.on)}: ${pick(view.nextMilestone.name)}` : t('noNextMilestone')),
    ),
    h(
      'ul',
      { class: 'facts' },
      facts.filter(([holds]) => holds).map(([, text]) => h('li', {}, text)),
    ),
  );
}

/** One line of the timeline: when, what, by whom; the ids behind it folded away until asked for. */
function entryItem(entry: TimelineEntry, onLetter?: (letterId: string) => void): Node {
  const ids = Object.entries(entry.details);
  return h(
    'li',
    { 'data-type': entry.type },
    h('time', { datetime: entry.at }, formatInstant(entry.at)),
    ' ',
    h('span', { class: 'summary' }, pick(entry.summary)),
    ' ',
    h('span', { class: 'actor' }, t('by', { who: pick(entry.by) })),
    entry.letterId && onLetter ? [' ', h('button', { type: 'button', class: 'link', onclick: () => onLetter(entry.letterId!) }, t('openLetter'))] : null,
    ids.length > 0
      ? h(
          'details',
          { class: 'ids' },
          h('summary', {}, t('showIds')),
          h(
            'dl',
            {},
            ids.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]),
          ),
        )
      : null,
  );
}

/** The timeline newest first, and the openings of the record apart, folded: each search is one, and they would drown the rest. */
export function timelineSection(record: CitizenRecord, onLetter?: (letterId: string) => void): Node {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading' }, t('timeline')),
    h(
      'ol',
      { class: 'timeline', reversed: true, start: record.timeline.length },
      [...record.timeline].reverse().map((entry) => entryItem(entry, onLetter)),
    ),
    h(
      'details',
      { class: 'openings' },
      h('summary', {}, t('openings', { n: record.openings.length })),
      h(
        'ol',
        { class: 'timeline', reversed: true, start: record.openings.length },
        [...record.openings].reverse().map((entry) => entryItem(entry)),
      ),
    ),
  );
}
