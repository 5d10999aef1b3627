import { parseCpr } from '../../src/domain/cpr';
import { isReturnPath } from '../../src/web/return-path';
import { api } from './api';
import { h, show } from './dom';
import { field, input, onSubmit, select, showErrors } from './forms';
import { ROLE_NAMES } from '../../src/domain/roles';
import { TextKey, pick, t } from './i18n';
import { Role, Session, startPage } from './shell';

const SIGN_IN_ERRORS: Record<string, TextKey> = {
  refused: 'signInErrorRefused',
  expired: 'signInErrorExpired',
  invalid: 'signInErrorInvalid',
  'no-role': 'signInErrorNoRole',
  unavailable: 'signInErrorUnavailable',
};

const PAGES: { role: Role; href: string; text: TextKey }[] = [
  { role: 'agency', href: '/agency', text: 'pageAgency' },
  { role: 'citizen-service', href: '/desk', text: 'pageDesk' },
  { role: 'support', href: '/support', text: 'pageSupport' },
  { role: 'citizen', href: '/citizen', text: 'pageCitizen' },
];

const DEVELOPMENT_ROLES: Role[] = ['agency', 'citizen-service', 'support', 'citizen'];

/** Where to go after signing in: a path of this site only (the API checks the same). */
function returnTo(): string | undefined {
  const target = new URLSearchParams(location.search).get('returnTo');
  return isReturnPath(target) ? target : undefined;
}

function developmentForm(): HTMLFormElement {
  const role = select(DEVELOPMENT_ROLES.map((r) => ({ value: r, text: pick(ROLE_NAMES[r]) })));
  const nameField = field('name', t('name'), input({ autocomplete: 'username', spellcheck: 'false' }), t('nameHelp'));
  const cprField = field('cpr', t('cpr'), input({ autocomplete: 'off', inputmode: 'numeric', spellcheck: 'false' }), t('cprHelp'));
  const choose = () => {
    nameField.hidden = role.value === 'citizen';
    cprField.hidden = role.value !== 'citizen';
  };
  role.addEventListener('change', choose);
  choose();
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h2', {}, t('devSignInTitle')),
    h('p', {}, t('devSignInHelp')),
    field('role', t('role'), role),
    nameField,
    cprField,
    h('button', { type: 'submit' }, t('signIn')),
  );
  onSubmit(form, async () => {
    const data = new FormData(form);
    const body: Record<string, string> = { role: role.value };
    if (role.value === 'citizen') {
      const cpr = String(data.get('cpr') ?? '');
      // The same rules and words as the API, from the same code.
      const parsed = parseCpr(cpr);
      if (!parsed.ok) return showErrors(form, [{ field: 'cpr', reason: pick(parsed.reason) }]);
      body.cpr = cpr;
    } else {
      body.name = String(data.get('name') ?? '');
    }
    const { home } = await api<{ home: string }>('/auth/development-session', { method: 'POST', body });
    location.assign(returnTo() ?? home);
  });
  return form;
}

function render(main: HTMLElement, session: Session): void {
  const error = new URLSearchParams(location.search).get('sign-in-error');
  const parts: (Node | null)[] = [h('h1', {}, t('startTitle')), h('p', {}, t('startIntro'))];
  if (error) parts.push(h('div', { class: 'error', role: 'alert' }, t(SIGN_IN_ERRORS[error] ?? 'signInErrorInvalid')));
  if (session.expired) parts.push(h('div', { class: 'error', role: 'alert' }, t('sessionExpired')));
  if (session.signedIn) {
    const mine = PAGES.filter((page) => session.roles?.includes(page.role));
    parts.push(
      h(
        'nav',
        { 'aria-label': t('yourPages') },
        h('h2', {}, t('yourPages')),
        h(
          'ul',
          {},
          mine.map((page) => h('li', {}, h('a', { href: page.href }, t(page.text)))),
        ),
      ),
    );
  } else {
    if (session.signIn.oidc) {
      const target = returnTo();
      parts.push(
        h('p', {}, h('a', { class: 'button', href: `/auth/oidc/sign-in${target ? `?returnTo=${encodeURIComponent(target)}` : ''}` }, t('oidcSignIn'))),
      );
    }
    if (session.signIn.development) parts.push(developmentForm());
  }
  show(main, parts);
}

startPage({ title: 'startTitle', render });
