// A real OpenID provider for the tests and for trying single sign-on locally: the npm package
// oidc-provider (a certified implementation) with its development login and consent pages, which
// take any password. Usage: node scripts/oidc-provider.mjs PORT
//
// Its one client is `sendcase-test` with secret `test-secret`, a "native" client so that its
// loopback redirect URI matches sendcase on any port of 127.0.0.1 (RFC 8252, 7.3).
// Its people (sign in with the login given here as the "username"):
//   caseworker  la.caseworker@example.org, email verified (the demo's council caseworker)
//   manager     la.manager@example.org, email verified, and the provider asserts MFA (amr mfa)
//   unverified  la.caseworker@example.org, the provider not vouching for the address
//   newcomer    new.starter@example.org, email verified, no account in sendcase
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 4000);
const issuer = `http://127.0.0.1:${port}`;

const people = {
  caseworker: { email: 'la.caseworker@example.org', email_verified: true, name: 'Casey Caseworker' },
  manager: { email: 'la.manager@example.org', email_verified: true, name: 'Morgan Manager', amr: ['pwd', 'mfa'] },
  unverified: { email: 'la.caseworker@example.org', email_verified: false, name: 'Una Verified' },
  newcomer: { email: 'new.starter@example.org', email_verified: true, name: 'Nia Newcomer' },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'sendcase-test',
    client_secret: 'test-secret',
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/sign-in/sso/test/callback'],
  }],
  // `amr` is in the `openid` scope so that the ID token carries it (the provider drops claims
  // that no scope asked for).
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: async (_ctx, sub) => people[sub] && {
    accountId: sub,
    claims: async () => {
      const { amr: _amr, ...claims } = people[sub];
      return { sub, ...claims };
    },
  },
  // The email goes in the ID token as Entra ID puts it there; sendcase asks user info otherwise.
  conformIdTokenClaims: false,
  cookies: { keys: ['test-only-not-a-secret'] },
  pkce: { required: () => true },
});

// The development login page says only who signed in; the provider's word on how they did so
// (the `amr` claim) is added here for the people given one, as a real provider's login would.
const finished = provider.interactionFinished.bind(provider);
provider.interactionFinished = (req, res, result, options) => {
  const amr = result.login && people[result.login.accountId]?.amr;
  if (amr) result.login.amr = amr;
  return finished(req, res, result, options);
};

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider at ${issuer}`));
