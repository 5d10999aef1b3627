import { dirname, join } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

// The legacy build is the CommonJS one that runs on Node 20 without a DOM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfjs: typeof import('pdfjs-dist') = require('pdfjs-dist/legacy/build/pdf.js');

const standardFontDataUrl = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts/');

/** The text of a PDF, a line per baseline, pages in order: for asserting what a printed letter says. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false, verbosity: 0 })
    .promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      const lines = new Map<number, { x: number; text: string }[]>();
      for (const item of content.items as TextItem[]) {
        if (typeof item.str !== 'string') continue;
        const y = Math.round(item.transform[5]);
        lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4], text: item.str }]);
      }
      const ordered = [...lines.entries()].sort(([a], [b]) => b - a);
      pages.push(
        ordered
          .map(([, items]) =>
            items
              .sort((a, b) => a.x - b.x)
              .map((i) => i.text)
              .join(''),
          )
          .join('\n'),
      );
    }
    return pages.join('\n\f');
  } finally {
    await document.destroy();
  }
}
