import { InvalidCommand, NotFound } from '../errors';
import { deciderSpec } from '../../../test/support/decider-spec';
import { CAMPAIGN_EVENTS, CampaignCommand, CampaignDefinition, CampaignEvent, campaignDecider } from '.';

const now = new Date('2021-10-04T08:00:00Z');
const metadata = { now };
const given = deciderSpec<CampaignCommand, CampaignEvent, ReturnType<typeof campaignDecider.initialState>>(campaignDecider);

const definition: CampaignDefinition = {
  kind: 'update-info-letter',
  cohort: { digitalPostExempt: false },
  ratePerSecond: 500,
  startAt: '2021-10-04T08:00:00.000Z',
};
const started: CampaignEvent = { type: 'CampaignStarted', data: { campaignId: 'oct-2021', ...definition } };
const start = (overrides: Partial<CampaignDefinition> = {}): CampaignCommand => ({
  type: 'StartCampaign',
  data: { campaignId: 'oct-2021', ...definition, ...overrides },
  metadata,
});
const progress = (
  from: string | null,
  cursor: string,
  targeted: number,
  sent: number,
  skippedByRule: Record<string, number> = {},
  undecided = 0,
): CampaignCommand => ({
  type: 'RecordCampaignProgress',
  data: { from, cursor, targeted, sent, skippedByRule, undecided },
  metadata,
});
const simple = (type: 'PauseCampaign' | 'ResumeCampaign' | 'CompleteCampaign'): CampaignCommand => ({ type, data: {}, metadata });
const at = now.toISOString();

describe('campaign decider', () => {
  it('starts a campaign', () => given([]).when(start()).then([started]));

  it('campaign-start-once: starting the same campaign again changes nothing', () => given([started]).when(start()).thenNothingHappens());

  it('a start without startAt starts now, and a repeat without startAt matches it later', () => {
    const { startAt: _, ...withoutStart } = start().data as CampaignDefinition & { campaignId: string };
    given([]).when({ type: 'StartCampaign', data: withoutStart, metadata }).then([started]);
    given([started])
      .when({ type: 'StartCampaign', data: withoutStart, metadata: { now: new Date('2021-10-05T08:00:00Z') } })
      .thenNothingHappens();
  });

  it('rule no-cpr-in-ids: a campaign id shaped like a CPR number (real date or not) is refused, naming the field', () => {
    given([])
      .when({ ...start(), data: { ...start().data, campaignId: '160168-2195' } } as CampaignCommand)
      .thenInvalid('campaignId');
    given([])
      .when({ ...start(), data: { ...start().data, campaignId: 'oct-3201682195' } } as CampaignCommand)
      .thenInvalid('campaignId');
  });

  it('a campaign id is 3-63 lower-case letters, digits or dashes, whoever starts it', () => {
    for (const campaignId of ['ab', 'Oct-2021', '-oct', 'oct 2021', 'x'.repeat(64)]) {
      given([])
        .when({ ...start(), data: { ...start().data, campaignId } } as CampaignCommand)
        .thenInvalid('campaignId');
    }
  });

  it('campaign-id-taken: the same id with other settings is refused', () =>
    given([started])
      .when(start({ ratePerSecond: 10 }))
      .thenRefusedBy('campaign-id-taken'));

  it('compares cohorts whatever the order of their keys', () => {
    const two = { digitalPostExempt: false, residesAbroad: false };
    const events = [{ ...started, data: { ...started.data, cohort: two } }] as CampaignEvent[];
    given(events)
      .when(start({ cohort: { residesAbroad: false, digitalPostExempt: false } }))
      .thenNothingHappens();
  });

  it('letter-only-to-those-who-must-update: an update-info-letter cohort cannot ask for holders who need no update', () => {
    let error: unknown;
    try {
      campaignDecider.decide(start({ cohort: { needsInfoUpdate: false } }), campaignDecider.initialState());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidCommand);
    expect((error as InvalidCommand).field).toBe('cohort.needsInfoUpdate');
  });

  it('refuses a start in the past beyond the grace, and accepts one within it', () => {
    given([])
      .when(start({ startAt: '2021-10-04T07:50:00.000Z' }))
      .thenThrows(InvalidCommand);
    given([])
      .when(start({ startAt: '2021-10-04T07:56:00.000Z' }))
      .then([{ type: 'CampaignStarted', data: { campaignId: 'oct-2021', ...definition, startAt: '2021-10-04T07:56:00.000Z' } }]);
  });

  it('records progress as running totals, the skipped per rule and the undecided apart', () =>
    given([
      started,
      {
        type: 'CampaignProgressed',
        data: { campaignId: 'oct-2021', cursor: 'b', targeted: 10, sent: 8, skipped: 2, skippedByRule: { 'no-letter-after-update': 2 }, undecided: 0 },
      },
    ])
      .when(progress('b', 'd', 6, 3, { 'no-letter-after-update': 1, 'nemid-retired': 1 }, 1))
      .then([
        {
          type: 'CampaignProgressed',
          data: {
            campaignId: 'oct-2021',
            cursor: 'd',
            targeted: 16,
            sent: 11,
            skipped: 4,
            skippedByRule: { 'no-letter-after-update': 3, 'nemid-retired': 1 },
            undecided: 1,
          },
        },
      ]));

  it('steps recorded before the per-rule counts existed still add up', () =>
    given([started, CAMPAIGN_EVENTS.read({ type: 'CampaignProgressed', data: { campaignId: 'oct-2021', cursor: 'b', targeted: 10, sent: 8, skipped: 2 } })!])
      .when(progress('b', 'd', 1, 1))
      .then([
        { type: 'CampaignProgressed', data: { campaignId: 'oct-2021', cursor: 'd', targeted: 11, sent: 9, skipped: 2, skippedByRule: {}, undecided: 0 } },
      ]));

  it('progress-from-current-cursor: a worker that walked from an older cursor cannot count an overlapping step', () => {
    const recorded: CampaignEvent = {
      type: 'CampaignProgressed',
      data: { campaignId: 'oct-2021', cursor: 'd', targeted: 10, sent: 10, skipped: 0, skippedByRule: {}, undecided: 0 },
    };
    // Another worker walked (null, f] with a larger step while (null, d] was recorded.
    given([started, recorded])
      .when(progress(null, 'f', 15, 15))
      .thenRefusedBy('progress-from-current-cursor');
    given([started, recorded])
      .when(progress('b', 'c', 1, 1))
      .thenRefusedBy('progress-from-current-cursor');
  });

  it('progress-moves-forward: a step ends after where it started', () =>
    given([
      started,
      { type: 'CampaignProgressed', data: { campaignId: 'oct-2021', cursor: 'd', targeted: 10, sent: 10, skipped: 0, skippedByRule: {}, undecided: 0 } },
    ])
      .when(progress('d', 'c', 5, 5))
      .thenRefusedBy('progress-moves-forward'));

  it('pauses and resumes; pausing twice or resuming a running campaign changes nothing', () => {
    const paused: CampaignEvent = { type: 'CampaignPaused', data: { campaignId: 'oct-2021', pausedAt: at } };
    given([started]).when(simple('PauseCampaign')).then([paused]);
    given([started, paused]).when(simple('PauseCampaign')).thenNothingHappens();
    given([started, paused])
      .when(simple('ResumeCampaign'))
      .then([{ type: 'CampaignResumed', data: { campaignId: 'oct-2021', resumedAt: at } }]);
    given([started]).when(simple('ResumeCampaign')).thenNothingHappens();
  });

  it('campaign-paused: a paused campaign is not completed', () =>
    given([started, { type: 'CampaignPaused', data: { campaignId: 'oct-2021', pausedAt: at } }])
      .when(simple('CompleteCampaign'))
      .thenRefusedBy('campaign-paused'));

  it('completes with the totals, once', () => {
    const progressed: CampaignEvent = {
      type: 'CampaignProgressed',
      data: { campaignId: 'oct-2021', cursor: 'z', targeted: 3, sent: 2, skipped: 1, skippedByRule: {}, undecided: 0 },
    };
    const completed: CampaignEvent = {
      type: 'CampaignCompleted',
      data: { campaignId: 'oct-2021', completedAt: at, targeted: 3, sent: 2, skipped: 1, skippedByRule: {}, undecided: 0 },
    };
    given([started, progressed]).when(simple('CompleteCampaign')).then([completed]);
    given([started, progressed, completed]).when(simple('CompleteCampaign')).thenNothingHappens();
  });

  it('campaign-completed: a completed campaign can be neither paused, resumed nor progressed', () => {
    const completed: CampaignEvent = {
      type: 'CampaignCompleted',
      data: { campaignId: 'oct-2021', completedAt: at, targeted: 0, sent: 0, skipped: 0, skippedByRule: {}, undecided: 0 },
    };
    given([started, completed]).when(simple('PauseCampaign')).thenRefusedBy('campaign-completed');
    given([started, completed]).when(simple('ResumeCampaign')).thenRefusedBy('campaign-completed');
    given([started, completed])
      .when(progress(null, 'a', 1, 1))
      .thenRefusedBy('campaign-completed');
  });

  it('an unknown campaign is not found', () => given([]).when(simple('PauseCampaign')).thenThrows(NotFound));

  describe('notice campaigns', () => {
    const notice = (overrides: Partial<CampaignDefinition> = {}) => start({ kind: 'deadline-reminder', cohort: {}, deadline: '2022-10-31', ...overrides });
    const fieldOf = (command: CampaignCommand) => {
      try {
        campaignDecider.decide(command, campaignDecider.initialState());
      } catch (error) {
        return error instanceof InvalidCommand ? error.field : undefined;
      }
      return undefined;
    };

    it('a notice campaign records the deadline its notices name', () =>
      given([])
        .when(notice())
        .then([{ type: 'CampaignStarted', data: { campaignId: 'oct-2021', ...definition, kind: 'deadline-reminder', cohort: {}, deadline: '2022-10-31' } }]));
    it('a notice campaign without a deadline, or a letter campaign with one, is refused naming the field', () => {
      expect(fieldOf(notice({ deadline: undefined }))).toBe('deadline');
      expect(fieldOf(start({ deadline: '2022-10-31' }))).toBe('deadline');
    });
    it('the same milestone with another deadline is another campaign, not a repeat', () =>
      given([{ type: 'CampaignStarted', data: { campaignId: 'oct-2021', ...definition, kind: 'deadline-reminder', cohort: {}, deadline: '2022-06-30' } }])
        .when(notice())
        .thenRefusedBy('campaign-id-taken'));
  });
});
