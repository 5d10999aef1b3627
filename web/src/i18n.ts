import type { Language, Text } from '../../src/domain/text';
import { TEXTS } from './texts';

export { TEXTS } from './texts';

export type { Language } from '../../src/domain/text';

const STORAGE_KEY = 'overgang-language';

export type TextKey = keyof typeof TEXTS;

export function language(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'da';
}

export function setLanguage(next: Language): void {
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

/** A text of the domain or the API, given in both languages, in the reader's. */
export const pick = (text: Text): string => text[language()];

/** A text in the reader's language, with `{name}` filled in. */
export function t(key: TextKey, values: Record<string, string | number> = {}): string {
  return pick(TEXTS[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Texts named at run time (a delivery state, a form); the key itself when none is declared. */
export function tOr(key: string): string {
  return key in TEXTS ? t(key as TextKey) : key;
}

const DATE_FORMATS: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

export function formatDate(isoDate: string): string {
  return new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString(DATE_FORMATS[language()], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  });
}

/** A day on an axis: "10. mar. 22". */
export function shortDate(isoDate: string): string {
  return new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString(DATE_FORMATS[language()], {
    day: 'numeric',
    month: 'short',
    year: '2-digit',
    timeZone: 'Europe/Copenhagen',
  });
}

export function formatInstant(instant: string): string {
  return new Date(instant).toLocaleString(DATE_FORMATS[language()], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
}

export function formatNumber(n: number): string {
  return n.toLocaleString(DATE_FORMATS[language()]);
}
