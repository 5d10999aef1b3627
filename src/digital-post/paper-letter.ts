import PDFDocument from 'pdfkit';
import { LetterTexts, SENDER_NAME } from '../domain/notices';

/** Characters per per-letter field (address lines, date, reference). */
export const PAPER_FIELD_WIDTH = 64;
const PLACEHOLDER = 'X'.repeat(PAPER_FIELD_WIDTH);
/** How pdfkit writes the placeholder into an uncompressed content stream: WinAnsi codes in hex. */
const PLACEHOLDER_IN_PDF = `<${'58'.repeat(PAPER_FIELD_WIDTH)}>`;
export const PAPER_ADDRESS_LINES = 4;
/** Address lines, then the date, then the message reference. */
export const PAPER_FIELD_COUNT = PAPER_ADDRESS_LINES + 2;

/** WinAnsi equals Latin-1 for the printable ranges used here; anything else prints as '?'. */
function winAnsiHex(value: string): string {
  let hex = '';
  for (const char of value.slice(0, PAPER_FIELD_WIDTH).padEnd(PAPER_FIELD_WIDTH, ' ')) {
    const code = char.charCodeAt(0);
    const printable = (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
    hex += (printable ? code : 0x3f).toString(16).padStart(2, '0');
  }
  return hex;
}

/**
 * A paper letter laid out once by pdfkit, with fixed-width fields filled in per letter.
 * pdfkit takes milliseconds per document (docs/benchmarks.md); a national campaign sends hundreds of
 * thousands of paper letters, so the layout is done once per variant and each letter only
 * overwrites its fields in place (same byte length, so the PDF's cross-reference table stays valid).
 */
export class PaperLetterTemplate {
  private constructor(
    private readonly pdf: Buffer,
    private readonly fieldOffsets: number[],
  ) {}

  static async create(texts: LetterTexts, largePrint: boolean): Promise<PaperLetterTemplate> {
    const pdf = await layOut(texts, largePrint);
    const offsets: number[] = [];
    const latin1 = pdf.toString('latin1');
    for (let at = latin1.indexOf(PLACEHOLDER_IN_PDF); at !== -1; at = latin1.indexOf(PLACEHOLDER_IN_PDF, at + 1)) offsets.push(at + 1);
    if (offsets.length !== PAPER_FIELD_COUNT) throw new Error(`paper letter template has ${offsets.length} fields, expected ${PAPER_FIELD_COUNT}`);
    return new PaperLetterTemplate(pdf, offsets);
  }

  /** `fields`: up to four address lines, the date, the reference. */
  fill(fields: { addressLines: string[]; date: string; reference: string }): Buffer {
    const values = [...fields.addressLines.slice(0, PAPER_ADDRESS_LINES), fields.date, fields.reference];
    while (values.length < PAPER_FIELD_COUNT) values.splice(values.length - 2, 0, '');
    const letter = Buffer.from(this.pdf);
    values.forEach((value, i) => letter.write(winAnsiHex(value), this.fieldOffsets[i], 'latin1'));
    return letter;
  }
}

function layOut(texts: LetterTexts, largePrint: boolean): Promise<Buffer> {
  const body = largePrint ? 17 : 11;
  // Fixed CreationDate: the same letter renders to the same bytes on every run.
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: false, info: { Title: texts.da.title, Author: SENDER_NAME, CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const field = (x: number, y: number, size: number) => doc.font('Helvetica').fontSize(size).text(PLACEHOLDER, x, y, { lineBreak: false });

  doc.font('Helvetica-Bold').fontSize(10).text(SENDER_NAME, 56, 56, { lineBreak: false });
  // Address window of a C5/C65 window envelope.
  for (let line = 0; line < PAPER_ADDRESS_LINES; line++) field(56, 140 + line * 14, 10);
  field(340, 140, 10);
  field(340, 154, 7);

  let first = true;
  for (const [heading, text] of [
    ['', texts.da],
    ['English version', texts.en],
  ] as const) {
    if (!first) doc.addPage();
    doc.x = 56;
    doc.y = first ? 250 : 56;
    if (heading) doc.font('Helvetica-Oblique').fontSize(body).text(heading).moveDown(0.5);
    doc
      .font('Helvetica-Bold')
      .fontSize(body + 3)
      .text(text.title)
      .moveDown(0.8);
    for (const paragraph of text.paragraphs) doc.font('Helvetica').fontSize(body).text(paragraph, { align: 'left' }).moveDown(0.6);
    first = false;
  }
  doc.end();
  return done;
}
