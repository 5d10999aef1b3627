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
  it('counts targeted, sent, delivered and finally failed letters per campaign', () => {
    const campaigns = foldPartitions(campaignProgress, [
      event('campaign-c1', 'CampaignStarted', { campaignId: 'c1', kind: 'update-info-letter' }, 1),
      event('citizen-a', 'UpdateInfoLetterSent', { campaignId: 'c1', sentOn: '2021-10-01' }, 2),
      event('citizen-b', 'UpdateInfoLetterSent', { campaignId: 'c1', sentOn: '2021-10-01' }, 3),
      event('campaign-c1', 'CampaignProgressed', { campaignId: 'c1', targeted: 2 }, 4),
      event('citizen-a', 'DigitalPostDelivered', { campaignId: 'c1' }, 5),
      event('citizen-b', 'DigitalPostDeliveryFailed', { campaignId: 'c1', final: false }, 6),
      event('citizen-b', 'DigitalPostDeliveryFailed', { campaignId: 'c1', final: true }, 7),
      event('campaign-c1', 'CampaignPaused', { campaignId: 'c1' }, 8),
      event('citizen-z', 'NemIdIssued', { issuedOn: '2021-01-01' }, 9),
    ]);
    expect([...campaigns.values()]).toEqual([
      { campaignId: 'c1', kind: 'update-info-letter', status: 'paused', targeted: 2, sent: 2, delivered: 1, failed: 1 },
    ]);
  });
});
