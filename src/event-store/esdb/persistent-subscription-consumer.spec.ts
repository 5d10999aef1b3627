import { PassThrough } from 'node:stream';
import {
  PersistentSubscriptionExistsError,
  ROUND_ROBIN,
  START,
  UnavailableError,
  persistentSubscriptionToAllSettingsFromDefaults,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { groupIdentity, isSupersededGroup, supersededBy } from './group-identity';
import { PersistentSubscriptionConsumers } from './persistent-subscription-consumer';

/** Unit tests against the client's own API (a stub of its methods, not EventStoreDB); the server's side is in the contract suite. */
describe('persistent subscription groups', () => {
  const settings = persistentSubscriptionToAllSettingsFromDefaults({
    startFrom: START,
    consumerStrategyName: ROUND_ROBIN,
    maxRetryCount: 10,
    messageTimeout: 91_000,
  });
  const letters = { eventTypes: ['LetterSent', 'LetterDelivered'] };

  it('names a group by what it was made with: another filter or other settings make another group, the same ones the same', () => {
    const group = groupIdentity('digital-post-delivery', letters, settings);
    expect(group.name).toMatch(/^digital-post-delivery-v[0-9a-f]{12}$/);
    expect(groupIdentity('digital-post-delivery', { eventTypes: ['LetterDelivered', 'LetterSent'] }, settings)).toEqual(group);
    expect(groupIdentity('digital-post-delivery', { eventTypes: [...letters.eventTypes, 'PaperLetterSent'] }, settings).name).not.toBe(group.name);
    expect(groupIdentity('digital-post-delivery', letters, { ...settings, messageTimeout: 60_000 }).name).not.toBe(group.name);
    expect(groupIdentity('digital-post-delivery', letters, { ...settings, maxRetryCount: 5 }).name).not.toBe(group.name);
  });

  it("knows an earlier build's groups for the same work, and no one else's", () => {
    const group = groupIdentity('digital-post-delivery', letters, settings);
    expect(isSupersededGroup(group, 'digital-post-delivery')).toBe(true);
    expect(isSupersededGroup(group, 'digital-post-delivery-v0123456789ab')).toBe(true);
    expect(isSupersededGroup(group, group.name)).toBe(false);
    expect(isSupersededGroup(group, 'digital-post-delivery-archive')).toBe(false);
    expect(isSupersededGroup(group, 'campaign-steps-v0123456789ab')).toBe(false);
  });

  it('deletes an old group only when nobody reads it and the new one has checkpointed past it', () => {
    expect(supersededBy({ connections: 1, checkpoint: 10n }, { connections: 1, checkpoint: 99n })).toBe(false);
    expect(supersededBy({ connections: 0, checkpoint: 100n }, { connections: 1, checkpoint: 99n })).toBe(false);
    expect(supersededBy({ connections: 0, checkpoint: 100n }, { connections: 1 })).toBe(false);
    expect(supersededBy({ connections: 0, checkpoint: 100n }, { connections: 1, checkpoint: 100n })).toBe(true);
    expect(supersededBy({ connections: 0 }, { connections: 1 })).toBe(true);
  });
});

/** A stub of the client's persistent-subscription calls, each recorded; `create` answers when the test says. */
function stubClient() {
  const calls: string[] = [];
  let answerCreate: (error?: unknown) => void = () => undefined;
  const groups: { groupName: string; connections: unknown[]; stats: { lastCheckpointedEventPosition?: { commit: bigint; prepare: bigint } } }[] = [];
  const client = {
    createPersistentSubscriptionToAll: (name: string) => {
      calls.push(`create ${name}`);
      return new Promise<void>((resolve, reject) => (answerCreate = (error) => (error ? reject(error) : resolve())));
    },
    subscribeToPersistentSubscriptionToAll: (name: string) => {
      calls.push(`subscribe ${name}`);
      const stream = new PassThrough({ objectMode: true });
      return Object.assign(stream, { unsubscribe: async () => void stream.end() });
    },
    listPersistentSubscriptionsToAll: async () => groups,
    deletePersistentSubscriptionToAll: async (name: string) => void calls.push(`delete ${name}`),
  };
  return { client: client as unknown as EventStoreDBClient, calls, groups, answerCreate: (error?: unknown) => answerCreate(error) };
}

describe('a persistent subscription consumer', () => {
  const options = { group: 'digital-post-delivery', filter: { eventTypes: ['LetterSent'] }, handle: async () => undefined };

  it('stops while its group is being made, without subscribing afterwards or waiting for a message', async () => {
    const stub = stubClient();
    const consumer = new PersistentSubscriptionConsumers(stub.client).consumer(options);
    await consumer.start();
    expect(stub.calls).toEqual([`create ${consumer.identity.name}`]);
    const stopped = consumer.stop();
    stub.answerCreate(Object.create(PersistentSubscriptionExistsError.prototype));
    await stopped;
    expect(stub.calls).toEqual([`create ${consumer.identity.name}`]);
  });

  it('stops during a wait between tries at making its group, at once', async () => {
    const stub = stubClient();
    const retries = { attempts: 6, initialDelayMs: 60_000, maxDelayMs: 60_000 };
    const consumer = new PersistentSubscriptionConsumers(stub.client, { retries, resubscribe: { initialDelayMs: 60_000 } }).consumer(options);
    await consumer.start();
    stub.answerCreate(new UnavailableError());
    const began = Date.now();
    await consumer.stop();
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(stub.calls.filter((call) => call.startsWith('subscribe'))).toEqual([]);
  });

  it("subscribes to its own versioned group, and deletes an earlier build's group once it is done with", async () => {
    const stub = stubClient();
    const retired: string[][] = [];
    const consumer = new PersistentSubscriptionConsumers(stub.client, { onRetired: (groups) => retired.push(groups) }).consumer(options);
    const at = (p: bigint) => ({ lastCheckpointedEventPosition: { commit: p, prepare: p } });
    stub.groups.push(
      { groupName: consumer.identity.name, connections: [{}], stats: at(500n) },
      { groupName: 'digital-post-delivery', connections: [], stats: at(400n) },
      { groupName: 'digital-post-delivery-v0123456789ab', connections: [{}], stats: at(100n) },
      { groupName: 'campaign-steps', connections: [], stats: at(1n) },
    );
    await consumer.start();
    stub.answerCreate();
    await expect(consumer.retireSuperseded()).resolves.toEqual(['digital-post-delivery']);
    expect(retired).toEqual([['digital-post-delivery']]);
    await consumer.stop();
    expect(stub.calls).toContain(`subscribe ${consumer.identity.name}`);
    expect(stub.calls).toContain('delete digital-post-delivery');
    expect(stub.calls).not.toContain('delete campaign-steps');
  });
});
