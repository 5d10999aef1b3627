import { CITIZEN_EVENT_TYPES, CitizenEvent } from './events';
import { actorName, detailsOf, summarize } from './timeline';

describe('timeline summaries', () => {
  const examples: CitizenEvent[] = [
    {
      type: 'NemIdIssued',
      data: {
        protectedCpr: 'k1.secret',
        issuedOn: '2021-01-01',
        identification: 'photo-id',
        identityConfirmedBy: 'security-questions',
        authenticator: 'large-font-code-card',
        profile: {
          needsInfoUpdate: false,
          danishPassport: true,
          digitalPostExempt: false,
          residesAbroad: false,
          addressProtected: false,
          visualImpairment: 'partially-sighted',
        },
      },
    },
    {
      type: 'NemIdImported',
      data: {
        protectedCpr: 'k1.secret',
        issuedOn: '2014-05-20',
        authenticator: 'key-fob',
        profile: {
          needsInfoUpdate: true,
          danishPassport: false,
          digitalPostExempt: false,
          residesAbroad: false,
          addressProtected: false,
          visualImpairment: 'none',
        },
        source: { register: 'nemid', importId: 'dwaeace65xkcqfe27fma', line: 812 },
      },
    },
    { type: 'DeliveryAddressRegistered', data: { protectedAddress: 'k1.secret-address', registeredOn: '2021-01-02' } },
    { type: 'CodeCardOrdered', data: { orderedOn: '2021-01-03', largeFont: true, deliverTo: 'delivery-address' } },
    { type: 'CodeAppActivated', data: { activatedOn: '2021-01-04', codesLeftOnCard: 12 } },
    { type: 'TemporaryPasswordOrdered', data: { orderedOn: '2021-01-05', latestDeliveryDate: '2021-01-11', deliverTo: 'registered-address' } },
    { type: 'UpdateInfoLetterSent', data: { campaignId: 'oct-2021', sentOn: '2021-10-01' } },
    { type: 'PersonalInfoUpdated', data: { updatedOn: '2021-10-02', channel: 'code-app', danishPassport: true } },
    { type: 'MitIdCreated', data: { createdOn: '2021-11-01', route: 'mitid-dk' } },
    { type: 'NemIdRetired', data: { retiredOn: '2022-10-31', reason: 'migrated' } },
    { type: 'NoticeSent', data: { campaignId: 'notice-final-warning-v2', notice: 'final-warning', sentOn: '2022-10-30', deadline: '2022-10-31' } },
    {
      type: 'DigitalPostDelivered',
      data: {
        campaignId: 'oct-2021',
        letterEventId: 'l1',
        messageUUID: 'm-1',
        form: 'paper',
        largePrint: true,
        channel: 'drop-folder',
        attempts: 1,
        deliveredAt: '2021-10-04T08:00:00.000Z',
      },
    },
    {
      type: 'DigitalPostDeliveryFailed',
      data: {
        campaignId: 'oct-2021',
        letterEventId: 'l1',
        messageUUID: 'm-1',
        channel: 'http-gateway',
        attempt: 2,
        reason: 'gateway answered 503',
        final: false,
      },
    },
    {
      type: 'TimelineViewed',
      data: {
        view: 'timeline',
        reason: 'Citizen called about a lost code card',
        viewedBy: { role: 'support', subject: 'agent-7' },
        viewedAt: '2022-10-31T09:00:00.000Z',
      },
    },
    {
      type: 'CitizenForgotten',
      data: { forgottenOn: '2028-01-10', basis: 'retention-period-ended', decidedBy: { role: 'agency', subject: 'x' }, keyRefs: ['ref1'] },
    },
  ];

  it('has an example for every event type', () => {
    expect(examples.map((e) => e.type).sort()).toEqual([...CITIZEN_EVENT_TYPES].sort());
  });

  it('says what happened in plain words, in English, with no ids', () => {
    expect(examples.map((event) => summarize(event).en)).toEqual([
      'NemID issued (photo ID, identity confirmed by security questions); authenticator: large-font code card',
      'NemID (issued 2014-05-20) imported from the NemID register; authenticator: key fob',
      'Delivery address registered',
      'Large-font code card ordered, sent to the delivery address',
      'Code app activated (12 codes were left on the code card)',
      'Temporary password ordered; arrives by post by 2021-01-11',
      'Letter asking to update personal information sent',
      'Personal information updated in the NemID code app',
      'MitID created on MitID.dk',
      'NemID retired: the holder has moved to MitID',
      'Notice sent: final warning before the deadline (deadline 2022-10-31)',
      'Letter delivered as a paper letter in large print',
      'Letter delivery attempt 2 failed; retrying',
      'Timeline opened by support agent-7: Citizen called about a lost code card',
      'Personal data erased: the retention period after the NemID was retired ended',
    ]);
  });

  it('and in Danish, with the names of things in Danish', () => {
    const danish = examples.map((event) => summarize(event).da);
    expect(danish[0]).toBe('NemID udstedt (billed-ID, identitet bekræftet med kontrolspørgsmål); nøglekort med stor skrift');
    expect(danish[8]).toBe('MitID oprettet på MitID.dk');
    expect(danish[10]).toBe('Meddelelse sendt: sidste varsel før fristen (frist 2022-10-31)');
    expect(danish[13]).toBe('Tidslinje åbnet af support agent-7: Citizen called about a lost code card');
    expect(danish[14]).toBe('Personoplysninger slettet: opbevaringsperioden efter NemID blev lukket er udløbet');
  });

  it('keeps the ids apart, for whoever asks for them', () => {
    expect(detailsOf(examples[1])).toEqual({ importId: 'dwaeace65xkcqfe27fma', line: '812' });
    expect(detailsOf(examples[11])).toEqual({ campaignId: 'oct-2021', messageUUID: 'm-1', channel: 'drop-folder' });
    expect(examples.map((event) => `${summarize(event).da} ${summarize(event).en}`).join(' ')).not.toMatch(/oct-2021|m-1|dwaeace65xkcqfe27fma|ref1/);
  });

  it('names who did it as a person reads it: a campaign is the agency’s, the desk and support by name', () => {
    expect(actorName({ role: 'agency', subject: 'campaign/update-info-letter-8bb98680b7fe' })).toEqual({
      da: 'Digitaliseringsstyrelsen (brevkampagne)',
      en: 'the Agency for Digital Government (letter campaign)',
    });
    expect(actorName({ role: 'citizen-service', subject: 'desk-clerk-1' })).toEqual({ da: 'Borgerservice desk-clerk-1', en: 'Citizen Service desk-clerk-1' });
    expect(actorName({ role: 'system', subject: 'digital-post-delivery' })).toEqual({
      da: 'systemet (levering af Digital Post)',
      en: 'the system (Digital Post delivery)',
    });
  });

  it('never shows encrypted personal data', () => {
    expect(examples.map((event) => `${summarize(event).da} ${summarize(event).en}`).join(' ')).not.toMatch(/secret/);
  });
});
