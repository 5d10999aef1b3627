import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Logger } from 'pino';
import { Environment } from '../config/environment';
import { AppLogger, openLog } from './app-logger';

/** The service's pino logger, for the request log: Nest's logger (`AppLogger`) writes to it too. */
export const LOG = Symbol('Log');

@Global()
@Module({
  providers: [
    {
      provide: LOG,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => openLog({ level: config.get('LOG_LEVEL', { infer: true }), file: config.get('LOG_FILE', { infer: true }) }),
    },
    { provide: AppLogger, inject: [LOG], useFactory: (log: Logger) => new AppLogger(log) },
  ],
  exports: [LOG, AppLogger],
})
export class LoggingModule {}
