import { request } from './api';
import { h } from './dom';
import { t } from './i18n';

/**
 * A letter as its reader received it, in a dialog: the HTML document of the Digital Post message in a
 * sandboxed frame (no scripts, no links out), or the PDF of a paper letter to open.
 */
export async function openLetter(path: string): Promise<void> {
  const response = await request(path);
  const type = response.headers.get('content-type') ?? '';
  let content: Node;
  if (type.startsWith('text/html')) {
    content = h('iframe', { class: 'letter', sandbox: '', title: t('letterTitle'), srcdoc: await response.text() });
  } else {
    const url = URL.createObjectURL(await response.blob());
    content = h('p', {}, h('a', { href: url, target: '_blank', rel: 'noopener' }, t('pdfLetter')));
  }
  const close = h('button', { type: 'button', class: 'close' }, t('close'));
  const dialog = h('dialog', { class: 'letter-dialog', 'aria-label': t('letterTitle') }, h('h2', {}, t('letterTitle')), content, close);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
