import type { CampaignCommandInput } from '../../src/streams/campaign-command.handler';
import type { CitizenCommandInput } from '../../src/streams/citizen-command.handler';
import type { CommandInput } from '../../src/streams/command-handler';
import type { TransitionCommand } from '../../src/domain/transition';
import { DEFAULT_TRANSITION_SCHEDULE } from '../../src/domain/transition';
import type { Cpr } from '../../src/domain/cpr';

/** One command at one business instant, against one stream (a citizen named by the i-th synthetic CPR number). */
export type Step = { at: string } & (
  | { stream: 'citizen'; cpr: number; command: CitizenCommandInput }
  | { stream: 'campaign'; campaignId: string; command: CampaignCommandInput }
  | { stream: 'transition'; command: CommandInput<TransitionCommand> }
  | { stream: 'import'; file: string }
);

/** What the script needs of the service: CPR numbers by index, and encryption of personal data. */
export interface ScriptInputs {
  cpr: (i: number) => string;
  parsed: (i: number) => Cpr;
  protect: (text: string) => string;
}

const issued = (
  i: number,
  { parsed, protect, cpr }: ScriptInputs,
  extra: Partial<Extract<CitizenCommandInput, { type: 'IssueNemId' }>['data']> = {},
): CitizenCommandInput => ({
  type: 'IssueNemId',
  data: {
    cpr: parsed(i),
    protectedCpr: protect(cpr(i)),
    documents: [
      { kind: 'person-certificate', showsCpr: true },
      { kind: 'health-insurance-card', showsCpr: true },
    ],
    securityQuestions: 'passed',
    danishCitizen: true,
    residesAbroad: false,
    digitalPostExempt: false,
    addressProtected: false,
    visualImpairment: 'none',
    ...extra,
  },
});

/**
 * Every command the write side takes, some refused, over the first months of 2022: issue and import, the
 * authenticators, letters, the update of personal info, MitID, retirement, openings of a record, a letter
 * campaign's life, the schedule set and its deadline moved.
 */
export const COMMAND_SCRIPT = {
  register: ({ cpr }: ScriptInputs) =>
    [
      'cpr,nemIdIssuedOn,authenticator,nsisSubstantial,passport,digitalPostExempt,residesAbroad,addressProtected,visualImpairment',
      `${cpr(10)},2014-05-20,code-app,false,danish-chip-from-2012,false,false,false,none`,
      `${cpr(11)},2016-02-01,code-card,true,none,true,false,false,partially-sighted`,
      `${cpr(12)},2018-09-09,key-fob,false,danish,false,true,true,blind`,
      `${cpr(11)},2016-02-01,code-card,true,none,true,false,false,partially-sighted`,
      `${cpr(13)},not-a-date,code-card,false,none,false,false,false,none`,
      `${cpr(1)},2019-01-01,code-card,false,none,false,false,false,none`,
    ].join('\n') + '\n',
  steps: (inputs: ScriptInputs, register: string): Step[] => [
    { at: '2022-01-03T08:00:00Z', stream: 'transition', command: { type: 'SetTransitionSchedule', data: { schedule: DEFAULT_TRANSITION_SCHEDULE } } },
    { at: '2022-01-03T09:00:00Z', stream: 'citizen', cpr: 1, command: issued(1, inputs) },
    { at: '2022-01-03T09:05:00Z', stream: 'citizen', cpr: 1, command: issued(1, inputs) },
    { at: '2022-01-03T09:10:00Z', stream: 'citizen', cpr: 2, command: issued(2, inputs, { digitalPostExempt: true, visualImpairment: 'partially-sighted' }) },
    { at: '2022-01-03T09:20:00Z', stream: 'citizen', cpr: 3, command: issued(3, inputs, { documents: [{ kind: 'danish-bank-id-card', showsCpr: true }] }) },
    { at: '2022-01-04T10:00:00Z', stream: 'import', file: register },
    { at: '2022-01-04T10:30:00Z', stream: 'import', file: register },
    { at: '2022-01-05T08:00:00Z', stream: 'citizen', cpr: 2, command: { type: 'OrderCodeCard', data: {} } },
    { at: '2022-01-05T08:10:00Z', stream: 'citizen', cpr: 2, command: { type: 'ActivateCodeApp', data: { codesLeftOnCard: 40 } } },
    { at: '2022-01-05T08:20:00Z', stream: 'citizen', cpr: 2, command: { type: 'OrderTemporaryPassword', data: {} } },
    {
      at: '2022-01-05T08:30:00Z',
      stream: 'citizen',
      cpr: 2,
      command: { type: 'RegisterDeliveryAddress', data: { protectedAddress: inputs.protect('Vestergade 1, 8000 Aarhus C') } },
    },
    { at: '2022-01-05T09:00:00Z', stream: 'citizen', cpr: 9, command: { type: 'OrderCodeCard', data: {} } },
    {
      at: '2022-02-01T07:00:00Z',
      stream: 'campaign',
      campaignId: 'update-info-letter-script',
      command: { type: 'StartCampaign', data: { campaignId: 'update-info-letter-script', kind: 'update-info-letter', cohort: {}, ratePerSecond: 50 } },
    },
    { at: '2022-02-01T07:00:01Z', stream: 'citizen', cpr: 1, command: { type: 'SendUpdateInfoLetter', data: { campaignId: 'update-info-letter-script' } } },
    { at: '2022-02-01T07:00:01Z', stream: 'citizen', cpr: 1, command: { type: 'SendUpdateInfoLetter', data: { campaignId: 'update-info-letter-script' } } },
    { at: '2022-02-01T07:00:02Z', stream: 'citizen', cpr: 2, command: { type: 'SendUpdateInfoLetter', data: { campaignId: 'update-info-letter-script' } } },
    {
      at: '2022-02-01T07:00:03Z',
      stream: 'campaign',
      campaignId: 'update-info-letter-script',
      command: {
        type: 'RecordCampaignProgress',
        data: { from: null, cursor: 'm', targeted: 3, sent: 2, skippedByRule: { 'already-has-mitid': 1 }, undecided: 0 },
      },
    },
    { at: '2022-02-01T08:00:00Z', stream: 'campaign', campaignId: 'update-info-letter-script', command: { type: 'PauseCampaign', data: {} } },
    { at: '2022-02-01T08:00:00Z', stream: 'campaign', campaignId: 'update-info-letter-script', command: { type: 'PauseCampaign', data: {} } },
    { at: '2022-02-01T09:00:00Z', stream: 'campaign', campaignId: 'update-info-letter-script', command: { type: 'ResumeCampaign', data: {} } },
    { at: '2022-02-01T09:30:00Z', stream: 'campaign', campaignId: 'update-info-letter-script', command: { type: 'CompleteCampaign', data: {} } },
    { at: '2022-02-01T09:40:00Z', stream: 'campaign', campaignId: 'nothing-here', command: { type: 'PauseCampaign', data: {} } },
    { at: '2022-02-10T09:00:00Z', stream: 'citizen', cpr: 1, command: { type: 'ActivateCodeApp', data: { codesLeftOnCard: 12 } } },
    {
      at: '2022-02-10T10:00:00Z',
      stream: 'citizen',
      cpr: 1,
      command: {
        type: 'RecordPersonalInfoUpdated',
        data: { channel: 'code-app', passport: { danish: true, chip: true, issuedOn: '2015-03-01' }, nfcPhone: true },
      },
    },
    {
      at: '2022-02-11T10:00:00Z',
      stream: 'citizen',
      cpr: 2,
      command: {
        type: 'RecordPersonalInfoUpdated',
        data: { channel: 'citizen-service', documents: [{ kind: 'passport', showsCpr: true, issuingCountry: 'DK' }] },
      },
    },
    { at: '2022-02-12T10:00:00Z', stream: 'citizen', cpr: 1, command: { type: 'CreateMitId', data: { route: 'bank' } } },
    { at: '2022-02-12T10:05:00Z', stream: 'citizen', cpr: 10, command: { type: 'CreateMitId', data: { route: 'app-passport-scan' } } },
    { at: '2022-02-13T10:00:00Z', stream: 'citizen', cpr: 1, command: { type: 'RetireNemId', data: { reason: 'migrated' } } },
    { at: '2022-02-13T10:10:00Z', stream: 'citizen', cpr: 1, command: { type: 'CreateMitId', data: { route: 'bank' } } },
    {
      at: '2022-02-14T11:00:00Z',
      stream: 'citizen',
      cpr: 2,
      command: {
        type: 'RecordTimelineView',
        data: {
          view: 'record',
          reason: 'the citizen called about the letter',
          protectedReason: inputs.protect('the citizen called about the letter'),
          viewer: { role: 'support', subject: 'agent-7' },
        },
      },
    },
    {
      at: '2022-03-01T08:00:00Z',
      stream: 'transition',
      command: { type: 'MoveDeadline', data: { to: '2022-10-31', reason: 'more time for the last holders' } },
    },
    { at: '2022-03-01T08:10:00Z', stream: 'transition', command: { type: 'MoveDeadline', data: { to: '2021-10-31', reason: 'a date in the past' } } },
    {
      at: '2022-09-01T07:00:00Z',
      stream: 'citizen',
      cpr: 10,
      command: { type: 'SendNotice', data: { campaignId: 'deadline-reminder-script', notice: 'deadline-reminder', deadline: '2022-10-31' } },
    },
    { at: '2022-11-01T07:00:00Z', stream: 'citizen', cpr: 12, command: { type: 'RetireNemId', data: { reason: 'deadline-passed' } } },
    { at: '2022-11-02T07:00:00Z', stream: 'citizen', cpr: 3, command: { type: 'OrderTemporaryPassword', data: {} } },
  ],
};
