import { campaignProgress } from './campaign-progress';
import { migrationProgress } from './migration-progress';
import { TEST_METADATA } from '../test/support/events';
import { ProjectedEvent, foldPartitions } from './projection';

const event = (streamId: string, type: string, data: object, position: number): ProjectedEvent => ({
  type,
  data,
  streamId,
  position: BigInt(position),
  metadata: TEST_METADATA,
});

describe('migration-progress projection', () => {
  it('counts each event on the business day it carries', () => {
    const days = foldPartitions(migrationProgress, [
      event('citizen-a', 'NemIdIssued', { issuedOn: '2021-10-01' }, 1),
      event('citizen-b', 'NemIdIssued', { issuedOn: '2021-10-01' }, 2),
      event('citizen-a', 'UpdateInfoLetterSent', { campaignId: 'c', sentOn: '2021-10-02' }, 3),
      event('citizen-a', 'MitIdCreated', { createdOn: '2021-10-02', route: 'bank' }, 4),
      event('citizen-a', 'CodeCardOrdered', { orderedOn: '2021-10-02' }, 5),
      event('citizen-a', 'NemIdRetired', { retiredOn: '2022-10-31', reason: 'migrated' }, 6),
      event('campaign-c', 'CampaignStarted', { kind: 'update-info-letter' }, 7),
    ]);
    expect([...days.values()]).toEqual([
      { date: '2021-10-01', issued: 2, lettersSent: 0, infoUpdated: 0, mitIdsCreated: 0, nemIdsRetired: 0 },
      { date: '2021-10-02', issued: 0, lettersSent: 1, infoUpdated: 0, mitIdsCreated: 1, nemIdsRetired: 0 },
      { date: '2022-10-31', issued: 0, lettersSent: 0, infoUpdated: 0, mitIdsCreated: 0, nemIdsRetired: 1 },
    ]);
  });
});

describe('campaign-progress projection', () => {
  it("counts targeted, sent, delivered and finally failed letters per campaign, beside the campaign's own fold", () => {
    const at = (position: number, occurredAt: string) => ({ ...event('campaign-c1', '', {}, position), metadata: { ...TEST_METADATA, occurredAt } });
    const started = { campaignId: 'c1', kind: 'update-info-letter', cohort: {}, ratePerSecond: 10, startAt: '2021-10-01T08:00:00.000Z' };
    const campaigns = foldPartitions(campaignProgress, [
      { ...at(1, '2021-10-01T08:00:00.000Z'), type: 'CampaignStarted', data: started },
      event('citizen-a', 'UpdateInfoLetterSent', { campaignId: 'c1', sentOn: '2021-10-01' }, 2),
      event('citizen-b', 'UpdateInfoLetterSent', { campaignId: 'c1', sentOn: '2021-10-01' }, 3),
      // Stored before the per-rule counts existed: read in the current shape.
      { ...at(4, '2021-10-01T08:00:05.000Z'), type: 'CampaignProgressed', data: { campaignId: 'c1', cursor: 'b', targeted: 3, sent: 2, skipped: 1 } },
      event('citizen-a', 'DigitalPostDelivered', { campaignId: 'c1' }, 5),
      event('citizen-b', 'DigitalPostDeliveryFailed', { campaignId: 'c1', final: false }, 6),
      event('citizen-b', 'DigitalPostDeliveryFailed', { campaignId: 'c1', final: true }, 7),
      { ...at(8, '2021-10-01T09:00:00.000Z'), type: 'CampaignPaused', data: { campaignId: 'c1', pausedAt: '2021-10-01T09:00:00.000Z' } },
      event('citizen-z', 'NemIdIssued', { issuedOn: '2021-01-01' }, 9),
      event('citizen-d', 'NoticeSent', { campaignId: 'desk-letters', notice: 'keep-nemid' }, 10),
    ]);
    const { campaignId: _, ...definition } = started;
    expect([...campaigns.values()]).toEqual([
      {
        campaignId: 'c1',
        kind: 'update-info-letter',
        status: 'paused',
        targeted: 3,
        sent: 2,
        skipped: 1,
        delivered: 1,
        failed: 1,
        campaign: {
          status: 'paused',
          campaignId: 'c1',
          definition,
          totals: { cursor: 'b', targeted: 3, sent: 2, skipped: 1, skippedByRule: {}, undecided: 0 },
          startedAt: '2021-10-01T08:00:00.000Z',
          progressedAt: '2021-10-01T08:00:05.000Z',
        },
      },
      { campaignId: 'desk-letters', kind: null, status: 'unknown', targeted: 0, sent: 1, skipped: 0, delivered: 0, failed: 0, campaign: { status: 'none' } },
    ]);
  });
});
