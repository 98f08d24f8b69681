/**
 * A real OpenID Connect provider for tests (`oidc-provider`) on 127.0.0.1 and a random port: one
 * registered confidential client, PKCE required, its own accounts, and a login page of one field
 * (the account's subject) that a test drives over HTTP (`signInAtProvider`) or a browser fills.
 * Profile claims come from the userinfo endpoint, as the spec has it for the code flow.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Provider, type Context } from 'oidc-provider';
import type { OidcConfig } from '../../src/shared/config.js';

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The settings Recourse needs to use this provider, redirecting to the given callback. */
  settings(overrides?: Partial<OidcConfig>): OidcConfig;
  close(): Promise<void>;
};

/** The provider's accounts: subject -> claims (preferred_username, name, email ...). */
export type TestAccounts = Record<string, Record<string, unknown>>;

const html = (body: string): string =>
  `<!doctype html><html><head><title>Test IdP</title></head><body>${body}</body></html>`;

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closeServer = (server: http.Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * Starts the provider. `redirectUri` is the client's one registered callback; the login page
 * signs in the account whose subject is typed (an unknown one is asked again), or cancels.
 */
export async function startTestProvider(o: {
  redirectUri: string;
  accounts: TestAccounts;
}): Promise<TestProvider> {
  let handle: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handle(req, res));
  const issuer = await listen(server);
  const clientId = 'recourse';
  const clientSecret = randomBytes(24).toString('base64url');
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [o.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...key, use: 'sig', alg: 'RS256', kid: 'test' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'] },
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    findAccount: async (_ctx: unknown, sub: string) =>
      o.accounts[sub] && { accountId: sub, claims: async () => ({ ...o.accounts[sub], sub }) },
    // the client is first-party: no consent screen, the scopes it asks for are granted
    loadExistingGrant: async (ctx: Context) => {
      const id =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (id) return ctx.oidc.provider.Grant.find(id);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  const oidcHandler = provider.callback();
  handle = (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(req.url ?? '');
    if (!m) return oidcHandler(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (m[2] === '/abort') {
          await provider.interactionFinished(req, res, {
            error: 'access_denied',
            error_description: 'the person cancelled',
          });
        } else if (m[2] === '/login' && req.method === 'POST') {
          const sub = (await readForm(req)).get('login') ?? '';
          if (o.accounts[sub])
            await provider.interactionFinished(
              req,
              res,
              { login: { accountId: sub } },
              { mergeWithLastSubmission: false },
            );
          else res.writeHead(303, { location: `/interaction/${details.uid}` }).end();
        } else {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            html(`<form method="post" action="/interaction/${details.uid}/login">
              <label>Subject <input id="idp-login" name="login" autofocus></label>
              <button id="idp-submit" type="submit">Sign in</button></form>
              <form method="post" action="/interaction/${details.uid}/abort">
              <button id="idp-cancel" type="submit">Cancel</button></form>`),
          );
        }
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
      }
    })();
  };
  return {
    issuer,
    clientId,
    clientSecret,
    settings: (overrides = {}) => ({
      issuer,
      clientId,
      clientSecret,
      redirectUri: o.redirectUri,
      label: 'Test IdP',
      userClaim: 'preferred_username',
      scope: 'openid profile',
      ...overrides,
    }),
    close: () => closeServer(server),
  };
}

/**
 * Serves a Fastify app on 127.0.0.1 and a random port before it is built, so that the app's
 * settings can name its own address (the callback URL registered at the provider). Real HTTP:
 * the app answers through `routing` once `attach` is called.
 */
export async function reserveAppServer(): Promise<{
  base: string;
  attach: (app: FastifyInstance) => Promise<void>;
  close: () => Promise<void>;
}> {
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  const base = await listen(server);
  return {
    base,
    async attach(app) {
      await app.ready();
      handle = (req, res) => app.routing(req, res);
    },
    close: () => closeServer(server),
  };
}

/** A cookie jar for one site: what its Set-Cookie headers set, sent back as one Cookie header. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** Takes the Set-Cookie headers of a response (an expired or empty cookie is removed). */
  take(res: Response): this {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) ||
          (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return this;
  }

  header(): Record<string, string> {
    const pairs = [...this.cookies].map(([k, v]) => `${k}=${v}`);
    return pairs.length > 0 ? { cookie: pairs.join('; ') } : {};
  }
}

/**
 * Signs in at the provider as a person would, over HTTP with its own cookie jar: follows the
 * authorization URL to the login page, submits the subject (or cancels), and follows the
 * provider's redirects until it sends the browser elsewhere; returns that URL (the callback).
 */
export async function signInAtProvider(
  authorizationUrl: string,
  subject: string | null,
): Promise<URL> {
  const jar = new CookieJar();
  const issuer = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let method: 'GET' | 'POST' = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        ...jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    jar.take(res);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      if (url.origin !== issuer) return url;
      continue;
    }
    const page = await res.text();
    const uid = /\/interaction\/([\w-]+)\/login/.exec(page)?.[1];
    if (res.status !== 200 || !uid) throw new Error(`the provider answered ${res.status}: ${page}`);
    url = new URL(`/interaction/${uid}/${subject === null ? 'abort' : 'login'}`, issuer);
    method = 'POST';
    body = subject === null ? '' : new URLSearchParams({ login: subject }).toString();
  }
  throw new Error('the provider redirected too often');
}
