import { ExecutionContext } from '@nestjs/common';
import { JWK, KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Reflector } from '@nestjs/core';
import { Metrics } from '../metrics/metrics';
import { mintDevelopmentToken } from './development-tokens';
import { AuthenticationFailed, IdentityProviderUnavailable } from './auth-errors';
import { AuthGuard } from './auth.guard';
import { AuthenticatedRequest } from './principal';
import { Public, Roles } from './roles';
import { TokenVerifier } from './token-verifier';
import { RequestAuthenticator } from './request-authenticator';

const secret = new TextEncoder().encode('unit-test-secret-unit-test-secret-unit');
const CITIZEN_ID = 'abcdefghijklmnopqrstuvwxyz234567';

class Routes {
  @Roles('support')
  forSupport() {}
  declaresNothing() {}
  @Public()
  open() {}
}

function contextFor(handler: keyof Routes, authorization?: string): { context: ExecutionContext; request: AuthenticatedRequest } {
  const request = { headers: authorization ? { authorization } : {} } as AuthenticatedRequest;
  const context = {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AuthGuard', () => {
  const metrics = new Metrics();
  const verifier = new TokenVerifier({ secret, rolesClaim: 'roles' }, (digits) => `hash-of-${digits.length}-digits`);
  const guard = new AuthGuard(new Reflector(), new RequestAuthenticator(verifier), metrics);
  const bearer = async (roles: string[], subject = 'agent-7') =>
    `Bearer ${await mintDevelopmentToken(secret, { roles: roles as never, subject, ttlSeconds: 60 })}`;

  it('deny by default: a route that declares no role is refused even to a valid token', async () => {
    const { context } = contextFor('declaresNothing', await bearer(['agency', 'support', 'citizen-service']));
    await expect(guard.canActivate(context)).rejects.toThrow('this endpoint declares no role, so it is refused to everyone');
  });

  it('lets a declared role through and hands the route the principal', async () => {
    const { context, request } = contextFor('forSupport', await bearer(['support']));
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual({ subject: 'agent-7', roles: ['support'], citizenId: undefined });
  });

  it('ignores roles it does not know (a token cannot invent one)', async () => {
    const { context, request } = contextFor('forSupport', await bearer(['superuser', 'support']));
    await guard.canActivate(context);
    expect(request.principal?.roles).toEqual(['support']);
  });

  it('a public route needs no token', async () => {
    await expect(guard.canActivate(contextFor('open').context)).resolves.toBe(true);
  });

  it('no token is 401 and counted', async () => {
    const before = (await metrics.authRefusals.get()).values.find((v) => v.labels.status === '401')?.value ?? 0;
    await expect(guard.canActivate(contextFor('forSupport').context)).rejects.toBeInstanceOf(AuthenticationFailed);
    const after = (await metrics.authRefusals.get()).values.find((v) => v.labels.status === '401')?.value;
    expect(after).toBe(before + 1);
  });
});

describe('TokenVerifier: who a citizen is', () => {
  it("a citizen's subject is their citizenId when it has that shape", async () => {
    const verifier = new TokenVerifier({ secret, rolesClaim: 'roles' }, () => 'unused');
    const token = await mintDevelopmentToken(secret, { roles: ['citizen'], subject: CITIZEN_ID, ttlSeconds: 60 });
    expect(await verifier.verify(token)).toEqual({ subject: CITIZEN_ID, roles: ['citizen'], citizenId: CITIZEN_ID });
  });

  it("with a CPR claim configured, the claim is hashed into the citizenId (the broker's subject stays the subject)", async () => {
    const verifier = new TokenVerifier({ secret, rolesClaim: 'roles', citizenCprClaim: 'cpr' }, (digits) => `id-for-${digits}`);
    const token = await new SignJWT({ roles: ['citizen'], cpr: '070761-4285' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('broker-pseudonym')
      .setExpirationTime('1m')
      .sign(secret);
    expect(await verifier.verify(token)).toEqual({ subject: 'broker-pseudonym', roles: ['citizen'], citizenId: 'id-for-0707614285' });
  });

  it('a staff token never carries a citizenId, and a token without exp is refused', async () => {
    const verifier = new TokenVerifier({ secret, rolesClaim: 'roles' }, () => 'unused');
    const staff = await mintDevelopmentToken(secret, { roles: ['support'], subject: CITIZEN_ID, ttlSeconds: 60 });
    expect((await verifier.verify(staff)).citizenId).toBeUndefined();
    const forever = await new SignJWT({ roles: ['agency'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(secret);
    await expect(verifier.verify(forever)).rejects.toThrow("the token's exp claim is not accepted");
  });

  it('a token it has verified before is still refused once it expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-05T10:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const verifier = new TokenVerifier({ secret, rolesClaim: 'roles' }, () => 'unused');
      const token = await mintDevelopmentToken(secret, { roles: ['support'], subject: 'agent-7', ttlSeconds: 60 });
      expect((await verifier.verify(token)).subject).toBe('agent-7');
      jest.setSystemTime(new Date('2026-01-05T10:01:20Z'));
      expect((await verifier.verify(token)).subject).toBe('agent-7');
      // 60 s of life and 30 s of clock tolerance are over.
      jest.setSystemTime(new Date('2026-01-05T10:01:31Z'));
      await expect(verifier.verify(token)).rejects.toThrow('the token has expired');
    } finally {
      jest.useRealTimers();
    }
  });

  it('roles may come as a space-separated string under a configured claim', async () => {
    const verifier = new TokenVerifier({ secret, rolesClaim: 'scope' }, () => 'unused');
    const token = await new SignJWT({ scope: 'openid agency support' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1m')
      .sign(secret);
    expect((await verifier.verify(token)).roles).toEqual(['agency', 'support']);
  });
});

describe('TokenVerifier: production keys from a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  const keys: Record<string, { privateKey: KeyLike; kid: string }> = {};

  beforeAll(async () => {
    const published: JWK[] = [];
    for (const alg of ['RS256', 'ES256']) {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      keys[alg] = { privateKey, kid: `key-${alg}` };
      published.push({ ...(await exportJWK(publicKey)), kid: `key-${alg}`, alg, use: 'sig' });
    }
    server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const signed = (alg: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ roles: ['support'], ...claims })
      .setProtectedHeader({ alg, kid: keys[alg].kid })
      .setSubject('agent-9')
      .setIssuer('https://idp.example')
      .setAudience('overgang')
      .setExpirationTime('5m')
      .sign(keys[alg].privateKey);

  it.each(['RS256', 'ES256'])('accepts a %s token signed with a published key, checking issuer and audience', async (alg) => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'overgang', rolesClaim: 'roles' }, () => 'unused');
    expect(await verifier.verify(await signed(alg))).toEqual({ subject: 'agent-9', roles: ['support'], citizenId: undefined });
  });

  it('answers 503 (not 401) when the key set cannot be fetched: the caller did nothing wrong', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const verifier = new TokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks`, rolesClaim: 'roles' }, () => 'unused');
    await expect(verifier.verify(await signed('RS256'))).rejects.toBeInstanceOf(IdentityProviderUnavailable);
    const failing = createServer((_, response) => response.writeHead(500).end());
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/jwks`;
    try {
      await expect(new TokenVerifier({ jwksUrl: failingUrl, rolesClaim: 'roles' }, () => 'unused').verify(await signed('RS256'))).rejects.toBeInstanceOf(
        IdentityProviderUnavailable,
      );
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });

  it('refuses a wrong audience, and an HS256 token however it is signed', async () => {
    const verifier = new TokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'another-service', rolesClaim: 'roles' }, () => 'unused');
    await expect(verifier.verify(await signed('RS256'))).rejects.toThrow("the token's aud claim is not accepted");
    const hs256 = await mintDevelopmentToken(secret, { roles: ['agency'], subject: 'x', ttlSeconds: 60 });
    await expect(verifier.verify(hs256)).rejects.toThrow('the token is signed with an algorithm this service does not accept');
  });
});
