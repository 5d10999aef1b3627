import { ApiProperty } from '@nestjs/swagger';
import { ImportCounts, ImportReject, RegisterFileFormat, StartedImport } from '../domain/population';
import { Language, textOf } from '../domain/text';

export class ImportCountsView implements ImportCounts {
  @ApiProperty({ description: 'Rows read so far (blank lines are not rows)' }) read!: number;
  @ApiProperty({ description: 'Holders this import brought in' }) imported!: number;
  @ApiProperty({ description: 'Holders already there: issued at the desk or brought in by another import' }) alreadyPresent!: number;
  @ApiProperty({ description: 'Rows refused, each with its line, field and reason (GET .../rejects)' }) rejected!: number;
}

/** What a running import can be waiting for. */
export const IMPORT_WAITS = ['disk-full'] as const;
export type ImportWait = (typeof IMPORT_WAITS)[number];

/** An import as the agency follows it: the counts, how far through the file, the rate and what is left. */
export class ImportView {
  @ApiProperty({ description: "Names the file's content: the same file again is the same import" }) importId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['csv', 'ndjson'] }) format!: RegisterFileFormat;
  @ApiProperty({ enum: ['running', 'completed'] }) status!: 'running' | 'completed';
  @ApiProperty() bytes!: number;
  @ApiProperty() bytesRead!: number;
  @ApiProperty({ type: ImportCountsView }) rows!: ImportCounts;
  @ApiProperty({ description: 'Rows per second while importing (time between runs not counted)' }) rowsPerSecond!: number;
  @ApiProperty({ description: 'Seconds left at that rate; 0 once complete' }) etaSeconds!: number;
  @ApiProperty({
    enum: IMPORT_WAITS,
    nullable: true,
    type: String,
    description: 'What a running import waits for (disk-full: it goes on by itself once the data disk has room)',
  })
  waiting!: ImportWait | null;
}

/** An import in the list every agency user sees. */
export class ImportListItem extends ImportView {
  @ApiProperty({ description: 'When it was started (business time)' }) startedAt!: string;
  @ApiProperty({ description: 'Who started it' }) startedBy!: string;
}

export function importView(state: StartedImport, waiting: ImportWait | null = null): ImportView {
  const seconds = state.elapsedMs / 1000;
  const bytesRead = state.status === 'completed' ? state.bytes : state.cursor.byte;
  const bytesPerSecond = seconds > 0 ? bytesRead / seconds : 0;
  return {
    importId: state.importId,
    name: state.name,
    format: state.format,
    status: state.status,
    bytes: state.bytes,
    bytesRead,
    rows: state.totals,
    rowsPerSecond: seconds > 0 ? Math.round(state.totals.read / seconds) : 0,
    etaSeconds: state.status === 'completed' || bytesPerSecond === 0 ? 0 : Math.ceil((state.bytes - bytesRead) / bytesPerSecond),
    waiting: state.status === 'running' ? waiting : null,
  };
}

const quoted = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Rejects as CSV (line,field,reason), a header first, for a spreadsheet; the reasons in the reader's language. */
export async function* rejectsCsv(rejects: AsyncIterable<ImportReject>, language: Language): AsyncGenerator<string> {
  yield language === 'da' ? 'linje,felt,begrundelse\n' : 'line,field,reason\n';
  let chunk = '';
  for await (const reject of rejects) {
    chunk += `${reject.line},${quoted(reject.field)},${quoted(textOf(reject.reason)[language])}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
