import { isReturnPath } from './return-path';

describe('where a sign-in may send the browser back to', () => {
  it.each(['/', '/agency', '/citizen?letter=6f1c2a4e-0b7d-4a59-9d8e-3c2b1a0f9e8d', '/support'])('a path of this site: %s', (path) => {
    expect(isReturnPath(path)).toBe(true);
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a scheme-relative address', '//evil.example/'],
    ['a backslash the browser reads as a slash', '/\\evil.example'],
    ['a script', 'javascript:alert(1)'],
    ['a relative path', 'agency'],
    ['a line break (header splitting)', '/agency\r\nSet-Cookie: x=y'],
    ['nothing', ''],
  ])('not %s', (_, path) => {
    expect(isReturnPath(path)).toBe(false);
  });
});
