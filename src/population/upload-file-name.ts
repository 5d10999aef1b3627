import { RequestValidationFailed } from '../http/problem-details';

/** The page names the file it uploads: the body is the file alone. */
export const FILE_NAME_HEADER = 'x-file-name';

const MAX_NAME_LENGTH = 200;

/** The uploaded file's name, percent-decoded, or 'upload' when none is sent; anything CPR-shaped in it is blanked when it is recorded. */
export function fileNameOf(header: string | string[] | undefined): string {
  if (header === undefined) return 'upload';
  let name: string;
  try {
    name = decodeURIComponent(Array.isArray(header) ? header.join(',') : header).trim();
  } catch {
    name = '';
  }
  // Control characters are what this looks for: a name with one would break the log line and the page.
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f]/.test(name)) {
    throw new RequestValidationFailed([
      {
        field: FILE_NAME_HEADER,
        reason: {
          da: `skal være filens navn, procent-kodet, højst ${MAX_NAME_LENGTH} tegn`,
          en: `must be the file's name, percent-encoded, at most ${MAX_NAME_LENGTH} characters`,
        },
      },
    ]);
  }
  return name;
}
