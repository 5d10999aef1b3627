import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { OidcSignIn } from './oidc-sign-in';

const settings = (issuerUrl: string) => ({
  issuerUrl,
  clientId: 'overgang-pages',
  scope: 'openid',
  redirectUri: 'https://overgang.example/auth/oidc/callback',
  postLogoutRedirectUri: 'https://overgang.example/',
});

/** A provider that only publishes its discovery document, with `extra` endpoints beside the required ones. */
async function withProvider(extra: Record<string, string>, run: (issuer: string) => Promise<void>): Promise<void> {
  const provider = createHttpServer((request, response) => {
    const issuer = `http://${request.headers.host}`;
    const endpoints = Object.fromEntries(Object.entries(extra).map(([name, path]) => [name, `${issuer}${path}`]));
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, ...endpoints }));
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(provider.address() as { port: number }).port}`);
  } finally {
    await new Promise((resolve) => provider.close(resolve));
  }
}

describe('OidcSignIn: signing out at the provider', () => {
  it('names this client and the start page to come back to', () =>
    withProvider({ end_session_endpoint: '/session/end' }, async (issuer) => {
      const url = new URL((await new OidcSignIn(settings(issuer)).endSessionUrl())!);
      expect(url.origin + url.pathname).toBe(`${issuer}/session/end`);
      expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'overgang-pages', post_logout_redirect_uri: 'https://overgang.example/' });
    }));

  it('a provider without an end-session endpoint signs out here only', () =>
    withProvider({}, async (issuer) => {
      await expect(new OidcSignIn(settings(issuer)).endSessionUrl()).resolves.toBeUndefined();
    }));

  it('a provider that cannot be reached does not hold up signing out here', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    await expect(new OidcSignIn(settings(`http://127.0.0.1:${port}`)).endSessionUrl()).resolves.toBeUndefined();
  });
});
