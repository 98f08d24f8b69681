/** Sign-in: user name and password; the session is an HttpOnly cookie set by the server. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Session } from '../api';
import { useReady } from '../components/common';
import { Field } from '../components/fields';
import { useSession } from '../session';

export function Login() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useReady(true);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
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
        {error && (
          <p className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
