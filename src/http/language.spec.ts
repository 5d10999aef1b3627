import { languageOf } from './language';

describe('languageOf: the answer’s language from Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['da', 'da'],
    ['da-DK,da;q=0.9,en;q=0.8', 'da'],
    ['en-GB,en;q=0.9,da;q=0.8', 'en'],
    ['de-DE,da;q=0.5', 'da'],
    ['de', 'en'],
    ['en;q=0.4, da;q=0.7', 'da'],
    ['da;q=0', 'en'],
    ['*', 'en'],
  ])('%s -> %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});
