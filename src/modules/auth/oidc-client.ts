/**
 * The bank's OpenID Connect provider as Recourse talks to it (openid-client): its metadata
 * discovered from the issuer on first use (not at start, so a provider that is down does not stop
 * the server, and password sign-in keeps working), then kept. A failed discovery is retried by the
 * next sign-in.
 */
import * as oidc from 'openid-client';
import type { OidcConfig } from '../../shared/config.js';

export type OidcClient = {
  readonly settings: OidcConfig;
  /** The provider's metadata and this client's credentials. */
  configuration(): Promise<oidc.Configuration>;
};

/** Seconds a request to the provider may take. */
const timeoutSeconds = 10;

/**
 * The client authentication the provider supports: client_secret_basic unless the provider lists
 * only client_secret_post (basic is the default of the OpenID Connect Discovery spec).
 */
function clientAuthentication(m: oidc.ServerMetadata, secret: string): oidc.ClientAuth {
  const methods = m.token_endpoint_auth_methods_supported;
  return methods &&
    !methods.includes('client_secret_basic') &&
    methods.includes('client_secret_post')
    ? oidc.ClientSecretPost(secret)
    : oidc.ClientSecretBasic(secret);
}

export function oidcClient(settings: OidcConfig): OidcClient {
  // a provider on the loopback interface may be reached over plain HTTP (config allows no other)
  const insecure = new URL(settings.issuer).protocol === 'http:';
  let pending: Promise<oidc.Configuration> | undefined;
  const discover = async (): Promise<oidc.Configuration> => {
    const found = await oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      undefined,
      undefined,
      { timeout: timeoutSeconds, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
    const metadata = found.serverMetadata();
    const config = new oidc.Configuration(
      metadata,
      settings.clientId,
      undefined,
      clientAuthentication(metadata, settings.clientSecret),
    );
    config.timeout = timeoutSeconds;
    if (insecure) oidc.allowInsecureRequests(config);
    return config;
  };
  return {
    settings,
    configuration() {
      pending ??= discover().catch((e: unknown) => {
        pending = undefined;
        throw e;
      });
      return pending;
    },
  };
}
