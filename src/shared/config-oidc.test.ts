import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from './config.js';
import { isAppError } from './errors.js';

const required = {
  RECOURSE_OIDC_ISSUER: 'https://idp.bank.example/realms/staff',
  RECOURSE_OIDC_CLIENT_ID: 'recourse',
  RECOURSE_OIDC_CLIENT_SECRET: 'oidc-client-s3cret',
  RECOURSE_OIDC_REDIRECT_URI: 'https://recourse.bank.example/api/v1/auth/oidc/callback',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (isAppError(e) && e.code === 'config_invalid') return e.message;
    throw e;
  }
  throw new Error('expected config_invalid');
}

describe('single sign-on settings', () => {
  it('are off when none is set', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(describeConfig(loadConfig({})).oidc).toBeNull();
  });

  it('read the four required settings, with defaults for the rest', () => {
    expect(loadConfig(required).oidc).toEqual({
      issuer: required.RECOURSE_OIDC_ISSUER,
      clientId: 'recourse',
      clientSecret: 'oidc-client-s3cret',
      redirectUri: required.RECOURSE_OIDC_REDIRECT_URI,
      label: 'idp.bank.example',
      userClaim: 'preferred_username',
      scope: 'openid profile',
    });
  });

  it('read the label, the claim and the scopes', () => {
    const c = loadConfig({
      ...required,
      RECOURSE_OIDC_LABEL: ' 工银统一认证 ',
      RECOURSE_OIDC_USER_CLAIM: 'sub',
      RECOURSE_OIDC_SCOPE: 'openid email',
    });
    expect(c.oidc).toMatchObject({
      label: '工银统一认证',
      userClaim: 'sub',
      scope: 'openid email',
    });
  });

  it('allow plain HTTP only for a provider and callback on this host', () => {
    const c = loadConfig({
      ...required,
      RECOURSE_OIDC_ISSUER: 'http://127.0.0.1:8080',
      RECOURSE_OIDC_REDIRECT_URI: 'http://localhost:3000/api/v1/auth/oidc/callback',
    });
    expect(c.oidc?.issuer).toBe('http://127.0.0.1:8080');
  });

  it.each(Object.keys(required))('refuse a partial configuration without %s', (name) => {
    const env: Record<string, string> = { ...required };
    delete env[name];
    const message = refusal(env);
    expect(message).toContain('OpenID Connect sign-in needs');
    expect(message).toContain(name);
    expect(message).not.toContain('oidc-client-s3cret');
  });

  it('refuse an optional setting alone, naming all four required ones', () => {
    const message = refusal({ RECOURSE_OIDC_LABEL: 'Bank SSO' });
    for (const name of Object.keys(required)) expect(message).toContain(name);
  });

  it.each([
    ['RECOURSE_OIDC_ISSUER', 'http://idp.bank.example'],
    ['RECOURSE_OIDC_ISSUER', 'idp.bank.example'],
    ['RECOURSE_OIDC_REDIRECT_URI', 'https://recourse.bank.example/callback'],
    ['RECOURSE_OIDC_REDIRECT_URI', 'http://recourse.bank.example/api/v1/auth/oidc/callback'],
    ['RECOURSE_OIDC_REDIRECT_URI', `${required.RECOURSE_OIDC_REDIRECT_URI}?next=/`],
    ['RECOURSE_OIDC_USER_CLAIM', 'preferred username'],
    ['RECOURSE_OIDC_SCOPE', 'profile email'],
    ['RECOURSE_OIDC_SCOPE', 'openid  profile'],
    ['RECOURSE_OIDC_LABEL', 'x'.repeat(61)],
  ])('refuse %s=%j', (name, value) => {
    expect(refusal({ ...required, [name]: value })).toContain(name);
  });

  it('are described with the client secret masked', () => {
    const d = describeConfig(loadConfig(required));
    expect(d.oidc).toMatchObject({ issuer: required.RECOURSE_OIDC_ISSUER, clientSecret: '***' });
    expect(JSON.stringify(d)).not.toContain('oidc-client-s3cret');
  });
});
