/**
 * Sign-in: user name and password, and single sign-on through the bank's identity provider when
 * the server has it on (GET /api/v1/auth/providers). The session is an HttpOnly cookie set by the
 * server; a single sign-on the server refused comes back here as /login?error=sso_refused|sso_failed.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Session } from '../api';
import { useReady } from '../components/common';
import { Field } from '../components/fields';
import { useSession } from '../session';

type Providers = { password: boolean; oidc: { label: string; start_url: string } | null };

/** The message for the error a failed single sign-on brought back in the address. */
function ssoErrorKey(): string | null {
  const error = new URLSearchParams(window.location.search).get('error');
  return error === 'sso_refused'
    ? 'login.ssoRefused'
    : error === 'sso_failed'
      ? 'login.ssoFailed'
      : null;
}

export function Login() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [ssoError, setSsoError] = useState(ssoErrorKey);
  const [busy, setBusy] = useState(false);
  // undefined while asking; null when the server could not say (password only then)
  const [providers, setProviders] = useState<Providers | null | undefined>(undefined);
  useEffect(() => {
    api<Providers>('/api/v1/auth/providers').then(setProviders, () => setProviders(null));
  }, []);
  useReady(providers !== undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSsoError(null);
    try {
      signedIn(
        await api<Session>('/api/v1/auth/login', {
          method: 'POST',
          body: { username: username.trim(), password },
        }),
      );
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401
          ? t('login.wrong')
          : status === 429
            ? t('login.tooMany')
            : t('error', { message: err instanceof Error ? err.message : String(err) }),
      );
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  const sso = providers?.oidc;
  return (
    <section className="login" aria-labelledby="login-title">
      <form className="panel form" onSubmit={submit}>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.hint')}</p>
        <Field
          id="login-username"
          label={t('login.username')}
          value={username}
          onChange={setUsername}
          autoComplete="username"
          required
          autoFocus
        />
        <Field
          id="login-password"
          type="password"
          label={t('login.password')}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          required
        />
        <button type="submit" id="login-submit" disabled={busy}>
          {t('login.submit')}
        </button>
        {sso && (
          <>
            <p className="muted">{t('login.or')}</p>
            <a className="button secondary" id="login-sso" href={sso.start_url}>
              {t('login.sso', { label: sso.label })}
            </a>
          </>
        )}
        {(error ?? ssoError) && (
          <p className="error" role="alert" data-testid="login-error">
            {error ?? t(ssoError!)}
          </p>
        )}
      </form>
    </section>
  );
}
