// A real OpenID Provider (panva's oidc-provider, ESM only, so in a process of its own) on loopback:
// authorization code flow with PKCE, its development login form (any login name, any password),
// and access tokens as JWTs for the API's audience, with the account's roles in a `roles` claim.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const { port, clientId, redirectUri, postLogoutRedirectUri, audience, roles } = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' ? { roles: roles[token.accountId] ?? [] } : undefined),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'overgang', audience, accessTokenTTL: 600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  ttl: { AccessToken: 600, IdToken: 600 },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${issuer}\n`));
