import { parseCpr } from '../cpr';
import { deciderSpec } from '../../../test/support/decider-spec';
import { DEFAULT_TRANSITION_SCHEDULE } from '../transition';
import { CitizenCommand, CitizenProfile, ImportNemId, NemIdImported, citizenDecider } from './index';

const given = deciderSpec(citizenDecider);
const metadata = { now: new Date('2021-09-01T10:00:00+02:00'), schedule: DEFAULT_TRANSITION_SCHEDULE };
const source = { register: 'nemid' as const, importId: 'imp-a', line: 2 };
const profile: CitizenProfile = {
  needsInfoUpdate: true,
  danishPassport: true,
  chipPassportFrom2012: true,
  digitalPostExempt: false,
  residesAbroad: false,
  addressProtected: false,
  visualImpairment: 'none',
};

function cprOf(text: string) {
  const parsed = parseCpr(text);
  if (!parsed.ok) throw new Error(parsed.reason.en);
  return parsed.cpr;
}

function importing(overrides: Partial<ImportNemId['data']> = {}, now = metadata.now): CitizenCommand {
  return {
    type: 'ImportNemId',
    metadata: { ...metadata, now },
    data: { cpr: cprOf('100380-1234'), protectedCpr: 'k1.encrypted', issuedOn: '2015-06-01', authenticator: 'code-card', profile, source, ...overrides },
  };
}

const imported = (data: Partial<NemIdImported['data']> = {}): NemIdImported => ({
  type: 'NemIdImported',
  data: { protectedCpr: 'k1.encrypted', issuedOn: '2015-06-01', authenticator: 'code-card', profile, source, ...data },
});

describe('importing a holder from the NemID register', () => {
  it('records the holder with where they came from', () => {
    given([]).when(importing()).then([imported()]);
  });

  it('one-nemid-per-person: a holder already issued or imported is not imported again', () => {
    given([imported()])
      .when(importing({ source: { ...source, line: 9 } }))
      .thenRefusedBy('one-nemid-per-person');
  });

  it('minimum-age-15: a NemID issued before the holder turned 15 cannot be in the register', () => {
    // Born 2000-03-10 (7th digit 4, YY 00: the 2000s): 15 on 2015-03-10.
    given([])
      .when(importing({ cpr: cprOf('100300-4321'), issuedOn: '2015-03-09' }))
      .thenRefusedBy('minimum-age-15');
    given([])
      .when(importing({ cpr: cprOf('100300-4321'), issuedOn: '2015-03-10' }))
      .then([imported({ issuedOn: '2015-03-10' })]);
  });

  it('a NemID issued after today cannot be in the register', () => {
    given([])
      .when(importing({ issuedOn: '2021-09-02' }))
      .thenInvalid('nemIdIssuedOn');
  });

  it('nemid-shut-down: nothing is imported after NemID was shut down', () => {
    given([])
      .when(importing({}, new Date('2023-11-01T09:00:00+01:00')))
      .thenRefusedBy('nemid-shut-down');
  });

  it('an imported code-app holder can update personal information in the app without activating it first', () => {
    const state = [imported({ authenticator: 'code-app' })].reduce(citizenDecider.evolve, citizenDecider.initialState());
    expect(state.status).toBe('nemid-active');
    const events = citizenDecider.decide(
      {
        type: 'RecordPersonalInfoUpdated',
        metadata,
        data: { channel: 'code-app', passport: { danish: true, chip: true, issuedOn: '2016-01-01' }, nfcPhone: true },
      },
      state,
    );
    expect(events).toEqual([{ type: 'PersonalInfoUpdated', data: { updatedOn: '2021-09-01', channel: 'code-app', danishPassport: true } }]);
  });

  it('a code-card holder must activate the code app before updating in it', () => {
    given([imported()])
      .when({
        type: 'RecordPersonalInfoUpdated',
        metadata,
        data: { channel: 'code-app', passport: { danish: true, chip: true, issuedOn: '2016-01-01' }, nfcPhone: true },
      })
      .thenRefusedBy('code-app-update-needs-code-app');
  });
});
