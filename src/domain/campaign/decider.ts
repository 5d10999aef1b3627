import { CPR_SHAPE_REFUSED, containsCprShape } from '../cpr';
import { InvalidCommand, NotFound, RuleViolated } from '../errors';
import { CampaignCommand, RecordCampaignProgress, StartCampaign } from './commands';
import { CohortFilter } from './cohort';
import { CampaignDefinition, CampaignEvent, CampaignKind, CampaignTotals, DatedCampaignEvent, isNoticeKind } from './events';
import type { Text } from '../text';
import { CAMPAIGN_KIND_NAMES } from './names';

/** A start this far in the past is still accepted: the request may have been prepared a moment ago. */
export const START_GRACE_MS = 5 * 60_000;

/** Reminders push holders without MitID who can get one; holders without a Danish passport keep NemID (docs/sources). */
const PUSHED_TO_MITID: CohortFilter = { nemIdActive: true, hasMitId: false, danishPassport: true };

/** What each kind of campaign requires of its cohort, whatever filter the agency adds. */
export const COHORT_OF_KIND: Record<CampaignKind, CohortFilter> = {
  // Only holders whose registration lacks a verified photo ID must update (docs/sources: "Update of personal information").
  'update-info-letter': { needsInfoUpdate: true },
  'deadline-reminder': PUSHED_TO_MITID,
  'final-warning': PUSHED_TO_MITID,
  'keep-nemid': { nemIdActive: true, hasMitId: false, danishPassport: false },
  // After the deadline the NemID of everyone who has MitID is retired, then they are told.
  'nemid-retired': { nemIdActive: true, hasMitId: true },
  // "A notice is sent once MitID has fully replaced NemID" (docs/sources): to everyone with MitID.
  'nemid-no-longer-needed': { hasMitId: true },
  'nemid-shutdown': { nemIdActive: true },
};

export type CampaignStatus = 'running' | 'paused' | 'completed';

export type CampaignState =
  | { status: 'none' }
  | {
      status: CampaignStatus;
      campaignId: string;
      definition: CampaignDefinition;
      totals: CampaignTotals;
      /** When the start was recorded; its requested start (`definition.startAt`) when the event came without its time. */
      startedAt: string;
      /** When the last step was recorded: with the totals, the pace so far. */
      progressedAt?: string;
    };

export const initialCampaignState = (): CampaignState => ({ status: 'none' });

export const NO_CAMPAIGN: Text = { da: 'der er ingen kampagne med dette navn', en: 'no campaign with this id' };
const CAMPAIGN_ID_RULE: Text = { da: 'skal være 3-63 små bogstaver, cifre eller bindestreger', en: 'must be 3-63 lower-case letters, digits or dashes' };
const NOT_IN_THE_PAST: Text = { da: 'må ikke ligge i fortiden', en: 'must not be in the past' };
const completed = (campaignId: string): Text => ({ da: `kampagnen ${campaignId} er færdig`, en: `campaign ${campaignId} is completed` });

type Existing = Exclude<CampaignState, { status: 'none' }>;

function requireCampaign(state: CampaignState): Existing {
  if (state.status === 'none') throw new NotFound(NO_CAMPAIGN);
  return state;
}

const sameDefinition = (existing: CampaignDefinition, requested: StartCampaign['data']) =>
  existing.kind === requested.kind &&
  existing.ratePerSecond === requested.ratePerSecond &&
  existing.deadline === requested.deadline &&
  (requested.startAt === undefined || Date.parse(existing.startAt) === Date.parse(requested.startAt)) &&
  canonical(existing.cohort) === canonical(requested.cohort);

/** Filters compare equal whatever the order of their keys. */
export const canonical = (cohort: CohortFilter) => JSON.stringify((Object.keys(cohort) as (keyof CohortFilter)[]).sort().map((key) => [key, cohort[key]]));

/** The cohort the worker walks: the agency's filter with the kind's own requirements. */
export function cohortOf(definition: Pick<CampaignDefinition, 'kind' | 'cohort'>): CohortFilter {
  return { ...definition.cohort, ...COHORT_OF_KIND[definition.kind] };
}

/** Lower-case letters, digits and dashes: it names the campaign's stream and its letters' ids. */
export const CAMPAIGN_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

function start(command: StartCampaign, state: CampaignState): CampaignEvent[] {
  const { campaignId, startAt, ...rest } = command.data;
  if (!CAMPAIGN_ID.test(campaignId)) throw new InvalidCommand('campaignId', CAMPAIGN_ID_RULE);
  // A campaign id is listed to every agency user and kept in every letter's id for ever.
  if (containsCprShape(campaignId)) throw new InvalidCommand('campaignId', CPR_SHAPE_REFUSED);
  if (state.status !== 'none') {
    // Starting the same campaign again is a no-op, so a retried request sends nothing twice.
    if (sameDefinition(state.definition, command.data)) return [];
    throw new RuleViolated('campaign-id-taken', {
      da: `kampagnen ${campaignId} er allerede startet med andre indstillinger`,
      en: `campaign ${campaignId} was already started with other settings`,
    });
  }
  const definition: CampaignDefinition = { ...rest, startAt: new Date(startAt ?? command.metadata.now).toISOString() };
  if (isNoticeKind(definition.kind) && definition.deadline === undefined) {
    const kind = CAMPAIGN_KIND_NAMES[definition.kind];
    throw new InvalidCommand('deadline', {
      da: `skal angives for kampagner af typen "${kind.da}": meddelelsen nævner den`,
      en: `is required for ${kind.en} campaigns: the notice names it`,
    });
  }
  if (!isNoticeKind(definition.kind) && definition.deadline !== undefined) {
    const kind = CAMPAIGN_KIND_NAMES[definition.kind];
    throw new InvalidCommand('deadline', {
      da: `kun meddelelser nævner en frist, ikke "${kind.da}"`,
      en: `only notice campaigns name a deadline, not ${kind.en}`,
    });
  }
  for (const [field, required] of Object.entries(COHORT_OF_KIND[definition.kind]) as [keyof CohortFilter, unknown][]) {
    if (field in definition.cohort && definition.cohort[field] !== required) {
      const kind = CAMPAIGN_KIND_NAMES[definition.kind];
      throw new InvalidCommand(`cohort.${field}`, {
        da: `skal være ${required ? 'ja' : 'nej'} for kampagner af typen "${kind.da}"`,
        en: `must be ${String(required)} for ${kind.en} campaigns`,
      });
    }
  }
  if (Date.parse(definition.startAt) < command.metadata.now.getTime() - START_GRACE_MS) {
    throw new InvalidCommand('startAt', NOT_IN_THE_PAST);
  }
  return [{ type: 'CampaignStarted', data: { campaignId, ...definition } }];
}

function recordProgress(command: RecordCampaignProgress, state: CampaignState): CampaignEvent[] {
  const campaign = requireCampaign(state);
  if (campaign.status === 'completed') throw new RuleViolated('campaign-completed', completed(campaign.campaignId));
  const { from, cursor, targeted, sent, skippedByRule, undecided } = command.data;
  // Steps are counted only from the current cursor: a worker that walked from an older one
  // overlaps a step already counted (its letters are in; the next step counts the rest).
  if (from !== campaign.totals.cursor) {
    throw new RuleViolated('progress-from-current-cursor', {
      da: 'et andet skridt i kampagnen blev registreret imens',
      en: 'another step of this campaign was recorded meanwhile',
    });
  }
  if (from !== null && cursor <= from)
    throw new RuleViolated('progress-moves-forward', { da: 'et skridt skal flytte markøren frem', en: 'a step must move the cursor forward' });
  const totals = campaign.totals;
  const byRule = { ...totals.skippedByRule };
  for (const [rule, count] of Object.entries(skippedByRule)) byRule[rule] = (byRule[rule] ?? 0) + count;
  const skipped = Object.values(skippedByRule).reduce((sum, count) => sum + count, 0);
  return [
    {
      type: 'CampaignProgressed',
      data: {
        campaignId: campaign.campaignId,
        cursor,
        targeted: totals.targeted + targeted,
        sent: totals.sent + sent,
        skipped: totals.skipped + skipped,
        skippedByRule: byRule,
        undecided: totals.undecided + undecided,
      },
    },
  ];
}

export function decide(command: CampaignCommand, state: CampaignState): CampaignEvent[] {
  const at = command.metadata.now.toISOString();
  switch (command.type) {
    case 'StartCampaign':
      return start(command, state);
    case 'RecordCampaignProgress':
      return recordProgress(command, state);
    case 'PauseCampaign': {
      const campaign = requireCampaign(state);
      if (campaign.status === 'completed') throw new RuleViolated('campaign-completed', completed(campaign.campaignId));
      return campaign.status === 'paused' ? [] : [{ type: 'CampaignPaused', data: { campaignId: campaign.campaignId, pausedAt: at } }];
    }
    case 'ResumeCampaign': {
      const campaign = requireCampaign(state);
      if (campaign.status === 'completed') throw new RuleViolated('campaign-completed', completed(campaign.campaignId));
      return campaign.status === 'running' ? [] : [{ type: 'CampaignResumed', data: { campaignId: campaign.campaignId, resumedAt: at } }];
    }
    case 'CompleteCampaign': {
      const campaign = requireCampaign(state);
      if (campaign.status === 'completed') return [];
      if (campaign.status === 'paused')
        throw new RuleViolated('campaign-paused', { da: `kampagnen ${campaign.campaignId} er sat på pause`, en: `campaign ${campaign.campaignId} is paused` });
      const { cursor: _, ...totals } = campaign.totals;
      return [{ type: 'CampaignCompleted', data: { campaignId: campaign.campaignId, completedAt: at, ...totals } }];
    }
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${(exhaustive as { type: string }).type}`);
    }
  }
}

export function evolve(state: CampaignState, event: DatedCampaignEvent): CampaignState {
  switch (event.type) {
    case 'CampaignStarted': {
      const { campaignId, ...definition } = event.data;
      const totals = { cursor: null, targeted: 0, sent: 0, skipped: 0, skippedByRule: {}, undecided: 0 };
      return { status: 'running', campaignId, definition, totals, startedAt: event.occurredAt ?? definition.startAt };
    }
    case 'CampaignProgressed': {
      if (state.status === 'none') return state;
      const { cursor, targeted, sent, skipped, skippedByRule, undecided } = event.data;
      return { ...state, totals: { cursor, targeted, sent, skipped, skippedByRule, undecided }, progressedAt: event.occurredAt ?? state.progressedAt };
    }
    case 'CampaignPaused':
      return state.status === 'none' ? state : { ...state, status: 'paused' };
    case 'CampaignResumed':
      return state.status === 'none' ? state : { ...state, status: 'running' };
    case 'CampaignCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed' };
    default: {
      const exhaustive: never = event;
      void exhaustive;
      return state;
    }
  }
}
