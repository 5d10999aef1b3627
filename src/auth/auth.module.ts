import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Environment } from '../config/environment';
import { PersonalDataProtector } from '../personal-data/personal-data-protector';
import { AuthGuard } from './auth.guard';
import { RequestAuthenticator } from './request-authenticator';
import { RequestThrottlerGuard } from './request-throttler.guard';
import { loadTokenSecret } from './token-secret';
import { TokenVerifier } from './token-verifier';
import { ClockModule } from '../clock/clock.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { MetricsModule } from '../metrics/metrics.module';

const RATE_WINDOW_MS = 60_000;

@Module({
  imports: [
    ClockModule,
    PersonalDataModule,
    MetricsModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => [{ ttl: RATE_WINDOW_MS, limit: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) }],
    }),
  ],
  providers: [
    {
      provide: TokenVerifier,
      inject: [ConfigService, PersonalDataProtector],
      useFactory: (config: ConfigService<Environment, true>, protector: PersonalDataProtector) => {
        const jwksUrl = config.get('AUTH_JWKS_URL', { infer: true });
        const logger = new Logger('Auth');
        return new TokenVerifier(
          {
            jwksUrl,
            secret: jwksUrl ? undefined : loadTokenSecret(config.get('AUTH_JWT_SECRET', { infer: true }), { dataDir: config.get('DATA_DIR', { infer: true }), warn: (m) => logger.warn(m) }),
            issuer: config.get('AUTH_ISSUER', { infer: true }),
            audience: config.get('AUTH_AUDIENCE', { infer: true }),
            rolesClaim: config.get('AUTH_ROLES_CLAIM', { infer: true }),
            citizenCprClaim: config.get('AUTH_CITIZEN_CPR_CLAIM', { infer: true }),
          },
          (cprDigits) => protector.citizenIdFor(cprDigits),
        );
      },
    },
    RequestAuthenticator,
    // Throttle first, so a flood of bad tokens is limited too.
    { provide: APP_GUARD, useClass: RequestThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
