/** The pages' and the API's two languages: Danish first, English one click away. */
export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * A text a person reads, in both languages, declared once where it is decided (a rule, a field's check,
 * a timeline line). Whoever shows it picks the reader's language.
 */
export interface Text {
  readonly da: string;
  readonly en: string;
}

export const isText = (value: unknown): value is Text =>
  typeof value === 'object' && value !== null && typeof (value as Text).da === 'string' && typeof (value as Text).en === 'string';

/** A stored text: new records keep both languages, older ones kept English only. */
export const textOf = (value: Text | string): Text => (typeof value === 'string' ? { da: value, en: value } : value);

/** Both languages joined, each with its own parts (a list of reasons, a field and its reason). */
export const joined = (parts: Text[], separator = '; '): Text => ({
  da: parts.map((part) => part.da).join(separator),
  en: parts.map((part) => part.en).join(separator),
});
