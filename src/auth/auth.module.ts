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
import { WindowedThrottlerStorage } from './windowed-throttler-storage';
import { ClockModule } from '../clock/clock.module';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { MetricsModule } from '../metrics/metrics.module';

const RATE_WINDOW_MS = 60_000;

/** The HS256 secret of development and tests (null where only the identity provider's keys are trusted). */
export const TOKEN_SECRET = Symbol('TokenSecret');

@Module({
  imports: [
    ClockModule,
    PersonalDataModule,
    MetricsModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        throttlers: [{ ttl: RATE_WINDOW_MS, limit: config.get('RATE_LIMIT_PER_MINUTE', { infer: true }) }],
        storage: new WindowedThrottlerStorage(),
      }),
    }),
  ],
  providers: [
    {
      provide: TOKEN_SECRET,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): Uint8Array | null =>
        config.get('AUTH_JWKS_URL', { infer: true })
          ? null
          : loadTokenSecret(config.get('AUTH_JWT_SECRET', { infer: true }), {
              dataDir: config.get('DATA_DIR', { infer: true }),
              warn: (m) => new Logger('Auth').warn(m),
            }),
    },
    {
      provide: TokenVerifier,
      inject: [ConfigService, PersonalDataProtector, TOKEN_SECRET],
      useFactory: (config: ConfigService<Environment, true>, protector: PersonalDataProtector, secret: Uint8Array | null) =>
        new TokenVerifier(
          {
            jwksUrl: config.get('AUTH_JWKS_URL', { infer: true }),
            secret: secret ?? undefined,
            issuer: config.get('AUTH_ISSUER', { infer: true }),
            audience: config.get('AUTH_AUDIENCE', { infer: true }),
            rolesClaim: config.get('AUTH_ROLES_CLAIM', { infer: true }),
            citizenCprClaim: config.get('AUTH_CITIZEN_CPR_CLAIM', { infer: true }),
          },
          (cprDigits) => protector.citizenIdFor(cprDigits),
        ),
    },
    RequestAuthenticator,
    // Throttle first, so a flood of bad tokens is limited too.
    { provide: APP_GUARD, useClass: RequestThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier, TOKEN_SECRET],
})
export class AuthModule {}
