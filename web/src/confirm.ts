import { h } from './dom';
import { t } from './i18n';

/** An accessible yes/no question in a modal dialog; the answer no is where focus starts. */
export function confirmed(title: string, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'confirm' }, t('confirm'));
    const no = h('button', { type: 'button' }, t('cancel'));
    const dialog = h('dialog', { 'aria-label': title, class: 'confirm-dialog' }, h('p', {}, question), h('div', { class: 'actions' }, yes, no));
    const answer = (value: boolean) => () => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    yes.addEventListener('click', answer(true));
    no.addEventListener('click', answer(false));
    dialog.addEventListener('cancel', answer(false));
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
