import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartPng } from './charts';
import { escape } from './html';
import { LANGUAGES, Language, PAGE, TEXT, Texts } from './report-text';

export const chartFile = (name: string, language: Language) => `${name}.${language}.png`;

/** A chart of the page, in the page's language. */
export const chartImg = (name: string, language: Language, alt: string) => `<img src="${chartFile(name, language)}" alt="${escape(alt)}">`;

/**
 * What every kind of simulation page writes to `out`: its numbers as JSON (named in English), each chart as a PNG
 * per language, and a page per language (Danish first, English one click away).
 */
export async function writePages<T>(
  out: string,
  data: T,
  files: { json: [name: string, value: unknown]; charts: Record<string, (data: T, t: Texts) => unknown>; page: (data: T, language: Language) => string },
): Promise<void> {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, files.json[0]), `${JSON.stringify(files.json[1], null, 2)}\n`);
  for (const language of LANGUAGES) {
    for (const [name, spec] of Object.entries(files.charts))
      writeFileSync(join(out, chartFile(name, language)), await chartPng(spec(data, TEXT[language]) as never, language));
    writeFileSync(join(out, PAGE[language]), files.page(data, language));
  }
}
