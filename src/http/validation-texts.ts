import { Text, isText } from '../domain/text';

/**
 * class-validator's messages are strings. A message of ours carries both languages in one string, marked so the
 * problem filter reads it back whole; the library's own messages (English) are translated by their constraint below.
 */
const MARK = '\u0001';

/** A validator's message in both languages, as class-validator's `message` option takes it. */
export const bothLanguages = (text: Text): string => MARK + JSON.stringify(text);

/** The message of a `next` cursor field of a list. */
export const NEXT_CURSOR = bothLanguages({ da: 'skal være next-markøren fra en tidligere side', en: 'must be the next cursor of a previous page' });

/** class-validator's English messages for the constraints the request classes use, and their Danish. */
const LIBRARY_MESSAGES: Record<string, { en: RegExp; da: (match: RegExpMatchArray) => string }> = {
  isString: { en: /^must be a string$/, da: () => 'skal være en tekst' },
  isBoolean: { en: /^must be a boolean value$/, da: () => 'skal være true eller false' },
  isInt: { en: /^must be an integer number$/, da: () => 'skal være et helt tal' },
  isNumber: { en: /^must be a number conforming to the specified constraints$/, da: () => 'skal være et tal' },
  isIn: { en: /^must be one of the following values: (.*)$/, da: (m) => `skal være en af: ${m[1]}` },
  min: { en: /^must not be less than (.+)$/, da: (m) => `må ikke være mindre end ${m[1]}` },
  max: { en: /^must not be greater than (.+)$/, da: (m) => `må ikke være større end ${m[1]}` },
  minLength: { en: /^must be longer than or equal to (\d+) characters$/, da: (m) => `skal være mindst ${m[1]} tegn` },
  maxLength: { en: /^must be shorter than or equal to (\d+) characters$/, da: (m) => `må højst være ${m[1]} tegn` },
  isLength: {
    en: /^must be (longer|shorter) than or equal to (\d+) characters$/,
    da: (m) => (m[1] === 'longer' ? `skal være mindst ${m[2]} tegn` : `må højst være ${m[2]} tegn`),
  },
  isArray: { en: /^must be an array$/, da: () => 'skal være en liste' },
  arrayMinSize: { en: /^must contain at least (\d+) elements$/, da: (m) => `skal have mindst ${m[1]} elementer` },
  arrayMaxSize: { en: /^must contain no more than (\d+) elements$/, da: (m) => `må højst have ${m[1]} elementer` },
  isObject: { en: /^must be an object$/, da: () => 'skal være et objekt' },
  isIso8601: { en: /^must be a valid ISO 8601 date string$/, da: () => 'skal være et tidspunkt efter ISO 8601, fx 2022-10-31T09:00:00+01:00' },
  isUrl: { en: /^must be a URL address$/, da: () => 'skal være en URL' },
  nestedValidation: { en: /must be either object or array$/, da: () => 'skal være et objekt eller en liste' },
  whitelistValidation: { en: /./, da: () => 'er ikke et kendt felt' },
};

/** The constraints whose library message has a Danish one here: a request class may use only these, or give its own message. */
export const TRANSLATED_CONSTRAINTS: ReadonlySet<string> = new Set(Object.keys(LIBRARY_MESSAGES));

/** A field's reason in both languages: ours as given, the library's translated; anything else as it came, in both. */
export function reasonOf(constraint: string, message: string): Text {
  if (message.startsWith(MARK)) {
    const text: unknown = JSON.parse(message.slice(MARK.length));
    if (isText(text)) return text;
  }
  if (constraint === 'whitelistValidation') return { da: 'er ikke et kendt felt', en: 'is not a known field' };
  const library = LIBRARY_MESSAGES[constraint];
  const match = library?.en.exec(message);
  return { da: match ? library.da(match) : message, en: message };
}
