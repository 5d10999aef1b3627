import { CITIZEN_STATUSES } from '../../../src/domain/citizen/state';
import { STATUS_NAMES } from '../../../src/domain/citizen/labels';
import { CAMPAIGN_KIND_NAMES } from '../../../src/domain/campaign/names';
import { COHORT_FILTERS, PUBLIC_COHORT_FILTERS } from '../../../src/domain/campaign/cohort';
import { LETTER_CAMPAIGN_KINDS } from '../../../src/domain/campaign/events';
import type { CampaignKind } from '../../../src/domain/campaign/events';
import { api } from '../api';
import { confirmed } from '../confirm';
import { h } from '../dom';
import { field, input, onSubmit, select } from '../forms';
import { formatInstant, formatNumber, pick, t, tOr } from '../i18n';
import { failure } from '../shell';

/** A campaign as the list gives it (GET /api/v1/campaigns): its counts and its pace. */
export interface Campaign {
  campaignId: string;
  status: 'running' | 'paused' | 'completed' | 'unknown';
  kind: string | null;
  targeted: number;
  sent: number;
  skipped: number;
  delivered: number;
  failed: number;
  remaining: number;
  lettersPerSecond: number | null;
  estimatedCompletionAt: string | null;
}

const kindName = (kind: string) => (kind in CAMPAIGN_KIND_NAMES ? pick(CAMPAIGN_KIND_NAMES[kind as CampaignKind]) : kind);

function campaignRow(campaign: Campaign, refresh: () => void): Node {
  const done = campaign.sent + campaign.skipped;
  const max = Math.max(1, done + campaign.remaining);
  const act = (action: 'pause' | 'resume') => () =>
    void api(`/api/v1/campaigns/${campaign.campaignId}/${action}`, { method: 'POST' })
      .then(refresh)
      .catch((error: unknown) => document.querySelector('#campaigns')?.prepend(failure(error)));
  const cell = (label: string, ...content: (Node | string | null)[]) => h('td', { 'data-label': label }, ...content);
  return h(
    'tr',
    { 'data-campaign': campaign.campaignId, 'data-status': campaign.status },
    h('th', { scope: 'row' }, campaign.campaignId, campaign.kind ? [h('br'), h('small', {}, kindName(campaign.kind))] : null),
    cell(t('status'), tOr(`campaign.${campaign.status}`)),
    cell(
      t('progress'),
      h('progress', { value: String(campaign.status === 'completed' ? max : done), max: String(max), 'aria-label': `${t('progress')} ${campaign.campaignId}` }),
    ),
    cell(t('sent'), formatNumber(campaign.sent)),
    cell(t('delivered'), formatNumber(campaign.delivered)),
    cell(t('failed'), formatNumber(campaign.failed)),
    cell(t('skipped'), formatNumber(campaign.skipped)),
    cell(t('remaining'), formatNumber(campaign.remaining)),
    cell(t('rate'), campaign.lettersPerSecond === null ? '–' : t('perSecond', { n: formatNumber(Math.round(campaign.lettersPerSecond)) })),
    cell(t('eta'), campaign.estimatedCompletionAt && campaign.status !== 'completed' ? formatInstant(campaign.estimatedCompletionAt) : '–'),
    cell(
      t('actions'),
      campaign.status === 'running' ? h('button', { type: 'button', onclick: act('pause') }, t('pause')) : null,
      campaign.status === 'paused' ? h('button', { type: 'button', onclick: act('resume') }, t('resume')) : null,
    ),
  );
}

export function campaignTable(campaigns: Campaign[], refresh: () => void): Node {
  if (campaigns.length === 0) return h('p', {}, t('noCampaigns'));
  const columns = [
    t('campaign'),
    t('status'),
    t('progress'),
    t('sent'),
    t('delivered'),
    t('failed'),
    t('skipped'),
    t('remaining'),
    t('rate'),
    t('eta'),
    t('actions'),
  ];
  return h(
    'table',
    { class: 'stack campaigns' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((text) => h('th', { scope: 'col' }, text)),
      ),
    ),
    h(
      'tbody',
      {},
      campaigns.map((c) => campaignRow(c, refresh)),
    ),
  );
}

interface Preview {
  campaignId: string;
  existing?: 'running' | 'paused' | 'completed';
  letters: number;
  paper: number;
}

/**
 * The start form, its cohort fields derived from the declared cohort filters. Before anything is recorded it asks how
 * many letters would go (and how many on paper), and says so when the same campaign exists already.
 */
export function startCampaignForm(refresh: () => void): HTMLFormElement {
  const kind = select(LETTER_CAMPAIGN_KINDS.map((k) => ({ value: k, text: pick(CAMPAIGN_KIND_NAMES[k]) })));
  const cohortFields = PUBLIC_COHORT_FILTERS.map((name) => {
    const declared = COHORT_FILTERS[name];
    const options =
      declared.kind === 'status'
        ? [{ value: '', text: t('any') }, ...CITIZEN_STATUSES.map((s) => ({ value: s, text: pick(STATUS_NAMES[s]) }))]
        : [
            { value: '', text: t('any') },
            { value: 'true', text: t('yes') },
            { value: 'false', text: t('no') },
          ];
    return field(name, pick(declared.label), select(options));
  });
  const notice = h('div', { class: 'preview', role: 'status' });
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'start-heading' },
    h('h3', { id: 'start-heading' }, t('startCampaign')),
    field('campaignId', t('campaignId'), input({ spellcheck: 'false', autocomplete: 'off' })),
    field('kind', t('kind'), kind),
    h('fieldset', {}, h('legend', {}, t('cohort')), cohortFields),
    field('ratePerSecond', t('ratePerSecond'), input({ type: 'number', min: '1', value: '100', inputmode: 'numeric' })),
    field('startAt', t('startAt'), input({ type: 'datetime-local' })),
    notice,
    h('button', { type: 'submit' }, t('start')),
  );
  onSubmit(form, async () => {
    notice.replaceChildren();
    const data = new FormData(form);
    const cohort: Record<string, string | boolean> = {};
    for (const name of PUBLIC_COHORT_FILTERS) {
      const value = String(data.get(name) ?? '');
      if (value !== '') cohort[name] = COHORT_FILTERS[name].kind === 'boolean' ? value === 'true' : value;
    }
    const startAt = String(data.get('startAt') ?? '');
    const rate = String(data.get('ratePerSecond') ?? '');
    const campaignId = String(data.get('campaignId') ?? '').trim();
    const what = { ...(campaignId ? { campaignId } : {}), kind: kind.value, cohort };
    const preview = await api<Preview>('/api/v1/campaigns/preview', { method: 'POST', body: what });
    if (preview.existing) {
      notice.replaceChildren(t('campaignExists', { campaignId: preview.campaignId, status: tOr(`campaign.${preview.existing}`) }));
      return;
    }
    const question = t('confirmStart', { campaignId: preview.campaignId, letters: formatNumber(preview.letters), paper: formatNumber(preview.paper) });
    if (!(await confirmed(t('startCampaign'), question))) return;
    await api('/api/v1/campaigns', {
      method: 'POST',
      body: {
        ...what,
        // A number when it reads as one; otherwise as typed, so the API names what is wrong with it.
        ratePerSecond: rate !== '' && Number.isFinite(Number(rate)) ? Number(rate) : rate,
        ...(startAt ? { startAt: new Date(startAt).toISOString() } : {}),
      },
    });
    refresh();
  });
  return form;
}
