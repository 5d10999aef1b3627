import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_METADATA } from '../../test/support/events';
import { seedPopulation, testCipher } from '../../test/support/population';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { citizenStream } from '../domain/citizen';
import { FixedClock } from '../domain/clock';
import { AppendOptions, EventStore, NewEvent } from '../event-store/event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { DropFolderChannel } from './channels/drop-folder';
import { DeliveryChannel } from './channels/channel';
import { DeliveryDispatcher, DispatcherOptions } from './delivery-dispatcher';
import { UndeliverableLetters } from './letter-faults';
import { DELIVERY_CONSUMER } from '../projection-engine/read-model-file/faults';
import { Metrics } from '../metrics/metrics';
import { DeliveryPosition } from './delivery-position';
import { LetterRenderer } from './letter-renderer';

describe('recording a delivery result', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelStore;
  let citizenId: string;
  const clock = new FixedClock(new Date('2021-10-04T08:00:00Z'));
  let cipher: CitizenCipher;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'overgang-dispatch-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    readModels = new ReadModelStore(join(dir, 'read-models.sqlite'));
    [citizenId] = await seedPopulation(store, join(dir, 'keys.sqlite'), 1, { exemptEvery: 0, partiallySightedEvery: 0, needsInfoUpdateEvery: 1 });
    cipher = testCipher(join(dir, 'keys.sqlite'));
    await new CitizenCommandHandler(store, clock).handle(
      citizenId,
      { type: 'SendUpdateInfoLetter', data: { campaignId: 'oct-2021' } },
      { actor: { role: 'test', subject: 'test' }, correlationId: 'test' },
    );
  });
  afterEach(async () => {
    await cipher.keys.close();
    readModels.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The real store, with every append's expected revision noted and a hook run just before each append. */
  function observed(beforeAppend: (streamId: string, events: NewEvent[]) => Promise<void> = async () => {}) {
    const appends: { types: string[]; expected: AppendOptions['expectedRevision'] }[] = [];
    const proxy = new Proxy(store, {
      get(target, property) {
        if (property === 'append') {
          return async (streamId: string, events: NewEvent[], options: AppendOptions) => {
            appends.push({ types: events.map((e) => e.type), expected: options?.expectedRevision });
            await beforeAppend(streamId, events);
            return target.append(streamId, events, options);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as EventStore;
    return { proxy, appends };
  }

  const dispatcherOn = async (events: EventStore, channel: DeliveryChannel = new DropFolderChannel(join(dir, 'outbox')), options: DispatcherOptions = {}) =>
    new DeliveryDispatcher(
      events,
      new CitizenCommandHandler(events, clock),
      new DeliveryPosition(readModels.path),
      cipher,
      await LetterRenderer.create({ cvr: '34051178' }),
      channel,
      clock,
      options,
    );

  const typesInStream = async () => {
    const types: string[] = [];
    for await (const event of store.readStream(citizenStream(citizenId))) types.push(event.type);
    return types;
  };

  it('is appended at the revision read, never with "any" (EventStoreDB ignores a known id with "any" only while it is cached)', async () => {
    const { proxy, appends } = observed();
    await (await dispatcherOn(proxy)).deliverPending();
    expect(appends).toEqual([{ types: ['DigitalPostDelivered'], expected: 1n }]);
    expect(await typesInStream()).toEqual(['NemIdIssued', 'UpdateInfoLetterSent', 'DigitalPostDelivered']);
  });

  it('after a concurrent change to the stream it reads again and records the result once, after that change', async () => {
    let interfered = false;
    const { proxy, appends } = observed(async (streamId) => {
      if (interfered) return;
      interfered = true;
      await store.append(streamId, [{ id: 'd2b1f1a0-0000-4000-8000-000000000001', type: 'TimelineViewed', data: {}, metadata: TEST_METADATA }]);
    });
    await (await dispatcherOn(proxy)).deliverPending();
    expect(appends.map((a) => a.expected)).toEqual([1n, 2n]);
    expect(await typesInStream()).toEqual(['NemIdIssued', 'UpdateInfoLetterSent', 'TimelineViewed', 'DigitalPostDelivered']);
  });

  it('counts each delivery by channel and outcome, and each failed attempt, in the metrics', async () => {
    const metrics = new Metrics();
    const flaky: DeliveryChannel = {
      name: 'http-gateway',
      longestDeliveryMs: 1000,
      deliver: async () => ({ delivered: true, attempts: 3, failures: ['HTTP 503', 'HTTP 503'] }),
    };
    await (await dispatcherOn(store, flaky, { metrics })).deliverPending();
    const text = await metrics.registry.metrics();
    expect(text).toContain('overgang_deliveries_total{channel="http-gateway",outcome="delivered"} 1');
    expect(text).toContain('overgang_delivery_failures_total{channel="http-gateway"} 2');
  });

  describe('a letter that fails for a reason of its own', () => {
    const breaking = (failures: number): DeliveryChannel => {
      let left = failures;
      return {
        name: 'counting',
        longestDeliveryMs: 1000,
        deliver: async () => {
          if (left-- > 0) throw new TypeError('the letter cannot be rendered');
          return { delivered: true, attempts: 1, failures: [] };
        },
      };
    };

    it('is a dead letter: the position moves on past it, and a later try that takes it passes it', async () => {
      let now = Date.parse('2026-12-07T10:00:00Z');
      const undeliverable = new UndeliverableLetters(readModels.faults, store, () => now);
      const dispatcher = await dispatcherOn(store, breaking(1), { undeliverable });
      await dispatcher.deliverPending();
      expect(readModels.faults.list(DELIVERY_CONSUMER)).toEqual([
        expect.objectContaining({ eventType: 'UpdateInfoLetterSent', streamId: citizenStream(citizenId), state: 'failing', failures: 1 }),
      ]);
      expect(new DeliveryPosition(readModels.path).read()).toBe(await store.headPosition());
      expect(await typesInStream()).toEqual(['NemIdIssued', 'UpdateInfoLetterSent']);

      await dispatcher.deliverPending();
      expect(readModels.faults.list(DELIVERY_CONSUMER)[0].failures).toBe(1);
      now += 1000;
      await dispatcher.deliverPending();
      expect(await typesInStream()).toEqual(['NemIdIssued', 'UpdateInfoLetterSent', 'DigitalPostDelivered']);
      expect(readModels.faults.list(DELIVERY_CONSUMER)).toEqual([expect.objectContaining({ state: 'passed' })]);
    });

    it("is not when the fault is the machine's (a store that does not answer): the round fails and the position stays", async () => {
      const unavailable = Object.assign(new Error('the event store does not answer'), { problem: () => ({ status: 503 }) });
      const down = new Proxy(store, {
        get: (target, property) => (property === 'append' ? () => Promise.reject(unavailable) : Reflect.get(target, property).bind(target)),
      }) as EventStore;
      const dispatcher = await dispatcherOn(down, breaking(0), { undeliverable: new UndeliverableLetters(readModels.faults, store) });
      await expect(dispatcher.deliverPending()).rejects.toBe(unavailable);
      expect(readModels.faults.list(DELIVERY_CONSUMER)).toEqual([]);
      expect(new DeliveryPosition(readModels.path).read()).toBe(0n);
    });
  });
});
