import { LetterText, SENDER_NAME } from '../domain/notices';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]);

/** The letter as a self-contained HTML document, as Digital Post viewers show it. Large print doubles as the large-font variant. */
export function renderHtmlLetter(text: LetterText, language: 'da' | 'en', largePrint: boolean): string {
  const size = largePrint ? '20pt' : '12pt';
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8">',
    `<title>${escapeHtml(text.title)}</title>`,
    `<style>body{font-family:Arial,Helvetica,sans-serif;font-size:${size};line-height:1.5;max-width:40em;margin:2em auto}</style>`,
    '</head>',
    '<body>',
    `<p>${escapeHtml(SENDER_NAME)}</p>`,
    `<h1>${escapeHtml(text.title)}</h1>`,
    ...text.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
