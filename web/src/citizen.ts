import { RETIREMENT_REASON_NAMES, STATUS_NAMES, VIEWED_RECORD_NAMES } from '../../src/domain/citizen/labels';
import type { RetirementReason, ViewedRecord } from '../../src/domain/citizen/events';
import type { CitizenStatus } from '../../src/domain/citizen/state';
import { actorName } from '../../src/domain/citizen/timeline';
import type { Text } from '../../src/domain/text';
import { ApiError, api } from './api';
import { h, show } from './dom';
import { formatDate, formatInstant, language, pick, t, tOr } from './i18n';
import { openLetter } from './letter-viewer';
import { failure, forbidden, startPage } from './shell';

interface MyStatus {
  status: CitizenStatus;
  hasMitId: boolean;
  nemIdActive: boolean;
  deadline: string;
  danishPassport: boolean;
  retired?: { on: string; reason: RetirementReason };
  nextStep: Text;
  notices: number;
}

interface MyNotice {
  letterId: string;
  kind: string;
  sentOn: string;
  subject: Text;
  delivery: 'pending' | 'delivered' | 'failed';
  form?: 'digital-post' | 'paper';
}

interface MyAccess {
  at: string;
  viewed: ViewedRecord[];
  reason: string;
  by: { role: string; subject: string };
}

/** Where a citizen moves to MitID, or gets help to: the public sites, in the reader's language where they have one. */
const LINKS = {
  mitId: { da: 'https://www.mitid.dk/', en: 'https://www.mitid.dk/en-gb/' },
  booking: { da: 'https://www.borger.dk/kommune/borgerservice', en: 'https://lifeindenmark.borger.dk/' },
};

const linksList = () =>
  h(
    'ul',
    { class: 'links' },
    h('li', {}, h('a', { href: pick(LINKS.mitId), rel: 'noopener' }, t('linkMitId'))),
    h('li', {}, h('a', { href: pick(LINKS.booking), rel: 'noopener' }, t('linkBooking'))),
  );

const letterPath = (letterId: string) => `/api/v1/me/letters/${encodeURIComponent(letterId)}?language=${language()}`;

function statusSection(status: MyStatus): Node {
  const retired = status.retired;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'my-status' },
    h('h2', { id: 'my-status' }, t('yourStatus')),
    h('p', { class: 'status', 'data-status': status.status }, pick(STATUS_NAMES[status.status])),
    retired
      ? h('p', { class: 'retired' }, t('retiredNotice', { date: formatDate(retired.on), reason: pick(RETIREMENT_REASON_NAMES[retired.reason]) }))
      : h('dl', {}, h('dt', {}, t('deadlineInForceShort')), h('dd', { class: 'deadline' }, formatDate(status.deadline))),
    h('h3', {}, t('whatNow')),
    h('p', { class: 'next-step' }, pick(status.nextStep)),
    !status.danishPassport && !status.hasMitId && status.nemIdActive
      ? h('div', { class: 'notice-box' }, h('h3', {}, t('noPassport')), h('p', {}, t('noPassportHelp')))
      : null,
    h('h3', {}, t('usefulLinks')),
    linksList(),
  );
}

function lettersSection(letters: MyNotice[], main: HTMLElement): Node {
  const read = (letterId: string) => openLetter(letterPath(letterId)).catch((error: unknown) => main.prepend(failure(error)));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'my-letters' },
    h('h2', { id: 'my-letters' }, t('myLetters')),
    letters.length === 0
      ? h('p', {}, t('noLetters'))
      : h(
          'ul',
          { class: 'letters' },
          [...letters]
            .reverse()
            .map((letter) =>
              h(
                'li',
                { 'data-letter': letter.letterId },
                h('strong', {}, pick(letter.subject)),
                ' ',
                h(
                  'span',
                  {},
                  `${t('sentOn')} ${formatDate(letter.sentOn)} · ${tOr(`delivery.${letter.delivery}`)}${letter.form ? ` (${tOr(`form.${letter.form}`)})` : ''}`,
                ),
                ' ',
                h(
                  'button',
                  { type: 'button', class: 'link', 'aria-label': `${t('read')}: ${pick(letter.subject)}`, onclick: () => void read(letter.letterId) },
                  t('read'),
                ),
              ),
            ),
        ),
  );
}

/** One row per visit of staff to the record: when, who, what they opened, why. */
function accessSection(accesses: MyAccess[]): Node {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'who-opened' },
    h('h2', { id: 'who-opened' }, t('whoOpened')),
    accesses.length === 0
      ? h('p', {}, t('noOpenings'))
      : h(
          'table',
          { class: 'stack access' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [t('when'), t('who'), t('what'), t('why')].map((text) => h('th', { scope: 'col' }, text)),
            ),
          ),
          h(
            'tbody',
            {},
            accesses.map((a) =>
              h(
                'tr',
                {},
                h('td', { 'data-label': t('when') }, formatInstant(a.at)),
                h('td', { 'data-label': t('who') }, pick(actorName(a.by))),
                h('td', { 'data-label': t('what') }, a.viewed.map((view) => pick(VIEWED_RECORD_NAMES[view])).join(', ')),
                h('td', { 'data-label': t('why'), class: 'user-text' }, a.reason),
              ),
            ),
          ),
        ),
  );
}

/** Someone we hold no NemID for: what they can do instead. */
function noNemId(): Node[] {
  return [
    h('h1', {}, t('citizenTitle')),
    h('section', { class: 'card' }, h('h2', {}, t('noNemIdTitle')), h('p', {}, t('noNemId')), h('p', {}, t('noNemIdHowTo')), linksList()),
  ];
}

/** Someone whose personal data was erased (their NemID retired long ago): said plainly, with where to go for MitID. */
function forgotten(): Node[] {
  return [
    h('h1', {}, t('citizenTitle')),
    h('section', { class: 'card', 'data-status': 'forgotten' }, h('h2', {}, t('forgottenTitle')), h('p', {}, t('forgottenCitizen')), linksList()),
  ];
}

/** `/citizen?letter=<id>` opens one letter: the reader's own, or a 403 page for anyone else's. */
async function letterPage(main: HTMLElement, letterId: string): Promise<void> {
  try {
    await openLetter(letterPath(letterId));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 400)) {
      return show(main, forbidden(t('letterNotYoursTitle'), t('letterNotYours'), { href: '/citizen', text: t('backToMyPage') }));
    }
    throw error;
  }
}

async function render(main: HTMLElement): Promise<void> {
  const letterId = new URLSearchParams(location.search).get('letter');
  let status: MyStatus;
  try {
    status = await api<MyStatus>('/api/v1/me/status');
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return show(main, noNemId());
    if (error instanceof ApiError && error.status === 410) return show(main, forgotten());
    throw error;
  }
  const [letters, accesses] = await Promise.all([api<MyNotice[]>('/api/v1/me/notices'), api<MyAccess[]>('/api/v1/me/access-log')]);
  show(main, h('h1', {}, t('citizenTitle')), statusSection(status), lettersSection(letters, main), accessSection(accesses));
  if (letterId) await letterPage(main, letterId);
}

startPage({ title: 'citizenTitle', role: 'citizen', render });
