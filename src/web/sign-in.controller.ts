import { Body, Controller, Get, HttpCode, Inject, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { parse, serialize } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { AccessDenied, AuthenticationFailed } from '../auth/auth-errors';
import { TOKEN_SECRET } from '../auth/auth.module';
import { mintDevelopmentToken } from '../auth/development-tokens';
import { Role } from '../auth/roles';
import { Public } from '../auth/roles';
import { PAGE_REQUEST_HEADER, clearSessionCookie, sentByPage, sessionTokenOf, setSessionCookie } from '../auth/session-cookie';
import { TokenVerifier } from '../auth/token-verifier';
import { parseCpr } from '../domain/cpr';
import { NotFound } from '../domain/errors';
import { PersonalDataProtector } from '../personal-data/personal-data-protector';
import { OidcSignIn, SignInFailed, TRANSACTION_COOKIE, TRANSACTION_TTL_SECONDS } from './oidc-sign-in';
import { isReturnPath } from './return-path';
import { DevelopmentSignInDto, ReturnToQuery, SessionView, SignedOutView } from './sign-in.dto';

export const SIGN_IN_SETTINGS = Symbol('SignInSettings');
export const OIDC_SIGN_IN = Symbol('OidcSignIn');

export interface SignInSettings {
  development: boolean;
  /** Cookies only over HTTPS (PUBLIC_URL is https). */
  secureCookies: boolean;
}

const DEVELOPMENT_SESSION_SECONDS = 8 * 3600;
const NO_IDENTITY_PROVIDER = { da: 'log ind hos en identitetsudbyder er ikke sat op her', en: 'sign-in with an identity provider is not configured here' };
const TRANSACTION_COOKIE_PATH = '/auth/oidc';

/** Where each role works: the first page after signing in. */
export function homeOf(roles: readonly Role[]): string {
  if (roles.includes('agency')) return '/agency';
  if (roles.includes('support')) return '/support';
  if (roles.includes('citizen-service')) return '/desk';
  if (roles.includes('citizen')) return '/citizen';
  return '/';
}

/** Signing in to the pages: the session is the bearer token in an HttpOnly cookie, never in a URL or in reach of scripts. */
@ApiTags('sign-in')
@Public()
@Controller('auth')
export class SignInController {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly protector: PersonalDataProtector,
    @Inject(TOKEN_SECRET) private readonly secret: Uint8Array | null,
    @Inject(SIGN_IN_SETTINGS) private readonly settings: SignInSettings,
    @Inject(OIDC_SIGN_IN) private readonly oidc: OidcSignIn | null,
  ) {}

  @Get('session')
  @ApiOperation({ summary: 'Who the pages are signed in as, and how one signs in here' })
  @ApiOkResponse({ type: SessionView })
  async session(@Req() request: FastifyRequest): Promise<SessionView> {
    const signIn = { development: this.settings.development, oidc: this.oidc !== null };
    const token = sessionTokenOf(request);
    if (token === undefined) return { signedIn: false, signIn };
    try {
      const principal = await this.verifier.verify(token);
      const { exp } = decodeJwt(token);
      return {
        signedIn: true,
        name: principal.citizenId ? undefined : principal.subject,
        roles: principal.roles,
        expiresAt: new Date(exp! * 1000).toISOString(),
        signIn,
      };
    } catch (error) {
      if (!(error instanceof AuthenticationFailed)) throw error;
      return { signedIn: false, expired: error.reason.en === 'the token has expired', signIn };
    }
  }

  @Post('development-session')
  @ApiOperation({ summary: 'Development only: sign the pages in with a role and a name (staff) or a CPR number (citizen)' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiNotFoundResponse({ description: 'Not offered here (production, or an identity provider is configured)' })
  async developmentSession(@Body() dto: DevelopmentSignInDto, @Res({ passthrough: true }) response: FastifyReply): Promise<{ home: string }> {
    if (!this.settings.development || !this.secret)
      throw new NotFound({ da: 'log ind til udvikling tilbydes ikke her', en: 'the development sign-in is not offered here' });
    const subject = dto.role === 'citizen' ? this.citizenIdOf(dto.cpr!) : dto.name!;
    const token = await mintDevelopmentToken(this.secret, { roles: [dto.role], subject, ttlSeconds: DEVELOPMENT_SESSION_SECONDS });
    setSessionCookie(response, token, new Date(Date.now() + DEVELOPMENT_SESSION_SECONDS * 1000), this.settings.secureCookies);
    return { home: homeOf([dto.role]) };
  }

  @Post('sign-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'End the pages’ session here, and say where the browser ends it at the identity provider' })
  @ApiOkResponse({ type: SignedOutView })
  @ApiForbiddenResponse({ description: `Not sent by the pages (the ${PAGE_REQUEST_HEADER} header): another site cannot sign a user out` })
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) response: FastifyReply): Promise<SignedOutView> {
    if (!sentByPage(request))
      throw new AccessDenied({
        da: `log ud skal komme fra siderne (headeren ${PAGE_REQUEST_HEADER})`,
        en: `signing out must come from the pages (the ${PAGE_REQUEST_HEADER} header)`,
      });
    clearSessionCookie(response, this.settings.secureCookies);
    return { next: (await this.oidc?.endSessionUrl()) ?? '/' };
  }

  @Get('oidc/sign-in')
  @ApiOperation({ summary: 'Start signing in at the identity provider (authorization code flow with PKCE)' })
  async oidcSignIn(@Query() query: ReturnToQuery, @Res() response: FastifyReply): Promise<void> {
    if (!this.oidc) throw new NotFound(NO_IDENTITY_PROVIDER);
    try {
      const { url, transactionCookie } = await this.oidc.begin(query.returnTo ?? '/');
      response.header('Set-Cookie', this.transactionCookie(transactionCookie, TRANSACTION_TTL_SECONDS));
      response.redirect(url, 303);
    } catch (error) {
      this.failed(response, error);
    }
  }

  @Get('oidc/callback')
  @ApiOperation({ summary: "The identity provider's answer: sets the session and goes back to the page" })
  async oidcCallback(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    if (!this.oidc) throw new NotFound(NO_IDENTITY_PROVIDER);
    response.header('Set-Cookie', this.transactionCookie('', 0));
    try {
      const transaction = request.headers.cookie ? parse(request.headers.cookie)[TRANSACTION_COOKIE] : undefined;
      const { accessToken, returnTo } = await this.oidc.complete(request.url, transaction);
      const principal = await this.verifier.verify(accessToken).catch((error: unknown) => {
        throw new SignInFailed('invalid', error instanceof Error ? error.message : 'the access token was not accepted');
      });
      if (principal.roles.length === 0) throw new SignInFailed('no-role', 'the identity provider gave this user no role here');
      setSessionCookie(response, accessToken, new Date(decodeJwt(accessToken).exp! * 1000), this.settings.secureCookies);
      response.redirect(isReturnPath(returnTo) && returnTo !== '/' ? returnTo : homeOf(principal.roles), 303);
    } catch (error) {
      this.failed(response, error);
    }
  }

  private citizenIdOf(cpr: string): string {
    const parsed = parseCpr(cpr);
    if (!parsed.ok) throw new Error('the DTO has checked the CPR number');
    return this.protector.citizenIdFor(parsed.cpr.digits);
  }

  private transactionCookie(value: string, maxAge: number): string {
    return serialize(TRANSACTION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      path: TRANSACTION_COOKIE_PATH,
      secure: this.settings.secureCookies,
      maxAge,
    });
  }

  /** A failed sign-in lands on the start page, which says why in the reader's language. */
  private failed(response: FastifyReply, error: unknown): void {
    if (!(error instanceof SignInFailed)) throw error;
    this.logger.warn(`sign-in failed (${error.failure}): ${error.message}`);
    response.redirect(`/?sign-in-error=${error.failure}`, 303);
  }
}
