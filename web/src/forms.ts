import { ApiError, FieldError } from './api';
import { h, show, uniqueId } from './dom';
import { messageOf } from './shell';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled field with its help and a place for its error, tied together for screen readers. */
export function field(name: string, label: string, control: Control, help?: string): HTMLElement {
  const id = uniqueId(name);
  control.id = id;
  control.name = name;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  control.setAttribute('aria-describedby', [help ? helpId : '', errorId].filter(Boolean).join(' '));
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    help ? h('p', { class: 'help', id: helpId }, help) : null,
    control,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
}

/** Clears the form's errors. */
export function clearErrors(form: HTMLElement): void {
  for (const slot of form.querySelectorAll<HTMLElement>('.field-error')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  form.querySelector('.form-error')?.remove();
}

/**
 * Each error next to its field (the API names fields as the form does; `cohort.status` belongs to
 * `status`); anything else above the button. Focus goes to the first field in error.
 */
export function showErrors(form: HTMLElement, errors: FieldError[], general?: string): void {
  clearErrors(form);
  const unplaced: string[] = general ? [general] : [];
  let first: HTMLElement | undefined;
  for (const { field: name, reason } of errors) {
    const slot = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"], [data-field="${CSS.escape(name.split('.').pop()!)}"]`);
    if (!slot) {
      unplaced.push(`${name}: ${reason}`);
      continue;
    }
    const error = slot.querySelector<HTMLElement>('.field-error')!;
    error.textContent = error.textContent ? `${error.textContent}; ${reason}` : reason;
    error.hidden = false;
    const control = slot.querySelector<HTMLElement>('input, select, textarea');
    control?.setAttribute('aria-invalid', 'true');
    first ??= control ?? undefined;
  }
  if (unplaced.length > 0) {
    const banner = h('div', { class: 'error form-error', role: 'alert' }, unplaced.join('; '));
    form.querySelector('button[type=submit]')?.before(banner);
  }
  first?.focus();
}

/** A refused request shown on the form: field errors next to their fields, anything else as a message. */
export function showFailure(form: HTMLElement, error: unknown): void {
  if (error instanceof ApiError && error.fields.length > 0) return showErrors(form, error.fields);
  showErrors(form, [], messageOf(error));
}

/** Runs a form's submission with its button disabled, showing what went wrong on the form. */
export function onSubmit(form: HTMLFormElement, submit: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    clearErrors(form);
    submit()
      .catch((error: unknown) => showFailure(form, error))
      .finally(() => {
        if (button) button.disabled = false;
      });
  });
}

export const input = (attributes: Record<string, string | boolean | undefined> = {}) => h('input', { type: 'text', ...attributes });

export function select(options: { value: string; text: string }[], selected?: string): HTMLSelectElement {
  return h(
    'select',
    {},
    options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.text)),
  );
}

export { show };
