import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuthModule } from '../auth/auth.module';
import { Environment, developmentSignInAllowed } from '../config/environment';
import { PersonalDataModule } from '../personal-data/personal-data.module';
import { OidcSignIn } from './oidc-sign-in';
import { OIDC_SIGN_IN, SIGN_IN_SETTINGS, SignInController, SignInSettings } from './sign-in.controller';

const publicUrlOf = (config: ConfigService<Environment, true>) =>
  config.get('PUBLIC_URL', { infer: true }) ?? `http://localhost:${config.get('PORT', { infer: true })}`;

/** Signing in to the pages: the development sign-in, and OpenID Connect at the identity provider. */
@Module({
  imports: [AuthModule, PersonalDataModule],
  controllers: [SignInController],
  providers: [
    {
      provide: SIGN_IN_SETTINGS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): SignInSettings => ({
        development: developmentSignInAllowed({
          NODE_ENV: config.get('NODE_ENV', { infer: true }),
          AUTH_JWKS_URL: config.get('AUTH_JWKS_URL', { infer: true }),
        }),
        secureCookies: publicUrlOf(config).startsWith('https:'),
      }),
    },
    {
      provide: OIDC_SIGN_IN,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): OidcSignIn | null => {
        const issuerUrl = config.get('OIDC_ISSUER_URL', { infer: true });
        if (!issuerUrl) return null;
        return new OidcSignIn({
          issuerUrl,
          clientId: config.get('OIDC_CLIENT_ID', { infer: true })!,
          clientSecret: config.get('OIDC_CLIENT_SECRET', { infer: true }),
          scope: config.get('OIDC_SCOPE', { infer: true }),
          resource: config.get('AUTH_AUDIENCE', { infer: true }),
          redirectUri: new URL('/auth/oidc/callback', publicUrlOf(config)).toString(),
          postLogoutRedirectUri: new URL('/', publicUrlOf(config)).toString(),
          secret: config.get('AUTH_SESSION_SECRET', { infer: true }),
        });
      },
    },
  ],
})
export class WebModule {}
