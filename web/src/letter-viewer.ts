import { request } from './api';
import { h } from './dom';
import { t } from './i18n';

/**
 * A letter as its reader received it, in a dialog: the HTML document of the Digital Post message in a
 * sandboxed frame (no scripts, no links out), or the PDF of a paper letter to open. The print button prints
 * the dialog alone (the print stylesheet hides the page behind it).
 */
export async function showLetter(response: Response): Promise<void> {
  const type = response.headers.get('content-type') ?? '';
  let content: Node;
  if (type.startsWith('text/html')) {
    content = h('iframe', { class: 'letter', sandbox: '', title: t('letterTitle'), srcdoc: await response.text() });
  } else {
    const url = URL.createObjectURL(await response.blob());
    content = h('p', {}, h('a', { href: url, target: '_blank', rel: 'noopener' }, t('pdfLetter')));
  }
  const close = h('button', { type: 'button', class: 'close' }, t('close'));
  const print = h('button', { type: 'button', class: 'print' }, t('printLetter'));
  const dialog = h(
    'dialog',
    { class: 'letter-dialog', 'aria-label': t('letterTitle') },
    h('h2', {}, t('letterTitle')),
    content,
    h('div', { class: 'actions' }, print, close),
  );
  close.addEventListener('click', () => dialog.close());
  print.addEventListener('click', () => window.print());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

/** A letter read by a GET (the citizen's own). */
export async function openLetter(path: string): Promise<void> {
  await showLetter(await request(path));
}
