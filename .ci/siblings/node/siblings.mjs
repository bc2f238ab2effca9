// The HTTP side of .ci/checks/45-sibling-services.sh, against the live service and the two example siblings.
// 1. openid-client (a certified OAuth/OIDC client library) discovers the issuer and gets a client-credentials
//    token, client_secret_basic; the token works on the permission check; a wrong secret is invalid_client.
//    RFC 6749 errors (unsupported_grant_type, invalid_scope) asked with raw requests.
// 2. caller (quarkus-oidc-client + @OidcClientFilter) calls catalog (quarkus-smallrye-jwt + @RolesAllowed):
//    catalog's answer comes back through the client's own token; catalog refuses no token and a token without the role.
// 3. the client disabled by a superuser through the admin API: the permission check refuses its tokens at once
//    (401 TOKEN_REVOKED), also when catalog asks it with caller's token; no new token is issued.
// Prints `  ok   ...` / `  FAIL ...` lines; exits 1 on any failure. Tokens and secrets are never printed.
import * as client from 'openid-client';

const env = (name) => {
  const v = process.env[name];
  if (!v) { console.error(`siblings: ${name} is not set`); process.exit(2); }
  return v;
};
const ISSUER = env('AUTH_ISSUER');
const CLIENT_ID = env('CLIENT_ID');
const CLIENT_SECRET = env('CLIENT_SECRET');
const ROLE = env('CLIENT_ROLE');
const SCOPE = env('CLIENT_SCOPE');
const CALLER = env('CALLER_URL');
const CATALOG = env('CATALOG_URL');
const SU_USER = env('SUPERUSER_USERNAME');
const SU_PASSWORD = env('SUPERUSER_PASSWORD');

let failures = 0;
const check = (cond, what) => {
  console.log(`  ${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
  return cond;
};
const section = (title) => console.log(`-- ${title}`);

async function http(method, url, { headers = {}, body, form, token } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload;
  if (form) { payload = new URLSearchParams(form).toString(); h['Content-Type'] = 'application/x-www-form-urlencoded'; }
  if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
  const res = await fetch(url, { method, headers: h, body: payload });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}
const brief = (r) => `${r.status} ${(r.text || '').slice(0, 160).replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<jwt>')}`;
const basic = (id, secret) =>
  'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const authzCheck = (token) => http('GET', `${ISSUER}/api/v1/authz/check?role=${encodeURIComponent(ROLE)}`, { token });

async function main() {
  section(`openid-client ${client.clientCredentialsGrant ? '6' : '?'}: discovery of ${ISSUER} and client credentials`);
  // allowInsecureRequests: openid-client's documented opt-out of its https-only rule, for this plain-http test issuer
  const config = await client.discovery(new URL(ISSUER), CLIENT_ID, undefined, client.ClientSecretBasic(CLIENT_SECRET),
    { execute: [client.allowInsecureRequests] });
  const meta = config.serverMetadata();
  check(meta.issuer === ISSUER, `discovery: issuer ${meta.issuer}`);
  check(meta.token_endpoint === `${ISSUER}/oauth2/token`, `discovery: token_endpoint ${meta.token_endpoint}`);
  check((meta.grant_types_supported || []).includes('client_credentials')
    && (meta.token_endpoint_auth_methods_supported || []).includes('client_secret_basic'),
    'discovery: client_credentials grant and client_secret_basic announced');

  const tokens = await client.clientCredentialsGrant(config, { scope: SCOPE });
  check(tokens.token_type?.toLowerCase() === 'bearer' && typeof tokens.access_token === 'string'
    && tokens.expires_in > 0 && !tokens.refresh_token,
    `clientCredentialsGrant: Bearer token, expires_in ${tokens.expires_in}, no refresh token`);
  check(tokens.scope === SCOPE, `granted scope "${tokens.scope}"`);
  const c = claims(tokens.access_token);
  check(c.iss === ISSUER && c.sub === CLIENT_ID && c.client_id === CLIENT_ID && !c.sid
    && JSON.stringify(c.groups) === JSON.stringify([ROLE]) && c.aud && [].concat(c.aud).includes('cinema'),
    `token claims: iss, sub = client_id, aud cinema, groups [${c.groups}], no sid`);
  const nodeToken = tokens.access_token;

  let r = await authzCheck(nodeToken);
  check(r.status === 200 && r.json?.allowed === true && r.json?.client_id === CLIENT_ID && !r.json?.user_id,
    `GET /api/v1/authz/check?role=${ROLE} with the token: allowed, client_id (${brief(r)})`);
  r = await http('GET', `${ISSUER}/api/v1/authz/check?role=someone-else`, { token: nodeToken });
  check(r.status === 200 && r.json?.allowed === false, `a role the client lacks: allowed false (${r.status})`);
  r = await http('GET', `${ISSUER}/api/v1/account`, { token: nodeToken });
  check(r.status === 403 && r.json?.code === 'FORBIDDEN', `the client token on a user endpoint: 403 FORBIDDEN (${r.status})`);

  section('errors as RFC 6749 §5.2');
  const wrong = await client.discovery(new URL(ISSUER), CLIENT_ID, undefined,
    client.ClientSecretBasic(CLIENT_SECRET.slice(0, -2) + (CLIENT_SECRET.endsWith('AA') ? 'BB' : 'AA')),
    { execute: [client.allowInsecureRequests] });
  try {
    await client.clientCredentialsGrant(wrong);
    check(false, 'a wrong secret was refused');
  } catch (e) {
    // oauth4webapi reports a 401 with a challenge as WWWAuthenticateChallengeError, a plain error body as ResponseBodyError
    const code = e.error ?? e.cause?.error ?? e.cause?.[0]?.parameters?.error;
    const res = e.response;
    let body = null;
    try { body = res ? await res.clone().json() : null; } catch { /* no JSON */ }
    check(e.status === 401 && (code === 'invalid_client' || body?.error === 'invalid_client'),
      `a wrong secret, through openid-client: ${e.name} ${e.status} ${code ?? body?.error}`);
    check(/^Basic/i.test(res?.headers.get('www-authenticate') ?? ''),
      `... with WWW-Authenticate: ${res?.headers.get('www-authenticate')}`);
  }
  const endpoint = meta.token_endpoint;
  r = await http('POST', endpoint, { headers: { Authorization: basic(CLIENT_ID, CLIENT_SECRET + 'x') },
    form: { grant_type: 'client_credentials' } });
  check(r.status === 401 && r.json?.error === 'invalid_client' && /^Basic/.test(r.headers.get('www-authenticate') ?? '')
    && r.headers.get('cache-control')?.includes('no-store'),
    `raw: wrong secret 401 invalid_client, WWW-Authenticate Basic, no-store (${brief(r)})`);
  r = await http('POST', endpoint, { headers: { Authorization: basic(CLIENT_ID, CLIENT_SECRET) },
    form: { grant_type: 'password', username: 'x', password: 'y' } });
  check(r.status === 400 && r.json?.error === 'unsupported_grant_type', `raw: grant_type=password 400 unsupported_grant_type (${brief(r)})`);
  r = await http('POST', endpoint, { headers: { Authorization: basic(CLIENT_ID, CLIENT_SECRET) },
    form: { grant_type: 'client_credentials', scope: `${SCOPE} admin:everything` } });
  check(r.status === 400 && r.json?.error === 'invalid_scope', `raw: a scope outside the client's 400 invalid_scope (${brief(r)})`);
  r = await http('POST', endpoint, { form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET } });
  check(r.status === 200 && r.json?.scope === SCOPE, `raw: client_secret_post 200, every scope of the client when none is asked (${r.status})`);

  section('caller (quarkus-oidc-client, @OidcClientFilter) -> catalog (quarkus-smallrye-jwt, @RolesAllowed)');
  r = await http('GET', `${CALLER}/films`);
  check(r.status === 200 && Array.isArray(r.json?.films) && r.json.films.length > 0,
    `GET caller /films: catalog's film list came back (${r.status})`);
  check(r.json?.caller === CLIENT_ID && JSON.stringify(r.json?.groups) === JSON.stringify([ROLE]) && r.json?.scope === SCOPE,
    `catalog saw caller's own client token: principal = client_id, groups [${r.json?.groups}], scope "${r.json?.scope}"`);
  r = await http('GET', `${CALLER}/films/live`);
  check(r.status === 200 && r.json?.checked_by === 'permission-check' && r.json?.caller === CLIENT_ID,
    `GET caller /films/live: catalog asked the permission check with caller's token, allowed (${r.status})`);
  r = await http('GET', `${CATALOG}/catalog/films`);
  check(r.status === 401, `catalog without a token: 401 (${r.status})`);
  r = await http('GET', `${CATALOG}/catalog/films`, { token: nodeToken.slice(0, -4) + 'AAAA' });
  check(r.status === 401, `catalog with a token whose signature is broken: 401 (${r.status})`);
  r = await http('GET', `${CATALOG}/catalog/films`, { token: nodeToken });
  check(r.status === 200 && r.json?.caller === CLIENT_ID, `catalog with openid-client's token of the same client: 200 (${r.status})`);

  section('a superuser (admin API) and a client without the role');
  r = await http('POST', `${ISSUER}/api/v1/auth/login`, { body: { login: SU_USER, password: SU_PASSWORD } });
  if (!check(r.status === 200 && r.json?.access_token, `superuser login (${r.status})`)) return;
  const admin = r.json.access_token;
  r = await http('GET', `${ISSUER}/api/v1/clients`, { token: admin });
  const listed = Array.isArray(r.json) ? r.json : (r.json?.items ?? r.json?.content ?? []);
  const mine = listed.find((x) => x.client_id === CLIENT_ID);
  if (!check(r.status === 200 && mine?.id, `GET /api/v1/clients lists the CLI's client (${r.status})`)) return;
  r = await http('POST', `${ISSUER}/api/v1/clients`, { token: admin, body: { name: 'roleless sibling', scopes: [SCOPE], roles: [] } });
  if (check(r.status === 201 && r.json?.client_secret, `POST /api/v1/clients: a client with no role (${r.status})`)) {
    const other = await client.discovery(new URL(ISSUER), r.json.client_id, undefined,
      client.ClientSecretBasic(r.json.client_secret), { execute: [client.allowInsecureRequests] });
    const t = await client.clientCredentialsGrant(other);
    const denied = await http('GET', `${CATALOG}/catalog/films`, { token: t.access_token });
    check(denied.status === 403, `catalog with a valid token lacking role ${ROLE}: 403 (${denied.status})`);
  }

  section(`disable the client (PATCH /api/v1/clients/${mine.id} {"active": false})`);
  r = await http('PATCH', `${ISSUER}/api/v1/clients/${mine.id}`, { token: admin, body: { active: false } });
  check(r.status === 200 && r.json?.active === false, `PATCH active false: 200 (${brief(r)})`);
  // no wait, no retry: "at once"
  r = await authzCheck(nodeToken);
  check(r.status === 401 && r.json?.code === 'TOKEN_REVOKED'
    && /invalid_token/.test(r.headers.get('www-authenticate') ?? ''),
    `the permission check refuses the client's token at once: 401 TOKEN_REVOKED, WWW-Authenticate ${r.headers.get('www-authenticate')}`);
  r = await http('GET', `${CALLER}/films/live`);
  check(r.status === 401 && r.json?.code === 'TOKEN_REVOKED',
    `caller -> catalog -> permission check with caller's cached token: 401 TOKEN_REVOKED at once (${brief(r)})`);
  r = await http('GET', `${ISSUER}/api/v1/authz/forward?role=${encodeURIComponent(ROLE)}`, { token: nodeToken });
  check(r.status === 401 && r.headers.get('x-auth-error') === 'TOKEN_REVOKED',
    `forward authentication refuses it too: 401 X-Auth-Error ${r.headers.get('x-auth-error')}`);
  r = await http('GET', `${CALLER}/films`);
  check(r.status === 200,
    `catalog's signature-only endpoint still takes caller's token until it expires, as the contract says (${r.status})`);
  try {
    await client.clientCredentialsGrant(config, { scope: SCOPE });
    check(false, 'a disabled client gets no new token');
  } catch (e) {
    check(e.status === 401, `a disabled client gets no new token: ${e.name} ${e.status}`);
  }
}

try {
  await main();
} catch (e) {
  check(false, `unexpected error: ${e.name}: ${e.message}${e.cause ? ` (${JSON.stringify(e.cause).slice(0, 200)})` : ''}`);
}
console.log(failures ? `siblings: ${failures} FAILED` : 'siblings: all passed');
process.exit(failures ? 1 : 0);
