import fc from 'fast-check';
import { historyArbitrary } from '../test/support/citizen-histories';
import { TEST_METADATA } from '../test/support/events';
import { CitizenEvent } from '../src/domain/citizen';
import { citizenStatus } from './citizen-status';
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
        { type: 'NemIdIssued', data: { protectedCpr: 'k1.x', issuedOn: '2021-01-01', identification: 'two-non-photo-ids', identityConfirmedBy: 'security-questions', authenticator: 'code-card', profile: { needsInfoUpdate: true, danishPassport: false, digitalPostExempt: true, residesAbroad: false, addressProtected: false, visualImpairment: 'none' } } },
        { type: 'UpdateInfoLetterSent', data: { campaignId: 'c1', sentOn: '2021-10-01' } },
      ]),
    );
    const row = rows.get('abc')!;
    expect(row.status).toBe('letter-sent');
    const indexes = Object.fromEntries(Object.entries(citizenStatus.indexes).map(([k, f]) => [k, f(row)]));
    expect(indexes).toMatchObject({ status: 'letter-sent', needsInfoUpdate: true, digitalPostExempt: true, lastLetterSentOn: '2021-10-01', hasMitId: false, issuedOn: '2021-01-01' });
  });

  it('never stores the encrypted CPR number in the read model', () => {
    const rows = foldPartitions(
      citizenStatus,
      asProjected('abc', [
        { type: 'NemIdIssued', data: { protectedCpr: 'k1.secret', issuedOn: '2021-01-01', identification: 'photo-id', identityConfirmedBy: 'security-questions', authenticator: 'code-card', profile: { needsInfoUpdate: false, danishPassport: true, digitalPostExempt: false, residesAbroad: false, addressProtected: false, visualImpairment: 'none' } } },
      ]),
    );
    expect(JSON.stringify(rows.get('abc'))).not.toContain('secret');
  });

  it('agrees with the domain on status and profile for any valid history (property)', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ events, state }) => {
        const row = foldPartitions(citizenStatus, asProjected('p', events)).get('p');
        if (state.status === 'no-nemid') return row === undefined;
        expect(row?.status).toBe(state.status);
        expect(row?.profile).toEqual(state.holder.profile);
        expect(row?.mitId ?? undefined).toEqual(state.holder.mitId);
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
