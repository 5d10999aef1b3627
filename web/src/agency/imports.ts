import { api } from '../api';
import { h, stackTable } from '../dom';
import { field, onSubmit } from '../forms';
import { formatInstant, formatNumber, language, t, tOr } from '../i18n';

/** An import as every agency user sees it listed (`GET /api/v1/population/imports`). */
export interface ImportItem {
  importId: string;
  name: string;
  status: 'running' | 'completed';
  bytes: number;
  bytesRead: number;
  rows: { read: number; imported: number; alreadyPresent: number; rejected: number };
  waiting: 'disk-full' | null;
  startedAt: string;
  startedBy: string;
}

function importRow(item: ImportItem): Node {
  const counts = t('importCounts', {
    read: formatNumber(item.rows.read),
    imported: formatNumber(item.rows.imported),
    alreadyPresent: formatNumber(item.rows.alreadyPresent),
    rejected: formatNumber(item.rows.rejected),
  });
  return h(
    'tr',
    { 'data-import': item.importId, 'data-status': item.status },
    h('th', { scope: 'row', class: 'user-text' }, item.name),
    h('td', { 'data-label': t('startedBy') }, item.startedBy, h('br'), h('small', {}, formatInstant(item.startedAt))),
    h(
      'td',
      { 'data-label': t('status') },
      tOr(`import.${item.status}`),
      item.status === 'running'
        ? [h('br'), h('progress', { value: String(item.bytesRead), max: String(Math.max(1, item.bytes)), 'aria-label': item.name })]
        : null,
      item.waiting ? [h('br'), h('strong', { class: 'waiting', 'data-waiting': item.waiting }, t(`import.waiting.${item.waiting}`))] : null,
    ),
    h(
      'td',
      { 'data-label': t('rows') },
      h('span', { class: 'counts' }, counts),
      item.rows.rejected > 0
        ? [
            h('br'),
            h(
              'a',
              { href: `/api/v1/population/imports/${item.importId}/rejects?language=${language()}`, download: `${item.importId}-rejects.csv` },
              t('downloadRejects'),
            ),
          ]
        : null,
    ),
  );
}

export function importTable(items: ImportItem[]): Node {
  if (items.length === 0) return h('p', {}, t('noImports'));
  return stackTable('imports', [t('file'), t('startedBy'), t('status'), t('rows')], items.map(importRow));
}

/** The upload: the file as the body, its name in a header (percent-encoded: a name is any text). */
export function importForm(onImported: () => void): HTMLFormElement {
  const file = h('input', { type: 'file', accept: '.csv,.ndjson,text/csv,application/x-ndjson' });
  const form = h('form', { class: 'card', novalidate: true }, field('file', t('registerFile'), file), h('button', { type: 'submit' }, t('upload')));
  onSubmit(form, async () => {
    const chosen = file.files?.[0];
    if (!chosen) throw new Error(t('chooseFile'));
    const contentType = chosen.name.endsWith('.ndjson') ? 'application/x-ndjson' : 'text/csv';
    await api('/api/v1/population/imports', { method: 'POST', body: chosen, contentType, headers: { 'X-File-Name': encodeURIComponent(chosen.name) } });
    onImported();
  });
  return form;
}
