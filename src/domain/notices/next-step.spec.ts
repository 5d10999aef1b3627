import { CitizenEvent, Holding, NemIdIssued, citizenDecider } from '../citizen';
import { nextStepFor } from './next-step';

const issued = (profile: Partial<NemIdIssued['data']['profile']> = {}): CitizenEvent => ({
  type: 'NemIdIssued',
  data: {
    protectedCpr: 'k1.x',
    issuedOn: '2020-01-01',
    identification: 'photo-id',
    identityConfirmedBy: 'security-questions',
    authenticator: 'code-card',
    profile: {
      needsInfoUpdate: false,
      danishPassport: true,
      digitalPostExempt: false,
      residesAbroad: false,
      addressProtected: false,
      visualImpairment: 'none',
      ...profile,
    },
  },
});
const mitId: CitizenEvent = { type: 'MitIdCreated', data: { createdOn: '2022-03-01', route: 'bank' } };
const holding = (...events: CitizenEvent[]) => events.reduce(citizenDecider.evolve, citizenDecider.initialState()) as Holding;
const step = (state: ReturnType<typeof holding>, today = '2022-09-01') => nextStepFor(state, '2022-10-31', today).en;

describe('the next step a citizen sees', () => {
  it('a Danish-passport holder without MitID is asked to move by the deadline in force, and told when it has passed', () => {
    expect(step(holding(issued()))).toBe('Move to MitID by 31 October 2022.');
    expect(step(holding(issued()), '2022-11-01')).toMatch(/^The deadline of 31 October 2022 has passed/);
  });
  it('keep-nemid: without a Danish passport the holder keeps NemID for now', () =>
    expect(step(holding(issued({ danishPassport: false })))).toMatch(/^Keep using your NemID/));
  it('a holder who must update personal information is told how, first', () =>
    expect(step(holding(issued({ needsInfoUpdate: true })))).toMatch(/code app or at Citizen Service/));
  it('a holder with MitID keeps NemID until told it is no longer needed', () =>
    expect(step(holding(issued(), mitId))).toMatch(/until you are told that you no longer need it/));
  it('a retired NemID: use MitID', () =>
    expect(step(holding(issued(), mitId, { type: 'NemIdRetired', data: { retiredOn: '2022-11-01', reason: 'migrated' } }))).toBe(
      'Your NemID is closed. Use MitID.',
    ));
  it('says it in Danish too', () => expect(nextStepFor(holding(issued()), '2022-10-31', '2022-09-01').da).toBe('Skift til MitID senest 31. oktober 2022.'));
});
