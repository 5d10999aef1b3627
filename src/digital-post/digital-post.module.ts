import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { join } from 'node:path';
import { CitizenCommandHandler } from '../streams/citizen-command.handler';
import { StreamsModule } from '../streams/streams.module';
import { CLOCK, ClockModule } from '../clock/clock.module';
import { Environment } from '../config/environment';
import { Clock } from '../domain/clock';
import { COMPETING_CONSUMERS, CompetingConsumers } from '../event-store/competing-consumers';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { CitizenCipher } from '../personal-data/citizen-cipher';
import { ReadModelStore } from '../projection-engine/read-model-store';
import { DeliveryChannel } from './channels/channel';
import { CountingChannel } from './channels/counting';
import { DropFolderChannel } from './channels/drop-folder';
import { HttpGatewayChannel } from './channels/http-gateway';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { UndeliverableLetters } from './letter-faults';
import { DeliveryPosition } from './delivery-position';
import { LetterRenderer } from './letter-renderer';
import { LetterReader } from './letter-reader';
import { EventStoreModule } from '../event-store/event-store.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { repeatedFailureLog } from '../logging/repeated-failures';
import { Metrics } from '../metrics/metrics';
import { MetricsModule } from '../metrics/metrics.module';

export const DELIVERY_CHANNEL = Symbol('DeliveryChannel');

const CHANNEL_SETTINGS = [
  'DATA_DIR',
  'DIGITAL_POST_CHANNEL',
  'DIGITAL_POST_OUTBOX_DIR',
  'DIGITAL_POST_GATEWAY_URL',
  'DIGITAL_POST_GATEWAY_USERNAME',
  'DIGITAL_POST_GATEWAY_PASSWORD',
  'DIGITAL_POST_GATEWAY_MAX_ATTEMPTS',
  'DIGITAL_POST_GATEWAY_BACKOFF_MS',
] as const satisfies readonly (keyof Environment)[];
type ChannelSettings = Pick<Environment, (typeof CHANNEL_SETTINGS)[number]>;

export function channelFrom(environment: ChannelSettings): DeliveryChannel {
  if (environment.DIGITAL_POST_CHANNEL === 'http-gateway') {
    return new HttpGatewayChannel({
      url: environment.DIGITAL_POST_GATEWAY_URL!,
      username: environment.DIGITAL_POST_GATEWAY_USERNAME,
      password: environment.DIGITAL_POST_GATEWAY_PASSWORD,
      maxAttempts: environment.DIGITAL_POST_GATEWAY_MAX_ATTEMPTS,
      backoffMs: environment.DIGITAL_POST_GATEWAY_BACKOFF_MS,
      timeoutMs: 30_000,
    });
  }
  if (environment.DIGITAL_POST_CHANNEL === 'counting') return new CountingChannel();
  return new DropFolderChannel(environment.DIGITAL_POST_OUTBOX_DIR ?? join(environment.DATA_DIR, 'outbox'));
}

@Module({
  imports: [EventStoreModule, ClockModule, PersonalDataModule, ReadModelsModule, StreamsModule, MetricsModule],
  providers: [
    {
      provide: LetterRenderer,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => LetterRenderer.create({ cvr: config.get('DIGITAL_POST_SENDER_CVR', { infer: true }) }),
    },
    {
      provide: DELIVERY_CHANNEL,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        channelFrom(Object.fromEntries(CHANNEL_SETTINGS.map((key) => [key, config.get(key, { infer: true })])) as ChannelSettings),
    },
    { provide: DeliveryPosition, inject: [ReadModelStore], useFactory: (readModels: ReadModelStore) => new DeliveryPosition(readModels.path) },
    {
      provide: DeliveryDispatcher,
      inject: [
        EVENT_STORE,
        CitizenCommandHandler,
        DeliveryPosition,
        CitizenCipher,
        LetterRenderer,
        DELIVERY_CHANNEL,
        CLOCK,
        COMPETING_CONSUMERS,
        ConfigService,
        Metrics,
        ReadModelStore,
      ],
      useFactory: (
        store: EventStore,
        citizens: CitizenCommandHandler,
        position: DeliveryPosition,
        cipher: CitizenCipher,
        renderer: LetterRenderer,
        channel: DeliveryChannel,
        clock: Clock,
        consumers: CompetingConsumers | null,
        config: ConfigService<Environment, true>,
        metrics: Metrics,
        readModels: ReadModelStore,
      ) => {
        const logger = new Logger('DigitalPostDelivery');
        return new DeliveryDispatcher(store, citizens, position, cipher, renderer, channel, clock, {
          consumers,
          withApplication: config.get('WORKERS', { infer: true }) === 'on',
          onError: repeatedFailureLog(logger, 'delivery round'),
          metrics,
          undeliverable: new UndeliverableLetters(readModels.faults, store),
        });
      },
    },
    {
      provide: LetterReader,
      inject: [EVENT_STORE, CitizenCipher, LetterRenderer],
      useFactory: (store: EventStore, cipher: CitizenCipher, renderer: LetterRenderer) => new LetterReader(store, cipher, renderer),
    },
  ],
  exports: [DeliveryDispatcher, DeliveryPosition, LetterReader],
})
export class DigitalPostModule {}
