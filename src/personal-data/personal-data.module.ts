import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { CITIZEN_KEY_STORE, CitizenKeyStore } from './citizen-key-store';
import { CitizenCipher } from './citizen-cipher';
import { loadPersonalDataKeys } from './keys';
import { openCitizenKeyStore } from './open-citizen-key-store';
import { PersonalDataProtector } from './personal-data-protector';

/** Closes the key store after everything that writes keys has stopped. */
class KeyStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(CITIZEN_KEY_STORE) private readonly keys: CitizenKeyStore) {}

  onApplicationShutdown(): Promise<void> {
    return this.keys.close();
  }
}

@Module({
  providers: [
    {
      provide: PersonalDataProtector,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const logger = new Logger('PersonalData');
        const keys = loadPersonalDataKeys(
          {
            CPR_HASH_KEY: config.get('CPR_HASH_KEY', { infer: true }),
            CPR_ENCRYPTION_KEYS: config.get('CPR_ENCRYPTION_KEYS', { infer: true }),
            CPR_ENCRYPTION_ACTIVE_KEY_ID: config.get('CPR_ENCRYPTION_ACTIVE_KEY_ID', { infer: true }),
          },
          {
            production: config.get('NODE_ENV', { infer: true }) === 'production',
            dataDir: config.get('DATA_DIR', { infer: true }),
            warn: (message) => logger.warn(message),
          },
        );
        return new PersonalDataProtector(keys);
      },
    },
    {
      provide: CITIZEN_KEY_STORE,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        openCitizenKeyStore({
          EVENT_STORE_URL: config.get('EVENT_STORE_URL', { infer: true }),
          DATA_DIR: config.get('DATA_DIR', { infer: true }),
          WEB_CONCURRENCY: config.get('WEB_CONCURRENCY', { infer: true }),
        }),
    },
    {
      provide: CitizenCipher,
      inject: [PersonalDataProtector, CITIZEN_KEY_STORE],
      useFactory: (protector: PersonalDataProtector, keys: CitizenKeyStore) => new CitizenCipher(protector, keys),
    },
    KeyStoreCloser,
  ],
  exports: [PersonalDataProtector, CitizenCipher, CITIZEN_KEY_STORE],
})
export class PersonalDataModule {}
