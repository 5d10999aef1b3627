import { parseCpr } from '../cpr';
import { Forgotten } from '../errors';
import { deciderSpec } from '../../../test/support/decider-spec';
import { DEFAULT_TRANSITION_SCHEDULE } from '../transition';
import { CitizenCommand, CitizenEvent, CitizenProfile, ForgetCitizen, NemIdImported, citizenDecider, nextStatus } from './index';

const given = deciderSpec(citizenDecider);
const at = (iso: string) => ({ now: new Date(iso), schedule: DEFAULT_TRANSITION_SCHEDULE });
const profile: CitizenProfile = {
  needsInfoUpdate: false,
  danishPassport: true,
  digitalPostExempt: false,
  residesAbroad: false,
  addressProtected: false,
  visualImpairment: 'none',
};
const source = { register: 'nemid' as const, importId: 'imp-a', line: 2 };
const imported: NemIdImported = {
  type: 'NemIdImported',
  data: { protectedCpr: '~ref1.iv.ct.tag', issuedOn: '2015-06-01', authenticator: 'code-card', profile, source },
};
const mitId: CitizenEvent = { type: 'MitIdCreated', data: { createdOn: '2022-03-01', route: 'bank' } };
const retired: CitizenEvent = { type: 'NemIdRetired', data: { retiredOn: '2022-10-31', reason: 'migrated' } };
const decidedBy = { role: 'agency', subject: 'retention' };

function forget(data: Partial<ForgetCitizen['data']> = {}, now = '2028-01-10T10:00:00+01:00'): CitizenCommand {
  return { type: 'ForgetCitizen', metadata: at(now), data: { basis: 'retention-period-ended', retentionYears: 5, keyRefs: ['ref1'], decidedBy, ...data } };
}
const forgotten: CitizenEvent = {
  type: 'CitizenForgotten',
  data: { forgottenOn: '2028-01-10', basis: 'retention-period-ended', decidedBy, keyRefs: ['ref1'] },
};

describe('forgetting a holder (erasure by destroying their keys)', () => {
  it('records who decided, on what basis, and which keys go, once the retention period after retirement has ended', () => {
    given([imported, mitId, retired]).when(forget()).then([forgotten]);
  });

  it('retention-period-not-ended: the data is kept for the years the agency set after the NemID was retired', () => {
    given([imported, mitId, retired])
      .when(forget({}, '2027-10-30T10:00:00+01:00'))
      .thenRefusedBy('retention-period-not-ended', /kept until 2027-10-31/);
  });

  it('forget-only-retired-nemid: a holder whose NemID still works is not forgotten, on any basis', () => {
    given([imported, mitId])
      .when(forget({ basis: 'agency-decision' }))
      .thenRefusedBy('forget-only-retired-nemid');
  });

  it('an agency decision does not wait for the retention period', () => {
    given([imported, mitId, retired])
      .when(forget({ basis: 'agency-decision', retentionYears: undefined }, '2022-11-02T10:00:00+01:00'))
      .then([{ type: 'CitizenForgotten', data: { forgottenOn: '2022-11-02', basis: 'agency-decision', decidedBy, keyRefs: ['ref1'] } }]);
  });

  it('forgetting twice records nothing more (a retried batch, a restart in the middle)', () => {
    given([imported, mitId, retired, forgotten]).when(forget()).thenNothingHappens();
  });

  it('keeps nothing of the holder: only when they were forgotten, why, and when the NemID was retired', () => {
    const state = [imported, mitId, retired, forgotten].reduce(citizenDecider.evolve, citizenDecider.initialState());
    expect(state).toEqual({
      status: 'forgotten',
      forgotten: { on: '2028-01-10', basis: 'retention-period-ended' },
      retired: { on: '2022-10-31', reason: 'migrated' },
    });
    expect(JSON.stringify(state)).not.toContain('~ref1');
  });

  it('nothing is done for a forgotten holder but a new NemID: their other commands answer that they were forgotten', () => {
    const state = [imported, mitId, retired, forgotten].reduce(citizenDecider.evolve, citizenDecider.initialState());
    expect(() => citizenDecider.decide({ type: 'CreateMitId', data: { route: 'bank' }, metadata: at('2028-02-01T10:00:00+01:00') }, state)).toThrow(Forgotten);
  });

  it('one-nemid-per-person: a new NemID for the same person after forgetting starts a new life', () => {
    const parsed = parseCpr('070761-4285');
    if (!parsed.ok) throw new Error('test CPR');
    const again: CitizenCommand = {
      type: 'ImportNemId',
      metadata: at('2021-09-01T10:00:00+02:00'),
      data: { cpr: parsed.cpr, protectedCpr: '~ref2.iv.ct.tag', issuedOn: '2021-08-01', authenticator: 'code-card', profile, source: { ...source, line: 3 } },
    };
    const events = citizenDecider.decide(again, [imported, retired, forgotten].reduce(citizenDecider.evolve, citizenDecider.initialState()));
    expect(events.map((e) => e.type)).toEqual(['NemIdImported']);
    const state = [imported, retired, forgotten, ...events].reduce(citizenDecider.evolve, citizenDecider.initialState());
    expect(state).toMatchObject({ status: 'nemid-active', holder: { protectedCpr: '~ref2.iv.ct.tag' } });
  });

  it('the read model moves a retired holder to forgotten, and back to active with a new NemID', () => {
    expect(nextStatus('nemid-retired', 'CitizenForgotten')).toBe('forgotten');
    expect(nextStatus('forgotten', 'MitIdCreated')).toBe('forgotten');
    expect(nextStatus('forgotten', 'NemIdImported')).toBe('nemid-active');
  });
});
