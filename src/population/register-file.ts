import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { base32 } from 'rfc4648';
import { containsCprShape, redactCprNumbers } from '../domain/cpr';
import { ImportCursor, REGISTER_COLUMNS, REGISTER_FORMAT, RegisterColumn, RegisterFileFormat } from '../domain/population';
import { Language, Text } from '../domain/text';
import { CarriesProblem, Problem, problemType } from '../http/problem';

/** The whole file is not a register file: nothing of it is imported. Said in one line, without its content. */
export class RegisterFileRefused extends Error implements CarriesProblem {
  constructor(readonly text: Text) {
    super(text.en);
  }

  problem(): Problem {
    return {
      type: problemType('register-file-refused'),
      title: { da: 'Ikke en NemID-registerfil', en: 'Not a NemID register file' },
      status: 400,
      detail: this.text,
    };
  }
}

export interface RegisterFile {
  path: string;
  /** Names the file's content: the same file is the same import, so running it again resumes it. */
  importId: string;
  format: RegisterFileFormat;
  name: string;
  bytes: number;
  /** CSV: the columns in the header's order. */
  columns: RegisterColumn[];
}

/** One line of the file, as values by column, or why the line as a whole cannot be read. */
export type RegisterLine = { line: number; values: Record<string, unknown> } | { line: number; field: string; reason: string };

export interface RegisterBatch {
  lines: RegisterLine[];
  /** Just after the batch's last line: where the next batch starts. */
  through: ImportCursor;
}

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;
const NDJSON_HEADER = JSON.stringify(REGISTER_FORMAT);
const CSV_HEADER = REGISTER_COLUMNS.join(',');

/** Import ids are base32 (a-z, 2-7); one that happens to hold ten digits in a row has an x put in it. */
export function importIdOf(digest: Buffer): string {
  const id = base32.stringify(digest.subarray(0, 12), { pad: false }).toLowerCase().slice(0, 20);
  return containsCprShape(id) ? id.replace(/(\d{5})(\d)/, '$1x') : id;
}

const unquote = (field: string) => {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).replace(/""/g, '"') : trimmed;
};

/**
 * The register's values never hold a comma or a line break, so a CSV line is its fields split at commas,
 * each unquoted as spreadsheets write them. A hand-written split rather than csv-parse: that parser
 * reads a file as one stream and, after a malformed record, skips good ones; here a bad line rejects only itself.
 */
const csvFields = (text: string) => text.split(',').map(unquote);

function checkHeader(format: RegisterFileFormat, header: string): RegisterColumn[] {
  if (format === 'ndjson') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(header);
    } catch {
      parsed = undefined;
    }
    const ok = typeof parsed === 'object' && parsed !== null && JSON.stringify(parsed) === NDJSON_HEADER;
    if (!ok)
      throw new RegisterFileRefused({
        da: `første linje skal være ${NDJSON_HEADER} (NDJSON-registerfil, version ${REGISTER_FORMAT.version})`,
        en: `the first line must be ${NDJSON_HEADER} (NDJSON register file, version ${REGISTER_FORMAT.version})`,
      });
    return REGISTER_COLUMNS;
  }
  const names = csvFields(header);
  const missing = REGISTER_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(REGISTER_COLUMNS as string[]).includes(name));
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const shown = (language: Language) =>
      unknown
        .map((n) => (/\d/.test(n) ? (language === 'da' ? '(en værdi, ikke et kolonnenavn)' : '(a value, not a column name)') : JSON.stringify(n.slice(0, 40))))
        .join(', ');
    const problems = (language: Language, words: Record<'missing' | 'unknown' | 'repeated', string>) =>
      [
        missing.length > 0 ? `${words.missing} ${missing.join(', ')}` : '',
        unknown.length > 0 ? `${words.unknown} ${shown(language)}` : '',
        repeated.length > 0 ? `${words.repeated} ${[...new Set(repeated)].join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
    throw new RegisterFileRefused({
      da: `CSV-overskriften skal nævne kolonnerne ${CSV_HEADER} (version ${REGISTER_FORMAT.version}): ${problems('da', { missing: 'mangler', unknown: 'ukendt', repeated: 'gentaget' })}`,
      en: `the CSV header must name the columns ${CSV_HEADER} (version ${REGISTER_FORMAT.version}): ${problems('en', { missing: 'missing', unknown: 'unknown', repeated: 'repeated' })}`,
    });
  }
  return names as RegisterColumn[];
}

/** The line (1 for the chunk's first) where the first byte sequence that is not UTF-8 sits. */
function lineOfBadBytes(chunk: Buffer): number {
  const text = new TextDecoder('utf-8').decode(chunk);
  const bad = text.indexOf('\uFFFD');
  return text.slice(0, bad === -1 ? text.length : bad).split('\n').length;
}

function formatOf(firstLine: string, given: RegisterFileFormat | undefined): RegisterFileFormat {
  if (given) return given;
  return firstLine.trimStart().startsWith('{') ? 'ndjson' : 'csv';
}

/**
 * Reads the whole file once before anything is imported: it must be UTF-8 text with the register's
 * header, or it is refused as a whole. The same pass hashes it, which names the import.
 */
export async function inspectRegisterFile(path: string, options: { format?: RegisterFileFormat; name: string }): Promise<RegisterFile> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let newlines = 0;
  const header: Buffer[] = [];
  let headerDone = false;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (chunk.includes(0))
      throw new RegisterFileRefused({
        da: 'filen er binær (den indeholder NUL-bytes), ikke en registerfil',
        en: 'the file is binary (it holds NUL bytes), not a register file',
      });
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      throw new RegisterFileRefused({
        da: `filen er ikke UTF-8-tekst (linje ${newlines + lineOfBadBytes(chunk)} indeholder bytes, der ikke er UTF-8)`,
        en: `the file is not UTF-8 text (line ${newlines + lineOfBadBytes(chunk)} holds bytes that are not UTF-8)`,
      });
    }
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) newlines++;
    hash.update(chunk);
    if (!headerDone) {
      const end = chunk.indexOf(NEWLINE);
      header.push(end === -1 ? chunk : chunk.subarray(0, end));
      headerDone = end !== -1;
    }
    bytes += chunk.length;
  }
  try {
    decoder.decode();
  } catch {
    throw new RegisterFileRefused({
      da: 'filen er ikke UTF-8-tekst (den slutter midt i et tegn)',
      en: 'the file is not UTF-8 text (it ends inside a character)',
    });
  }
  const firstLine = Buffer.concat(header)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  if (firstLine.trim() === '')
    throw new RegisterFileRefused(
      bytes === 0
        ? { da: 'filen er tom', en: 'the file is empty' }
        : { da: 'første linje skal være overskriften, og den er tom', en: 'the first line must be the header, and it is empty' },
    );
  const format = formatOf(firstLine, options.format);
  const columns = checkHeader(format, firstLine);
  return { path, importId: importIdOf(hash.digest()), format, name: redactCprNumbers(options.name).slice(0, 200), bytes, columns };
}

function lineOf(file: RegisterFile, line: number, text: string): RegisterLine {
  if (file.format === 'csv') {
    const fields = csvFields(text);
    if (fields.length !== file.columns.length)
      return { line, field: 'line', reason: `has ${fields.length} fields where the header has ${file.columns.length}` };
    const values: Record<string, unknown> = {};
    file.columns.forEach((column, i) => (values[column] = fields[i]));
    return { line, values };
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    return { line, field: 'line', reason: 'is not a JSON object' };
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return { line, field: 'line', reason: 'is not a JSON object' };
  const unknown = Object.keys(values).find((key) => !(REGISTER_COLUMNS as string[]).includes(key));
  // Column names hold no digits: a key with digits in it is not echoed, so no CPR number can be.
  if (unknown !== undefined) return { line, field: /\d/.test(unknown) ? 'line' : unknown.slice(0, 40), reason: 'is not a column of the register' };
  return { line, values: values as Record<string, unknown> };
}

/**
 * The file's lines after the cursor in batches, with the byte offset after each batch: memory stays flat
 * whatever the file's size, and a resumed import starts reading where the last committed batch ended.
 * Blank lines are counted (line numbers stay the file's) but are not rows.
 */
export async function* registerBatches(file: RegisterFile, from: ImportCursor, batchSize: number): AsyncGenerator<RegisterBatch> {
  let line = from.line;
  let offset = from.byte;
  let carry: Buffer | undefined;
  let lines: RegisterLine[] = [];
  let first = from.byte === 0;
  let yielded = from.line;
  const take = (raw: Buffer, length: number) => {
    offset += length;
    if (first) {
      // The header was checked before: the first line is not a row.
      first = false;
      return;
    }
    line++;
    let text = raw.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() !== '') lines.push(lineOf(file, line, text));
  };
  for await (const chunk of createReadStream(file.path, { start: from.byte, highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    const data = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
      take(data.subarray(start, end), end - start + 1);
      start = end + 1;
      if (lines.length >= batchSize) {
        yield { lines, through: { line, byte: offset } };
        yielded = line;
        lines = [];
      }
    }
    if (start < data.length) carry = Buffer.from(data.subarray(start));
  }
  if (carry && carry.length > 0) take(carry, carry.length);
  if (lines.length > 0 || line > yielded) yield { lines, through: { line, byte: offset } };
}
