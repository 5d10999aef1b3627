import { parseCpr } from '../cpr';
import { NotFound } from '../errors';
import { deciderSpec } from '../../../test/support/decider-spec';
import type { NoticeKind } from '../campaign/events';
import { CitizenCommand, CitizenEvent, IdDocument, NemIdIssued, Witness, citizenDecider, isHolding, letterSettled, lettersSentTo } from './index';
import { DEFAULT_TRANSITION_SCHEDULE } from '../transition';

const given = deciderSpec(citizenDecider);
const NOW = new Date('2022-03-10T10:00:00Z');
const TODAY = '2022-03-10';
const metadata = { now: NOW, schedule: DEFAULT_TRANSITION_SCHEDULE };

function cprOf(text: string) {
  const parsed = parseCpr(text);
  if (!parsed.ok) throw new Error(parsed.reason.en);
  return parsed.cpr;
}

const danishPassport: IdDocument = { kind: 'passport', showsCpr: true, issuingCountry: 'DK' };
const healthCard: IdDocument = { kind: 'health-insurance-card', showsCpr: true };
const personCertificate: IdDocument = { kind: 'person-certificate', showsCpr: false };

type IssueData = Extract<CitizenCommand, { type: 'IssueNemId' }>['data'];
function issue(overrides: Partial<IssueData> = {}): CitizenCommand {
  return {
    type: 'IssueNemId',
    metadata,
    data: {
      cpr: cprOf('100380-1234'),
      protectedCpr: 'k1.encrypted',
      documents: [danishPassport],
      securityQuestions: 'passed',
      danishCitizen: true,
      residesAbroad: false,
      digitalPostExempt: false,
      addressProtected: false,
      visualImpairment: 'none',
      ...overrides,
    },
  };
}

function issued(profile: Partial<NemIdIssued['data']['profile']> = {}, extra: Partial<NemIdIssued['data']> = {}): NemIdIssued {
  return {
    type: 'NemIdIssued',
    data: {
      protectedCpr: 'k1.encrypted',
      issuedOn: '2021-01-01',
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
      ...extra,
    },
  };
}

/** The one NemIdIssued a decision makes, with the facts that tell how the identity was established. */
const issuedWith = (data: Partial<NemIdIssued['data']>) => [{ type: 'NemIdIssued', data: expect.objectContaining(data) }];

const command = <T extends CitizenCommand['type']>(type: T, data: Extract<CitizenCommand, { type: T }>['data']) => ({ type, data, metadata }) as CitizenCommand;

const validWitness: Witness = {
  kind: 'private',
  dateOfBirth: '1980-01-01',
  hasDanishCprNumber: true,
  hasValidPhotoId: true,
  hasNemId: false,
  mitIdCreatedOn: '2022-02-28',
};

describe('citizen decider', () => {
  describe('IssueNemId', () => {
    it('issues a NemID with the profile facts later rules need', () => {
      given([])
        .when(issue({ digitalPostExempt: true, addressProtected: true }))
        .then([
          {
            type: 'NemIdIssued',
            data: {
              protectedCpr: 'k1.encrypted',
              issuedOn: TODAY,
              identification: 'photo-id',
              identityConfirmedBy: 'security-questions',
              authenticator: 'code-card',
              profile: {
                needsInfoUpdate: false,
                danishPassport: true,
                digitalPostExempt: true,
                residesAbroad: false,
                addressProtected: true,
                visualImpairment: 'none',
              },
            },
          },
        ]);
    });

    it('rule one-nemid-per-person: a citizen with a NemID cannot get a second one', () => {
      given([issued()]).when(issue()).thenRefusedBy('one-nemid-per-person');
    });

    describe('rule minimum-age-15', () => {
      it('refuses someone who turns 15 tomorrow', () => {
        given([])
          .when(issue({ cpr: cprOf('110307-4000') }))
          .thenRefusedBy('minimum-age-15');
      });
      it('accepts someone on their 15th birthday', () => {
        const [event] = citizenDecider.decide(issue({ cpr: cprOf('100307-4000') }), citizenDecider.initialState());
        expect(event.type).toBe('NemIdIssued');
      });
      it('uses the Danish date: 23:30 UTC on the eve of the birthday is already the birthday in Copenhagen', () => {
        const lateEvening = { ...issue({ cpr: cprOf('100307-4000') }), metadata: { ...metadata, now: new Date('2022-03-09T23:30:00Z') } };
        expect(citizenDecider.decide(lateEvening, citizenDecider.initialState())).toEqual(issuedWith({ issuedOn: '2022-03-10', identification: 'photo-id' }));
      });
    });

    it('rule abroad-only-danish-citizens: without a Danish address only Danish citizens get a NemID', () => {
      given([])
        .when(issue({ residesAbroad: true, danishCitizen: false }))
        .thenRefusedBy('abroad-only-danish-citizens');
      const [event] = citizenDecider.decide(issue({ residesAbroad: true, danishCitizen: true }), citizenDecider.initialState());
      expect((event as NemIdIssued).data.profile.residesAbroad).toBe(true);
    });

    it('citizenship is not required for residents (residence permit, work, study)', () => {
      const permit: IdDocument = { kind: 'danish-residence-permit', showsCpr: true };
      expect(citizenDecider.decide(issue({ danishCitizen: false, documents: [permit] }), citizenDecider.initialState())).toEqual(
        issuedWith({ identification: 'photo-id', identityConfirmedBy: 'security-questions' }),
      );
    });

    describe('rule identification-documents (one photo ID)', () => {
      it('a non-Danish passport needs the yellow health card', () => {
        const swedish: IdDocument = { kind: 'passport', showsCpr: false, issuingCountry: 'SE' };
        given([])
          .when(issue({ documents: [swedish] }))
          .thenRefusedBy('identification-documents', /yellow health card/);
        given([])
          .when(issue({ documents: [swedish, healthCard] }))
          .then([expect.objectContaining({ type: 'NemIdIssued' }) as unknown as CitizenEvent]);
      });
      it('a non-Danish EU driving licence needs the yellow health card; one from outside the EU/EEA is refused', () => {
        const german: IdDocument = { kind: 'driving-licence', showsCpr: false, issuingCountry: 'DE' };
        const american: IdDocument = { kind: 'driving-licence', showsCpr: false, issuingCountry: 'US' };
        given([])
          .when(issue({ documents: [german] }))
          .thenRefusedBy('identification-documents', /yellow health card/);
        given([])
          .when(issue({ documents: [american, healthCard] }))
          .thenRefusedBy('identification-documents', /EU\/EEA/);
        expect(citizenDecider.decide(issue({ documents: [german, healthCard] }), citizenDecider.initialState())).toEqual(
          issuedWith({ identification: 'photo-id' }),
        );
      });
      it('a photo ID without the CPR number needs a document that shows it', () => {
        const bankCard: IdDocument = { kind: 'danish-bank-id-card', showsCpr: false };
        given([])
          .when(issue({ documents: [bankCard] }))
          .thenRefusedBy('identification-documents', /does not show the CPR/);
        expect(citizenDecider.decide(issue({ documents: [bankCard, healthCard] }), citizenDecider.initialState())).toEqual(
          issuedWith({ identification: 'photo-id' }),
        );
      });
      it('a provisional passport is not accepted', () => {
        given([])
          .when(issue({ documents: [{ ...danishPassport, provisional: true }] }))
          .thenRefusedBy('identification-documents', /provisional/);
      });
      it('a national ID card must be a Schengen travel document', () => {
        const card: IdDocument = { kind: 'national-id-card', showsCpr: true };
        given([])
          .when(issue({ documents: [card] }))
          .thenRefusedBy('identification-documents', /Schengen/);
        expect(citizenDecider.decide(issue({ documents: [{ ...card, schengenTravelDocument: true }] }), citizenDecider.initialState())).toEqual(
          issuedWith({ identification: 'photo-id' }),
        );
      });
    });

    describe('rule identification-documents (two IDs without photo)', () => {
      it('accepts a person certificate and a health insurance card, and marks the holder as needing the info update', () => {
        const [event] = citizenDecider.decide(issue({ documents: [personCertificate, healthCard] }), citizenDecider.initialState());
        expect((event as NemIdIssued).data.identification).toBe('two-non-photo-ids');
        expect((event as NemIdIssued).data.profile.needsInfoUpdate).toBe(true);
      });
      it('one document alone is not enough', () => {
        given([])
          .when(issue({ documents: [healthCard] }))
          .thenRefusedBy('identification-documents', /two IDs without photo/);
      });
      it('one of the two must be a certificate or a health insurance card', () => {
        const tax: IdDocument = { kind: 'tax-assessment-notice', showsCpr: true };
        const benefit: IdDocument = { kind: 'social-benefit-documentation', showsCpr: true, issuedOn: '2022-02-01' };
        given([])
          .when(issue({ documents: [tax, benefit] }))
          .thenRefusedBy('identification-documents', /must be a baptism/);
      });
      it('at least one must show the CPR number', () => {
        const tax: IdDocument = { kind: 'tax-assessment-notice', showsCpr: false };
        given([])
          .when(issue({ documents: [personCertificate, tax] }))
          .thenRefusedBy('identification-documents', /show the CPR/);
      });
      it('social-benefit documentation older than 3 months does not count', () => {
        const old: IdDocument = { kind: 'social-benefit-documentation', showsCpr: true, issuedOn: '2021-12-09' };
        const recent: IdDocument = { ...old, issuedOn: '2021-12-10' };
        given([])
          .when(issue({ documents: [personCertificate, old] }))
          .thenRefusedBy('identification-documents');
        expect(citizenDecider.decide(issue({ documents: [personCertificate, recent] }), citizenDecider.initialState())).toEqual(
          issuedWith({ identification: 'two-non-photo-ids' }),
        );
      });
      it('a temporary health insurance card does not count', () => {
        given([])
          .when(issue({ documents: [personCertificate, { ...healthCard, temporary: true }] }))
          .thenRefusedBy('identification-documents');
      });
    });

    describe('lived in Denmark under 2 years', () => {
      const newcomer = { securityQuestions: 'failed' as const, livingInDenmarkSince: '2021-01-01' };

      it('rule security-questions-must-pass: a long-time resident who fails them is refused', () => {
        given([])
          .when(issue({ securityQuestions: 'failed', livingInDenmarkSince: '2019-01-01' }))
          .thenRefusedBy('security-questions-must-pass');
      });
      it('rule short-residence-needs-witness: failed security questions need a witness', () => {
        given([]).when(issue(newcomer)).thenRefusedBy('short-residence-needs-witness');
      });
      it('a valid private witness confirms the identity', () => {
        const [event] = citizenDecider.decide(issue({ ...newcomer, witness: validWitness }), citizenDecider.initialState());
        expect((event as NemIdIssued).data.identityConfirmedBy).toBe('witness');
      });
      it.each<[string, Partial<Extract<Witness, { kind: 'private' }>>, RegExp]>([
        ['18 or older', { dateOfBirth: '2004-03-11' }, /18 or older/],
        ['a Danish CPR number', { hasDanishCprNumber: false }, /Danish CPR/],
        ['their own valid photo ID', { hasValidPhotoId: false }, /photo ID/],
        ['a MitID at least 10 days old', { mitIdCreatedOn: '2022-03-01' }, /at least 10 days/],
        ['NemID or MitID', { mitIdCreatedOn: undefined }, /NemID or MitID/],
      ])('rule witness-requirements: the witness must have %s', (_, change, message) => {
        given([])
          .when(issue({ ...newcomer, witness: { ...validWitness, ...change } as Witness }))
          .thenRefusedBy('witness-requirements', message);
      });
      it('a witness with NemID needs no MitID age', () => {
        const withNemId: Witness = { ...validWitness, hasNemId: true, mitIdCreatedOn: '2022-03-09' };
        expect(citizenDecider.decide(issue({ ...newcomer, witness: withNemId }), citizenDecider.initialState())).toEqual(
          issuedWith({ identityConfirmedBy: 'witness' }),
        );
      });
      it('a professional witness of a listed kind with MitID, employee ID and CVR confirms the identity', () => {
        const officer: Witness = { kind: 'professional', profession: 'police-officer', hasMitId: true, hasEmployeeId: true, employerCvr: '12345678' };
        const [event] = citizenDecider.decide(issue({ ...newcomer, witness: officer }), citizenDecider.initialState());
        expect((event as NemIdIssued).data.identityConfirmedBy).toBe('professional-witness');
        given([])
          .when(issue({ ...newcomer, witness: { ...officer, employerCvr: '' } }))
          .thenRefusedBy('witness-requirements', /CVR/);
      });
    });

    it('rule visual-impairment-authenticator: blind get voice response, partially sighted a large-font code card', () => {
      const authenticator = (visualImpairment: 'none' | 'blind' | 'partially-sighted') =>
        (citizenDecider.decide(issue({ visualImpairment }), citizenDecider.initialState())[0] as NemIdIssued).data.authenticator;
      expect(authenticator('blind')).toBe('voice-response');
      expect(authenticator('partially-sighted')).toBe('large-font-code-card');
      expect(authenticator('none')).toBe('code-card');
    });
  });

  describe('code cards, code app, passwords', () => {
    it('rule address-protection-needs-delivery-address: no code card before a delivery address is registered', () => {
      given([issued({ addressProtected: true })])
        .when(command('OrderCodeCard', {}))
        .thenRefusedBy('address-protection-needs-delivery-address');
      given([issued({ addressProtected: true }), { type: 'DeliveryAddressRegistered', data: { protectedAddress: 'x', registeredOn: '2022-01-01' } }])
        .when(command('OrderCodeCard', {}))
        .then([{ type: 'CodeCardOrdered', data: { orderedOn: TODAY, largeFont: false, deliverTo: 'delivery-address' } }]);
    });
    it('a partially sighted holder gets the code card in large font', () => {
      given([issued({ visualImpairment: 'partially-sighted' })])
        .when(command('OrderCodeCard', {}))
        .then([{ type: 'CodeCardOrdered', data: { orderedOn: TODAY, largeFont: true, deliverTo: 'registered-address' } }]);
    });
    it('rule code-app-needs-two-codes-left', () => {
      given([issued()])
        .when(command('ActivateCodeApp', { codesLeftOnCard: 1 }))
        .thenRefusedBy('code-app-needs-two-codes-left');
      given([issued()])
        .when(command('ActivateCodeApp', { codesLeftOnCard: 2 }))
        .then([{ type: 'CodeAppActivated', data: { activatedOn: TODAY, codesLeftOnCard: 2 } }]);
    });
    it('rule temporary-password-within-four-weekdays: the event carries the latest delivery date', () => {
      // 2022-03-10 is a Thursday: four weekdays later is Wednesday 2022-03-16.
      given([issued()])
        .when(command('OrderTemporaryPassword', {}))
        .then([{ type: 'TemporaryPasswordOrdered', data: { orderedOn: TODAY, latestDeliveryDate: '2022-03-16', deliverTo: 'registered-address' } }]);
    });
    it('commands for a citizen without NemID are not found', () => {
      given([]).when(command('OrderCodeCard', {})).thenThrows(NotFound);
    });
  });

  describe('update-info letters and info updates', () => {
    const mustUpdate = issued({ needsInfoUpdate: true, danishPassport: false });

    it('sends the letter to someone who must update', () => {
      given([mustUpdate])
        .when(command('SendUpdateInfoLetter', { campaignId: 'c1' }))
        .then([{ type: 'UpdateInfoLetterSent', data: { campaignId: 'c1', sentOn: TODAY } }]);
    });
    it('rule letter-only-to-those-who-must-update', () => {
      given([issued()])
        .when(command('SendUpdateInfoLetter', { campaignId: 'c1' }))
        .thenRefusedBy('letter-only-to-those-who-must-update');
    });
    it('rule no-letter-after-update', () => {
      given([mustUpdate, { type: 'PersonalInfoUpdated', data: { updatedOn: '2022-01-01', channel: 'citizen-service', danishPassport: false } }])
        .when(command('SendUpdateInfoLetter', { campaignId: 'c1' }))
        .thenRefusedBy('no-letter-after-update');
    });
    it('rule once-per-campaign: a second letter in the same campaign is a no-op, another campaign may write again', () => {
      const sent: CitizenEvent = { type: 'UpdateInfoLetterSent', data: { campaignId: 'c1', sentOn: '2022-01-01' } };
      given([mustUpdate, sent])
        .when(command('SendUpdateInfoLetter', { campaignId: 'c1' }))
        .thenNothingHappens();
      given([mustUpdate, sent])
        .when(command('SendUpdateInfoLetter', { campaignId: 'c2' }))
        .then([{ type: 'UpdateInfoLetterSent', data: { campaignId: 'c2', sentOn: TODAY } }]);
    });

    const withApp: CitizenEvent[] = [mustUpdate, { type: 'CodeAppActivated', data: { activatedOn: '2022-01-01', codesLeftOnCard: 10 } }];
    const chipPassport = { danish: true, chip: true, issuedOn: '2012-01-01' };

    it('rule code-app-update-needs-danish-chip-passport: issued on or after 2012-01-01', () => {
      given(withApp)
        .when(command('RecordPersonalInfoUpdated', { channel: 'code-app', passport: { ...chipPassport, issuedOn: '2011-12-31' }, nfcPhone: true }))
        .thenRefusedBy('code-app-update-needs-danish-chip-passport');
      given(withApp)
        .when(command('RecordPersonalInfoUpdated', { channel: 'code-app', passport: { ...chipPassport, danish: false }, nfcPhone: true }))
        .thenRefusedBy('code-app-update-needs-danish-chip-passport');
      given(withApp)
        .when(command('RecordPersonalInfoUpdated', { channel: 'code-app', passport: chipPassport, nfcPhone: true }))
        .then([{ type: 'PersonalInfoUpdated', data: { updatedOn: TODAY, channel: 'code-app', danishPassport: true } }]);
    });
    it('rule code-app-update-needs-nfc-phone', () => {
      given(withApp)
        .when(command('RecordPersonalInfoUpdated', { channel: 'code-app', passport: chipPassport, nfcPhone: false }))
        .thenRefusedBy('code-app-update-needs-nfc-phone');
    });
    it('rule code-app-update-needs-code-app', () => {
      given([mustUpdate])
        .when(command('RecordPersonalInfoUpdated', { channel: 'code-app', passport: chipPassport, nfcPhone: true }))
        .thenRefusedBy('code-app-update-needs-code-app');
    });
    it('rule info-update-needs-photo-id: at Citizen Service the update needs a photo ID', () => {
      given([mustUpdate])
        .when(command('RecordPersonalInfoUpdated', { channel: 'citizen-service', documents: [personCertificate, healthCard] }))
        .thenRefusedBy('info-update-needs-photo-id');
      given([mustUpdate])
        .when(command('RecordPersonalInfoUpdated', { channel: 'citizen-service', documents: [danishPassport] }))
        .then([{ type: 'PersonalInfoUpdated', data: { updatedOn: TODAY, channel: 'citizen-service', danishPassport: true } }]);
    });
    it('rule update-without-letter-is-harmless: someone not asked may update', () => {
      given([issued()])
        .when(command('RecordPersonalInfoUpdated', { channel: 'citizen-service', documents: [danishPassport] }))
        .then([{ type: 'PersonalInfoUpdated', data: { updatedOn: TODAY, channel: 'citizen-service', danishPassport: true } }]);
    });
  });

  describe('MitID and retirement', () => {
    it('rule pending-info-update-only-at-citizen-service', () => {
      const mustUpdate = issued({ needsInfoUpdate: true });
      for (const route of ['bank', 'mitid-dk', 'app-passport-scan'] as const) {
        given([mustUpdate]).when(command('CreateMitId', { route })).thenRefusedBy('pending-info-update-only-at-citizen-service');
      }
      given([mustUpdate])
        .when(command('CreateMitId', { route: 'citizen-service' }))
        .then([{ type: 'MitIdCreated', data: { createdOn: TODAY, route: 'citizen-service' } }]);
    });
    it('after the info update, MitID can be created in the bank', () => {
      given([issued({ needsInfoUpdate: true }), { type: 'PersonalInfoUpdated', data: { updatedOn: '2022-01-01', channel: 'code-app', danishPassport: true } }])
        .when(command('CreateMitId', { route: 'bank' }))
        .then([{ type: 'MitIdCreated', data: { createdOn: TODAY, route: 'bank' } }]);
    });
    it('rule one-mitid-per-person', () => {
      given([issued(), { type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } }])
        .when(command('CreateMitId', { route: 'bank' }))
        .thenRefusedBy('one-mitid-per-person');
    });
    it('rule migrated-needs-mitid', () => {
      given([issued()])
        .when(command('RetireNemId', { reason: 'migrated' }))
        .thenRefusedBy('migrated-needs-mitid');
      given([issued(), { type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } }])
        .when(command('RetireNemId', { reason: 'migrated' }))
        .then([{ type: 'NemIdRetired', data: { retiredOn: TODAY, reason: 'migrated' } }]);
    });
    it('rule no-danish-passport-keeps-nemid: not retired at the deadline without a Danish passport and MitID', () => {
      given([issued({ danishPassport: false })])
        .when(command('RetireNemId', { reason: 'deadline-passed' }))
        .thenRefusedBy('no-danish-passport-keeps-nemid');
      given([issued({ danishPassport: true })])
        .when(command('RetireNemId', { reason: 'deadline-passed' }))
        .then([{ type: 'NemIdRetired', data: { retiredOn: TODAY, reason: 'deadline-passed' } }]);
    });
    it('at NemID shutdown everyone is retired, passport or not', () => {
      given([issued({ danishPassport: false })])
        .when(command('RetireNemId', { reason: 'nemid-shutdown' }))
        .then([{ type: 'NemIdRetired', data: { retiredOn: TODAY, reason: 'nemid-shutdown' } }]);
    });
    it('rule nemid-retired: a retired NemID takes no more orders, and is not retired twice', () => {
      const retired: CitizenEvent[] = [
        issued(),
        { type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } },
        { type: 'NemIdRetired', data: { retiredOn: '2022-02-01', reason: 'migrated' } },
      ];
      given(retired).when(command('OrderCodeCard', {})).thenRefusedBy('nemid-retired');
      given(retired)
        .when(command('RetireNemId', { reason: 'migrated' }))
        .thenRefusedBy('nemid-already-retired');
    });
  });

  describe('notices around the deadline', () => {
    const DEADLINE = '2022-10-31';
    const notice = (notice: NoticeKind, campaignId = `notice-${notice}-v2`) => command('SendNotice', { campaignId, notice, deadline: DEADLINE });
    const sent = (notice: NoticeKind, campaignId = `notice-${notice}-v2`): CitizenEvent => ({
      type: 'NoticeSent',
      data: { campaignId, notice, sentOn: TODAY, deadline: DEADLINE },
    });
    const withMitId: CitizenEvent[] = [issued(), { type: 'MitIdCreated', data: { createdOn: '2022-01-01', route: 'bank' } }];

    it('a deadline reminder goes to a Danish-passport holder without MitID, naming the deadline', () =>
      given([issued()])
        .when(notice('deadline-reminder'))
        .then([sent('deadline-reminder')]));
    it('the same campaign sends its notice once: a repeat changes nothing', () =>
      given([issued(), sent('deadline-reminder')])
        .when(notice('deadline-reminder'))
        .thenNothingHappens());
    it('a moved deadline reminds again: another campaign (deadline version) sends another reminder', () =>
      given([issued(), sent('deadline-reminder', 'notice-reminder-60d-v1')])
        .when(notice('deadline-reminder', 'notice-reminder-60d-v2'))
        .then([sent('deadline-reminder', 'notice-reminder-60d-v2')]));
    it('rule reminders-only-without-mitid', () => {
      given(withMitId).when(notice('deadline-reminder')).thenRefusedBy('reminders-only-without-mitid');
      given(withMitId).when(notice('final-warning')).thenRefusedBy('reminders-only-without-mitid');
    });
    it('rule no-danish-passport-keeps-nemid: holders without a Danish passport are not pushed with reminders', () => {
      given([issued({ danishPassport: false })])
        .when(notice('deadline-reminder'))
        .thenRefusedBy('no-danish-passport-keeps-nemid');
      given([issued({ danishPassport: false })])
        .when(notice('final-warning'))
        .thenRefusedBy('no-danish-passport-keeps-nemid');
    });
    it('keep-nemid: a holder without a Danish passport and without MitID is told to keep NemID', () =>
      given([issued({ danishPassport: false })])
        .when(notice('keep-nemid'))
        .then([sent('keep-nemid')]));
    it('rule keep-nemid-only-without-danish-passport and keep-nemid-only-without-mitid', () => {
      given([issued()]).when(notice('keep-nemid')).thenRefusedBy('keep-nemid-only-without-danish-passport');
      given([issued({ danishPassport: false }), withMitId[1]])
        .when(notice('keep-nemid'))
        .thenRefusedBy('keep-nemid-only-without-mitid');
    });
    it('nemid-retired: after the deadline a holder with MitID has the NemID retired, then is told', () =>
      given(withMitId)
        .when(notice('nemid-retired'))
        .then([{ type: 'NemIdRetired', data: { retiredOn: TODAY, reason: 'migrated', campaignId: 'notice-nemid-retired-v2' } }, sent('nemid-retired')]));
    it('rule migrated-needs-mitid: no retirement notice without MitID', () => {
      given([issued()]).when(notice('nemid-retired')).thenRefusedBy('migrated-needs-mitid');
      given([issued()]).when(notice('nemid-no-longer-needed')).thenRefusedBy('migrated-needs-mitid');
    });
    it('nemid-no-longer-needed: told once MitID has fully replaced NemID; a NemID still open is retired first', () => {
      given([...withMitId, { type: 'NemIdRetired', data: { retiredOn: '2022-11-01', reason: 'migrated' } }])
        .when(notice('nemid-no-longer-needed'))
        .then([sent('nemid-no-longer-needed')]);
      given(withMitId)
        .when(notice('nemid-no-longer-needed'))
        .then([
          { type: 'NemIdRetired', data: { retiredOn: TODAY, reason: 'migrated', campaignId: 'notice-nemid-no-longer-needed-v2' } },
          sent('nemid-no-longer-needed'),
        ]);
    });
    it('nemid-shutdown: every NemID still open is retired, passport or not, and the holder told', () =>
      given([issued({ danishPassport: false })])
        .when(notice('nemid-shutdown'))
        .then([
          { type: 'NemIdRetired', data: { retiredOn: TODAY, reason: 'nemid-shutdown', campaignId: 'notice-nemid-shutdown-v2' } },
          sent('nemid-shutdown'),
        ]));
    it('rule nemid-already-retired: no shutdown notice for a NemID already retired', () =>
      given([...withMitId, { type: 'NemIdRetired', data: { retiredOn: '2022-11-01', reason: 'migrated' } }])
        .when(notice('nemid-shutdown'))
        .thenRefusedBy('nemid-already-retired'));
    it('rule nemid-retired: no reminder to a holder whose NemID is retired', () =>
      given([issued(), { type: 'NemIdRetired', data: { retiredOn: '2022-11-01', reason: 'deadline-passed' } }])
        .when(notice('deadline-reminder'))
        .thenRefusedBy('nemid-retired'));
    it('rule notice-once-per-citizen: a retirement, keep-NemID or shutdown notice is sent once, whichever deadline version asks', () =>
      given([issued({ danishPassport: false }), sent('keep-nemid', 'notice-keep-nemid-v1')])
        .when(notice('keep-nemid', 'notice-keep-nemid-v2'))
        .thenRefusedBy('notice-once-per-citizen'));
    it('a citizen without NemID gets no notice', () => {
      given([]).when(notice('deadline-reminder')).thenThrows(NotFound);
    });
  });

  describe('staff opening a record', () => {
    const agent = { role: 'support', subject: 'agent-7' };
    const sealed = (reason: string) => `~sealed(${reason.trim()})`;
    const view = (reason: string): CitizenCommand => ({
      type: 'RecordTimelineView',
      metadata,
      data: { view: 'timeline', reason, protectedReason: sealed(reason), viewer: agent },
    });

    it('records who opened which record, when and why (the reason as the caller sealed it, never in clear)', () =>
      given([issued()])
        .when(view('  Citizen called about a lost code card  '))
        .then([
          {
            type: 'TimelineViewed',
            data: { view: 'timeline', protectedReason: sealed('Citizen called about a lost code card'), viewedBy: agent, viewedAt: NOW.toISOString() },
          },
        ]));
    it('records an opening after retirement too (the record stays readable)', () =>
      given([issued(), { type: 'NemIdRetired', data: { retiredOn: '2022-10-31', reason: 'migrated' } }])
        .when(view('Question about the retirement letter'))
        .then([
          {
            type: 'TimelineViewed',
            data: { view: 'timeline', protectedReason: sealed('Question about the retirement letter'), viewedBy: agent, viewedAt: NOW.toISOString() },
          },
        ]));
    it('rule access-needs-a-reason: a blank or token reason is refused, naming the field', () => {
      given([issued()]).when(view('   why   ')).thenInvalid('reason');
    });
    it('rule reason-without-cpr: a reason quoting a CPR number (with or without dash) is refused', () => {
      given([issued()]).when(view('Caller gave 070761-4285 on the phone')).thenInvalid('reason');
      given([issued()]).when(view('Caller gave 0707614285 on the phone')).thenInvalid('reason');
    });
    it('a reason with other numbers (case numbers, phone numbers) is accepted', () =>
      given([issued()])
        .when(view('Case 2022-0001234, phone 12345678'))
        .then([
          {
            type: 'TimelineViewed',
            data: { view: 'timeline', protectedReason: sealed('Case 2022-0001234, phone 12345678'), viewedBy: agent, viewedAt: NOW.toISOString() },
          },
        ]));
    it('opening the record of someone without a NemID is not found (and records nothing)', () => {
      given([]).when(view('Citizen called about a lost code card')).thenThrows(NotFound);
    });
    it('an opening does not change the status', () => {
      const before = [issued()].reduce(citizenDecider.evolve, citizenDecider.initialState());
      const after = citizenDecider.evolve(before, {
        type: 'TimelineViewed',
        data: { view: 'status', reason: 'Citizen asked for status', viewedBy: agent, viewedAt: NOW.toISOString() },
      });
      expect(after).toEqual(before);
    });
  });

  describe('status', () => {
    it('moves nemid-active -> letter-sent -> info-updated -> mitid-created -> nemid-retired', () => {
      const events: CitizenEvent[] = [
        issued({ needsInfoUpdate: true }),
        { type: 'UpdateInfoLetterSent', data: { campaignId: 'c1', sentOn: '2021-10-01' } },
        { type: 'PersonalInfoUpdated', data: { updatedOn: '2021-10-05', channel: 'code-app', danishPassport: true } },
        { type: 'MitIdCreated', data: { createdOn: '2021-11-01', route: 'bank' } },
        { type: 'NemIdRetired', data: { retiredOn: '2022-10-31', reason: 'migrated' } },
      ];
      const statuses = events.reduce<string[]>((seen, _, i) => {
        const state = events.slice(0, i + 1).reduce(citizenDecider.evolve, citizenDecider.initialState());
        return [...seen, state.status];
      }, []);
      expect(statuses).toEqual(['nemid-active', 'letter-sent', 'info-updated', 'mitid-created', 'nemid-retired']);
    });
  });

  describe('the phases of the transition (docs/facts.md: code cards until 2023-05-30, self-service until 2023-06-30, shut down after 2023-10-31)', () => {
    const on = (date: string, schedule = DEFAULT_TRANSITION_SCHEDULE) => ({ now: new Date(`${date}T10:00:00Z`), schedule });
    const at = <T extends CitizenCommand['type']>(
      date: string,
      type: T,
      data: Extract<CitizenCommand, { type: T }>['data'],
      schedule = DEFAULT_TRANSITION_SCHEDULE,
    ) => ({ type, data, metadata: on(date, schedule) }) as CitizenCommand;

    it('rule no-code-cards-after-end: a code card or a temporary password on the last day, none the day after', () => {
      given([issued()])
        .when(at('2023-05-30', 'OrderCodeCard', {}))
        .then([{ type: 'CodeCardOrdered', data: { orderedOn: '2023-05-30', largeFont: false, deliverTo: 'registered-address' } }]);
      given([issued()])
        .when(at('2023-05-31', 'OrderCodeCard', {}))
        .thenRefusedBy('no-code-cards-after-end', /after 2023-05-30/);
      given([issued()])
        .when(at('2023-05-30', 'OrderTemporaryPassword', {}))
        .then([{ type: 'TemporaryPasswordOrdered', data: { orderedOn: '2023-05-30', latestDeliveryDate: '2023-06-05', deliverTo: 'registered-address' } }]);
      given([issued()])
        .when(at('2023-05-31', 'OrderTemporaryPassword', {}))
        .thenRefusedBy('no-code-cards-after-end');
    });

    it('a schedule that moves the date moves the phase: with code cards until 2023-06-15, 2023-05-31 still gets one', () => {
      const later = { ...DEFAULT_TRANSITION_SCHEDULE, codeCardsEnd: '2023-06-15' };
      given([issued()])
        .when(at('2023-05-31', 'OrderCodeCard', {}, later))
        .then([{ type: 'CodeCardOrdered', data: { orderedOn: '2023-05-31', largeFont: false, deliverTo: 'registered-address' } }]);
      given([issued()])
        .when(at('2023-06-16', 'OrderCodeCard', {}, later))
        .thenRefusedBy('no-code-cards-after-end', /after 2023-06-15/);
    });

    it('rule nemid-shut-down: no NemID issued, no code app activated, no delivery address registered after the shutdown', () => {
      const issueOn = (date: string) => ({ ...issue(), metadata: on(date) }) as CitizenCommand;
      expect(citizenDecider.decide(issueOn('2023-10-31'), citizenDecider.initialState()).map((e) => e.type)).toEqual(['NemIdIssued']);
      given([])
        .when(issueOn('2023-11-01'))
        .thenRefusedBy('nemid-shut-down', /end of 2023-10-31/);
      given([issued()])
        .when(at('2023-10-31', 'ActivateCodeApp', { codesLeftOnCard: 5 }))
        .then([{ type: 'CodeAppActivated', data: { activatedOn: '2023-10-31', codesLeftOnCard: 5 } }]);
      given([issued()])
        .when(at('2023-11-01', 'ActivateCodeApp', { codesLeftOnCard: 5 }))
        .thenRefusedBy('nemid-shut-down');
      given([issued()])
        .when(at('2023-10-31', 'RegisterDeliveryAddress', { protectedAddress: 'k1.address' }))
        .then([{ type: 'DeliveryAddressRegistered', data: { protectedAddress: 'k1.address', registeredOn: '2023-10-31' } }]);
      given([issued()])
        .when(at('2023-11-01', 'RegisterDeliveryAddress', { protectedAddress: 'k1.address' }))
        .thenRefusedBy('nemid-shut-down');
    });

    it('rule no-mitid-dk-with-nemid-after-end: MitID on MitID.dk with NemID until 2023-06-04, not from 2023-06-05; other routes go on', () => {
      given([issued()])
        .when(at('2023-06-04', 'CreateMitId', { route: 'mitid-dk' }))
        .then([{ type: 'MitIdCreated', data: { createdOn: '2023-06-04', route: 'mitid-dk' } }]);
      given([issued()])
        .when(at('2023-06-05', 'CreateMitId', { route: 'mitid-dk' }))
        .thenRefusedBy('no-mitid-dk-with-nemid-after-end', /after 2023-06-04/);
      given([issued()])
        .when(at('2023-06-05', 'CreateMitId', { route: 'bank' }))
        .then([{ type: 'MitIdCreated', data: { createdOn: '2023-06-05', route: 'bank' } }]);
      const later = { ...DEFAULT_TRANSITION_SCHEDULE, mitIdDkWithNemIdEnd: '2023-06-20' };
      given([issued()])
        .when(at('2023-06-20', 'CreateMitId', { route: 'mitid-dk' }, later))
        .then([{ type: 'MitIdCreated', data: { createdOn: '2023-06-20', route: 'mitid-dk' } }]);
      // A schedule that shuts NemID down earlier closes the route with it.
      const shutEarly = { ...DEFAULT_TRANSITION_SCHEDULE, mitIdDkWithNemIdEnd: '2023-06-20', nemIdShutdown: '2023-06-10' };
      given([issued()])
        .when(at('2023-06-11', 'CreateMitId', { route: 'mitid-dk' }, shutEarly))
        .thenRefusedBy('no-mitid-dk-with-nemid-after-end', /after 2023-06-10/);
    });

    it('rule update-info-only-while-self-service-open: the letter goes out until the last day of self-service, not after', () => {
      const mustUpdate = issued({ needsInfoUpdate: true });
      given([mustUpdate])
        .when(at('2023-06-30', 'SendUpdateInfoLetter', { campaignId: 'late' }))
        .then([{ type: 'UpdateInfoLetterSent', data: { campaignId: 'late', sentOn: '2023-06-30' } }]);
      given([mustUpdate])
        .when(at('2023-07-01', 'SendUpdateInfoLetter', { campaignId: 'late' }))
        .thenRefusedBy('update-info-only-while-self-service-open', /after 2023-06-30/);
    });
  });

  describe('letters and their delivery, in the one fold every reader of the stream uses', () => {
    const stateOf = (events: CitizenEvent[]) => events.reduce(citizenDecider.evolve, citizenDecider.initialState());
    const letter: CitizenEvent = { type: 'UpdateInfoLetterSent', data: { campaignId: 'oct-2021', sentOn: '2021-10-04' } };
    const failed = (final: boolean): CitizenEvent => ({
      type: 'DigitalPostDeliveryFailed',
      data: { campaignId: 'oct-2021', letterEventId: 'l1', messageUUID: 'm1', channel: 'http-gateway', attempt: 1, reason: 'gateway answered 503', final },
    });
    const delivered: CitizenEvent = {
      type: 'DigitalPostDelivered',
      data: {
        campaignId: 'oct-2021',
        letterEventId: 'l1',
        messageUUID: 'm1',
        form: 'digital-post',
        largePrint: false,
        channel: 'drop-folder',
        attempts: 2,
        deliveredAt: '2021-10-04T08:00:01.000Z',
      },
    };

    it('a letter is settled once delivered or finally given up on, not after an attempt that will be retried', () => {
      const holder = issued({ needsInfoUpdate: true });
      expect(letterSettled(stateOf([holder, letter]), 'oct-2021')).toBe(false);
      expect(letterSettled(stateOf([holder, letter, failed(false)]), 'oct-2021')).toBe(false);
      expect(letterSettled(stateOf([holder, letter, failed(false), delivered]), 'oct-2021')).toBe(true);
      expect(letterSettled(stateOf([holder, letter, failed(true)]), 'oct-2021')).toBe(true);
      expect(letterSettled(stateOf([holder, letter, delivered]), 'another-campaign')).toBe(false);
    });

    it('counts every letter sent, update-info letters and notices alike, whatever became of their delivery or the NemID', () => {
      const notice = (campaignId: string, kind: NoticeKind): CitizenEvent => ({
        type: 'NoticeSent',
        data: { campaignId, notice: kind, sentOn: '2022-10-01', deadline: '2022-10-31' },
      });
      const holderOf = (events: CitizenEvent[]) => {
        const state = stateOf(events);
        if (!isHolding(state)) throw new Error('no holder');
        return state.holder;
      };
      expect(lettersSentTo(holderOf([issued()]))).toBe(0);
      expect(lettersSentTo(holderOf([issued({ needsInfoUpdate: true }), letter, failed(true), notice('n1', 'deadline-reminder'), delivered]))).toBe(2);
      const retired: CitizenEvent = { type: 'NemIdRetired', data: { retiredOn: '2022-10-31', reason: 'deadline-passed' } };
      expect(
        lettersSentTo(holderOf([issued(), notice('n1', 'deadline-reminder'), notice('n2', 'final-warning'), retired, notice('n3', 'nemid-retired')])),
      ).toBe(3);
    });

    it('the fold keeps what delivery needs: the encrypted CPR number, the delivery address, and how each letter went', () => {
      const state = stateOf([
        issued({ needsInfoUpdate: true }),
        { type: 'DeliveryAddressRegistered', data: { protectedAddress: 'k1.address', registeredOn: '2021-02-01' } },
        letter,
        delivered,
      ]);
      expect(isHolding(state) ? state.holder : undefined).toMatchObject({
        protectedCpr: 'k1.encrypted',
        protectedDeliveryAddress: 'k1.address',
        deliveries: { 'oct-2021': { status: 'delivered', form: 'digital-post', deliveredAt: '2021-10-04T08:00:01.000Z' } },
      });
    });
  });
});
