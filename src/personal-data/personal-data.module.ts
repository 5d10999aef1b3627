import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Environment } from '../config/environment';
import { loadPersonalDataKeys } from './keys';
import { PersonalDataProtector } from './personal-data-protector';

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
  ],
  exports: [PersonalDataProtector],
})
export class PersonalDataModule {}
