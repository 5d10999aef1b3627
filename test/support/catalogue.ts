import * as roles from '../../src/domain/roles';
import * as citizenLabels from '../../src/domain/citizen/labels';
import * as campaignNames from '../../src/domain/campaign/names';
import { COHORT_FILTERS } from '../../src/domain/campaign/cohort';
import type { Language, Text } from '../../src/domain/text';
import { TEXTS } from '../../web/src/texts';

/** Every text the pages show that is declared in both languages: the pages' own, and the domain's names. */
function catalogue(): Text[] {
  const found: Text[] = [];
  const walk = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    const text = value as Partial<Text>;
    if (typeof text.da === 'string' && typeof text.en === 'string') return void found.push(text as Text);
    Object.values(value).forEach(walk);
  };
  [TEXTS, roles, citizenLabels, campaignNames, COHORT_FILTERS].forEach(walk);
  return found;
}

/** The shortest phrase a check looks for: shorter words ("By", "pas", "No") are words of both languages too. */
const MIN_PHRASE = 4;

/**
 * The phrases that belong to one language only: each text whose two languages differ, split at its placeholders,
 * and none that the other language also uses. A page in the other language must show none of them.
 */
export function onlyIn(language: Language): string[] {
  const texts = catalogue();
  const other = language === 'da' ? 'en' : 'da';
  const otherSide = new Set(texts.map((text) => text[other]));
  const phrases = texts
    .filter((text) => text[language] !== text[other])
    .flatMap((text) => text[language].split(/\{\w+\}/).map((piece) => piece.trim().replace(/^[,.:;–-]\s*|[,.:;–(]\s*$/g, '')))
    .filter((phrase) => phrase.length >= MIN_PHRASE && ![...otherSide].some((text) => text.includes(phrase)));
  return [...new Set(phrases)];
}
