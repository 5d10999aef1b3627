import { ApiError, api } from './api';
import { h, show } from './dom';
import { formatDate, formatInstant, language, t, tOr } from './i18n';
import { openLetter } from './letter-viewer';
import { failure, forbidden, startPage } from './shell';

interface MyStatus {
  status: string;
  hasMitId: boolean;
  nemIdActive: boolean;
  deadline: string;
  nextStep: { da: string; en: string };
  notices: number;
}

interface MyNotice {
  letterId: string;
  kind: string;
  sentOn: string;
  subject: { da: string; en: string };
  delivery: 'pending' | 'delivered' | 'failed';
  form?: 'digital-post' | 'paper';
}

interface MyAccess {
  at: string;
  record: string;
  reason: string;
  by: { role: string; subject: string };
}

const letterPath = (letterId: string) => `/api/v1/me/letters/${encodeURIComponent(letterId)}?language=${language()}`;

function statusSection(status: MyStatus): Node {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'my-status' },
    h('h2', { id: 'my-status' }, t('yourStatus')),
    h('p', { class: 'status', 'data-status': status.status }, tOr(`status.${status.status}`)),
    h('dl', {}, h('dt', {}, t('deadline')), h('dd', {}, formatDate(status.deadline)), h('dt', {}, t('whatNow')), h('dd', { class: 'next-step' }, status.nextStep[language()])),
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
          [...letters].reverse().map((letter) =>
            h(
              'li',
              { 'data-letter': letter.letterId },
              h('strong', {}, letter.subject[language()]),
              ' ',
              h('span', {}, `${t('sentOn')} ${formatDate(letter.sentOn)} · ${tOr(`delivery.${letter.delivery}`)}${letter.form ? ` (${tOr(`form.${letter.form}`)})` : ''}`),
              ' ',
              h('button', { type: 'button', class: 'link', 'aria-label': `${t('read')}: ${letter.subject[language()]}`, onclick: () => void read(letter.letterId) }, t('read')),
            ),
          ),
        ),
  );
}

function accessSection(accesses: MyAccess[]): Node {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'who-opened' },
    h('h2', { id: 'who-opened' }, t('whoOpened')),
    accesses.length === 0
      ? h('p', {}, t('noOpenings'))
      : h(
          'table',
          {},
          h('thead', {}, h('tr', {}, [t('when'), t('who'), t('what'), t('why')].map((text) => h('th', { scope: 'col' }, text)))),
          h('tbody', {}, accesses.map((a) => h('tr', {}, h('td', {}, formatInstant(a.at)), h('td', {}, `${a.by.role} ${a.by.subject}`), h('td', {}, tOr(`record.${a.record}`)), h('td', {}, a.reason)))),
        ),
  );
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
    if (error instanceof ApiError && error.status === 404) return show(main, h('h1', {}, t('citizenTitle')), h('p', {}, t('noNemId')));
    throw error;
  }
  const [letters, accesses] = await Promise.all([api<MyNotice[]>('/api/v1/me/notices'), api<MyAccess[]>('/api/v1/me/access-log')]);
  show(main, h('h1', {}, t('citizenTitle')), statusSection(status), lettersSection(letters, main), accessSection(accesses));
  if (letterId) await letterPage(main, letterId);
}

startPage({ title: 'citizenTitle', role: 'citizen', render });
