import { Logger } from '@nestjs/common';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { BaseClient, Issuer, errors, generators } from 'openid-client';

/** Why a sign-in could not be completed; the pages show each in words (never the provider's raw error). */
export type SignInFailure = 'refused' | 'expired' | 'invalid' | 'no-role' | 'unavailable';

export class SignInFailed extends Error {
  constructor(
    readonly failure: SignInFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret?: string;
  scope: string;
  /** The resource (RFC 8707) the access token is for: the API's audience. */
  resource?: string;
  redirectUri: string;
  /** Where the provider sends the browser back after signing it out there: the start page. */
  postLogoutRedirectUri: string;
  /** Encrypts the cookie that carries a sign-in in progress; random when unset. */
  secret?: string;
}

/** What a sign-in in progress must remember between the redirect and the callback. */
interface Transaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export const TRANSACTION_COOKIE = 'overgang-sign-in';
export const TRANSACTION_TTL_SECONDS = 600;

/**
 * The authorization code flow with PKCE, through openid-client: the provider is discovered on first
 * use (and again after a failure), the transaction travels encrypted in a short-lived cookie, so any
 * instance sharing the secret can finish a sign-in another began.
 */
export class OidcSignIn {
  private client?: Promise<BaseClient>;
  private readonly key: Uint8Array;
  private readonly logger = new Logger('SignIn');

  constructor(private readonly settings: OidcSettings) {
    this.key = settings.secret ? createHash('sha256').update(settings.secret).digest() : randomBytes(32);
  }

  private discover(): Promise<BaseClient> {
    if (!this.client) {
      this.client = Issuer.discover(this.settings.issuerUrl).then(
        (issuer) =>
          new issuer.Client({
            client_id: this.settings.clientId,
            client_secret: this.settings.clientSecret,
            redirect_uris: [this.settings.redirectUri],
            post_logout_redirect_uris: [this.settings.postLogoutRedirectUri],
            response_types: ['code'],
            token_endpoint_auth_method: this.settings.clientSecret ? 'client_secret_basic' : 'none',
          }),
      );
      this.client.catch((error: unknown) => {
        this.client = undefined;
        this.logger.warn(`the identity provider could not be discovered: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    return this.client.catch(() => {
      throw new SignInFailed('unavailable', 'the identity provider cannot be reached');
    });
  }

  /** Where to send the browser, and the cookie that remembers this attempt. */
  async begin(returnTo: string): Promise<{ url: string; transactionCookie: string }> {
    const client = await this.discover();
    const transaction: Transaction = { state: generators.state(), nonce: generators.nonce(), codeVerifier: generators.codeVerifier(), returnTo };
    const url = client.authorizationUrl({
      scope: this.settings.scope,
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: generators.codeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
      ...(this.settings.resource ? { resource: this.settings.resource } : {}),
    });
    const transactionCookie = await new EncryptJWT({ ...transaction })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${TRANSACTION_TTL_SECONDS}s`)
      .encrypt(this.key);
    return { url, transactionCookie };
  }

  /**
   * Where the browser ends its session at the provider too (RP-initiated logout), to come back to the start page;
   * undefined when the provider has no end-session endpoint or cannot be reached, as signing out here must not wait on it.
   */
  async endSessionUrl(): Promise<string | undefined> {
    try {
      const client = await this.discover();
      return client.issuer.metadata.end_session_endpoint ? client.endSessionUrl() : undefined;
    } catch {
      return undefined;
    }
  }

  /** The provider's answer, checked against the attempt: the access token and where the user was going. */
  async complete(callbackUrl: string, transactionCookie: string | undefined): Promise<{ accessToken: string; returnTo: string }> {
    const client = await this.discover();
    const transaction = await this.transactionOf(transactionCookie);
    const params = client.callbackParams(callbackUrl);
    if (params.error) throw new SignInFailed('refused', `the identity provider refused the sign-in (${params.error})`);
    try {
      const tokens = await client.callback(
        this.settings.redirectUri,
        params,
        { state: transaction.state, nonce: transaction.nonce, code_verifier: transaction.codeVerifier, response_type: 'code' },
        this.settings.resource ? { exchangeBody: { resource: this.settings.resource } } : undefined,
      );
      if (!tokens.access_token) throw new SignInFailed('invalid', 'the identity provider issued no access token');
      return { accessToken: tokens.access_token, returnTo: transaction.returnTo };
    } catch (error) {
      if (error instanceof SignInFailed) throw error;
      if (error instanceof errors.RPError || error instanceof errors.OPError)
        throw new SignInFailed('invalid', `the sign-in answer was not accepted: ${error.message}`);
      throw new SignInFailed('unavailable', 'the identity provider cannot be reached');
    }
  }

  private async transactionOf(cookie: string | undefined): Promise<Transaction> {
    if (!cookie) throw new SignInFailed('expired', 'no sign-in was started here, or it took too long');
    try {
      const { payload } = await jwtDecrypt(cookie, this.key);
      return payload as unknown as Transaction;
    } catch {
      throw new SignInFailed('expired', 'the sign-in was started too long ago, or elsewhere');
    }
  }
}
