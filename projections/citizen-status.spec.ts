import fc from 'fast-check';
import { historyArbitrary } from '../test/support/citizen-histories';
import { TEST_METADATA } from '../test/support/events';
import { CitizenEvent } from '../src/domain/citizen';
import { citizenStatus, citizenStatusView } from './citizen-status';
import { ProjectedEvent, foldPartitions } from './projection';

const asProjected = (citizenId: string, events: CitizenEvent[]): ProjectedEvent[] =>
  events.map((event, i) => ({
    ...event,
    streamId: `citizen-${citizenId}`,
    position: BigInt(i + 1),
    metadata: TEST_METADATA,
  }));

describe('citizen-status projection', () => {
  it('keeps one row per citizen keyed by citizenId, with the facts campaigns filter on', () => {
    const rows = foldPartitions(
      citizenStatus,
      asProjected('abc', [
        {
          type: 'NemIdIssued',
          data: {
            protectedCpr: 'k1.x',
            issuedOn: '2021-01-01',
            identification: 'two-non-photo-ids',
            identityConfirmedBy: 'security-questions',
            authenticator: 'code-card',
            profile: {
              needsInfoUpdate: true,
              danishPassport: false,
              digitalPostExempt: true,
              residesAbroad: false,
              addressProtected: false,
              visualImpairment: 'none',
            },
          },
        },
        { type: 'UpdateInfoLetterSent', data: { campaignId: 'c1', sentOn: '2021-10-01' } },
      ]),
    );
    const record = rows.get('abc')!;
    expect(citizenStatusView(record)).toMatchObject({
      citizenId: 'abc',
      status: 'letter-sent',
      updateInfoLetters: [{ campaignId: 'c1', sentOn: '2021-10-01' }],
    });
    const indexes = Object.fromEntries(Object.entries(citizenStatus.indexes).map(([k, f]) => [k, f(record)]));
    expect(indexes).toEqual({
      status: 'letter-sent',
      needsInfoUpdate: true,
      danishPassport: false,
      digitalPostExempt: true,
      residesAbroad: false,
      addressProtected: false,
      hasMitId: false,
      nemIdActive: true,
    });
  });

  it('never stores the encrypted CPR number in the read model', () => {
    const rows = foldPartitions(
      citizenStatus,
      asProjected('abc', [
        {
          type: 'NemIdIssued',
          data: {
            protectedCpr: 'k1.secret',
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
            },
          },
        },
      ]),
    );
    expect(JSON.stringify(rows.get('abc'))).not.toContain('secret');
  });

  it('shows the status, profile and MitID the source pages give any valid history (property, against an expectation written apart)', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ events }) => {
        const record = foldPartitions(citizenStatus, asProjected('p', events)).get('p');
        const expected = expectedRow(events);
        if (!expected) return record === undefined || record.citizen.status === 'no-nemid';
        const row = citizenStatusView(record!);
        expect({ status: row.status, profile: row.profile, mitId: row.mitId }).toEqual(expected);
        return true;
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

/**
 * The row from the events alone, by the rules as the source pages state them: a retired NemID stays retired;
 * otherwise MitID, then an info update, then a letter decide the status; an update clears the need to update
 * and a Danish passport shown for it counts; one MitID per person.
 */
function expectedRow(events: CitizenEvent[]) {
  const issued = events.find((e) => e.type === 'NemIdIssued');
  if (!issued) return undefined;
  const has = (type: CitizenEvent['type']) => events.some((e) => e.type === type);
  const updates = events.flatMap((e) => (e.type === 'PersonalInfoUpdated' ? [e.data] : []));
  const mitId = events.flatMap((e) => (e.type === 'MitIdCreated' ? [e.data] : []))[0];
  const status = has('NemIdRetired')
    ? 'nemid-retired'
    : mitId
      ? 'mitid-created'
      : updates.length > 0
        ? 'info-updated'
        : has('UpdateInfoLetterSent')
          ? 'letter-sent'
          : 'nemid-active';
  const profile = issued.data.profile;
  return {
    status,
    profile:
      updates.length > 0 ? { ...profile, needsInfoUpdate: false, danishPassport: profile.danishPassport || updates.some((u) => u.danishPassport) } : profile,
    mitId: mitId ? { createdOn: mitId.createdOn, route: mitId.route } : null,
  };
}
