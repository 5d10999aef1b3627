import { ApiError, api } from './api';
import { h, show } from './dom';
import { ROLE_NAMES, Role } from '../../src/domain/roles';
import { TextKey, language, pick, setLanguage, t } from './i18n';
import './style.css';

export type { Role } from '../../src/domain/roles';

export interface Session {
  signedIn: boolean;
  expired?: boolean;
  name?: string;
  roles?: Role[];
  expiresAt?: string;
  signIn: { development: boolean; oidc: boolean };
}

interface PageOptions {
  title: TextKey;
  /** The role the page is for; the start page has none. */
  role?: Role;
  /** Draws the page into `main`; called again when the language changes. */
  render: (main: HTMLElement, session: Session) => void | Promise<void>;
}

/**
 * Every page: a header (name, language switch, who is signed in), then the page itself, or a clear
 * message (not signed in, session expired, no access) instead of a blank page.
 */
export function startPage(options: PageOptions): void {
  document.documentElement.lang = language();
  const header = h('header', { class: 'top' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  document.body.replaceChildren(h('a', { class: 'skip', href: '#main' }, t('skipToContent')), header, main);
  let session: Session | undefined;

  const draw = async () => {
    document.title = `${t(options.title)} – ${t('appName')}`;
    show(
      header,
      headerOf(session, () => void draw()),
    );
    show(main, h('p', { role: 'status' }, t('loading')));
    try {
      session ??= await api<Session>('/auth/session');
      show(
        header,
        headerOf(session, () => void draw()),
      );
      if (options.role && !session.signedIn) return show(main, signInNeeded(session));
      if (options.role && !session.roles?.includes(options.role)) {
        return show(
          main,
          forbidden(
            t('forbiddenTitle'),
            t('forbiddenPage', { role: pick(ROLE_NAMES[options.role]), roles: (session.roles ?? []).map((r) => pick(ROLE_NAMES[r])).join(', ') }),
          ),
        );
      }
      await options.render(main, session);
    } catch (error) {
      show(main, h('h1', {}, t(options.title)), failure(error));
    }
  };
  void draw();
}

function headerOf(session: Session | undefined, redraw: () => void): Node[] {
  const other = language() === 'da' ? 'en' : 'da';
  const who = session?.signedIn ? (session.name ? t('signedInAs', { name: session.name }) : t('signedInCitizen')) : undefined;
  return [
    h('a', { class: 'brand', href: '/' }, h('strong', {}, t('appName')), ' ', h('span', {}, t('tagline'))),
    h('div', { class: 'session' }, [
      h('button', { type: 'button', lang: other, 'aria-label': t('switchLanguageLabel'), onclick: () => (setLanguage(other), redraw()) }, t('switchLanguage')),
      who ? h('span', {}, who) : null,
      session?.signedIn ? h('button', { type: 'button', onclick: () => void signOut() }, t('signOut')) : null,
    ]),
  ];
}

/** Here, then at the identity provider when the pages signed in there (it sends the browser back to the start page). */
async function signOut(): Promise<void> {
  const { next } = await api<{ next: string }>('/auth/sign-out', { method: 'POST' });
  location.assign(next);
}

function signInNeeded(session: Session): Node {
  const returnTo = encodeURIComponent(location.pathname + location.search);
  return h(
    'section',
    { class: 'notice' },
    h('h1', {}, t('signIn')),
    h('p', { role: 'alert' }, session.expired ? t('sessionExpired') : t('notSignedIn')),
    h('a', { class: 'button', href: `/?returnTo=${returnTo}` }, t('signIn')),
  );
}

/** A full-page refusal (403) with the way back. */
export function forbidden(title: string, message: string, back: { href: string; text: string } = { href: '/', text: t('goToStart') }): Node {
  return h(
    'section',
    { class: 'notice', 'data-status': '403' },
    h('h1', {}, title),
    h('p', { role: 'alert' }, message),
    h('a', { href: back.href }, back.text),
  );
}

/** What went wrong, in words: never a blank page. */
export function failure(error: unknown): Node {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, t('errorTitle')), ' ', messageOf(error));
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('networkError');
    return t('requestRefused', { status: error.status, detail: error.detail ?? error.title });
  }
  return error instanceof Error ? error.message : String(error);
}
