import Table from 'cli-table3';

/**
 * How the CLI prints what a command did: for people, aligned tables and sentences; with `--json` (on every
 * command), one JSON document on standard output for scripts. Set once, before the command runs.
 */
let asJson = false;

export const printAsJson = (json: boolean) => {
  asJson = json;
};

export const isJson = () => asJson;

/** BigInt positions as numbers' digits: JSON has no bigint. */
const jsonOf = (value: unknown) => JSON.stringify(value, (_, item: unknown) => (typeof item === 'bigint' ? item.toString() : item), 2);

/** A cell as a person reads it: nothing as a dash, lists joined, a nested object as `key value` lines. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(cell).join(', ');
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length === 0 ? '–' : entries.map(([key, item]) => `${key} ${cell(item)}`).join('\n');
}

const tableStyle = { head: [], border: [] };

/** Rows under a header of their keys (the first row's, in order); JSON: the rows. */
export function printRows(rows: readonly Record<string, unknown>[], empty = 'none'): void {
  if (asJson) return console.log(jsonOf(rows));
  if (rows.length === 0) return console.log(empty);
  const columns = Object.keys(rows[0]);
  const table = new Table({ head: columns, style: tableStyle });
  for (const row of rows) table.push(columns.map((column) => cell(row[column])));
  console.log(table.toString());
}

/** One thing, a field a line; JSON: the thing. */
export function printRecord(record: Record<string, unknown>): void {
  if (asJson) return console.log(jsonOf(record));
  const table = new Table({ style: tableStyle });
  for (const [key, value] of Object.entries(record)) table.push({ [key]: cell(value) });
  console.log(table.toString());
}

/** A sentence for people only: with --json the result printed beside it says it. */
export function say(line: string): void {
  if (!asJson) console.log(line);
}

/** What a command did: sentences for people; JSON: the result they describe. */
export function printOutcome(result: unknown, ...lines: string[]): void {
  console.log(asJson ? jsonOf(result) : lines.join('\n'));
}
