import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Logger } from 'pino';
import { Environment } from '../config/environment';
import { AppLogger, openLog, prettyLogs } from './app-logger';

/** The service's pino logger, for the request log: Nest's logger (`AppLogger`) writes to it too. */
export const LOG = Symbol('Log');

@Global()
@Module({
  providers: [
    {
      provide: LOG,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const file = config.get('LOG_FILE', { infer: true });
        const pretty = prettyLogs({ LOG_FORMAT: config.get('LOG_FORMAT', { infer: true }), NODE_ENV: config.get('NODE_ENV', { infer: true }), LOG_FILE: file });
        return openLog({ level: config.get('LOG_LEVEL', { infer: true }), file, pretty });
      },
    },
    { provide: AppLogger, inject: [LOG], useFactory: (log: Logger) => new AppLogger(log) },
  ],
  exports: [LOG, AppLogger],
})
export class LoggingModule {}
