/**
 * The shell: header with the product name, the navigation the user's permissions allow, the
 * language switch and sign-out; the login page while signed out; the pages.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadState } from './components/common';
import { changeLanguage, languages, type Language } from './i18n';
import { pagePermission, route, visibleNav, type Page } from './nav';
import { Accounts } from './pages/Accounts';
import { AccountView } from './pages/AccountView';
import { Login } from './pages/Login';
import { WarRoom } from './pages/WarRoom';
import { Workbench } from './pages/Workbench';
import { Link, navigate, usePath } from './router';
import { SessionProvider, useSession } from './session';

const Supervisor = lazy(() =>
  import('./pages/Supervisor').then((m) => ({ default: m.Supervisor })),
);
const Compliance = lazy(() =>
  import('./pages/Compliance').then((m) => ({ default: m.Compliance })),
);

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { t, i18n } = useTranslation();
  const { user, can, signOut } = useSession();
  const path = usePath();
  const r = route(path);
  const items = user ? visibleNav(user.permissions) : [];
  // the landing page (and /login once signed in) opens the first page the user may see
  useEffect(() => {
    if (!user || items.length === 0) return;
    if (path === '/login' || (r.page === 'war' && !can(pagePermission.war))) navigate(items[0]!.to);
  }, [user, path, r.page, can, items]);
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="top">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            R
          </span>
          <span className="name">{t('product')}</span>
        </div>
        {user && (
          <nav aria-label={t('nav.main')}>
            <ul>
              {items.map((n) => (
                <li key={n.to}>
                  <Link
                    to={n.to}
                    aria-current={
                      (n.pages as readonly string[]).includes(r.page) ? 'page' : undefined
                    }
                  >
                    {t(n.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="header-end">
          {user && (
            <span className="who" data-testid="signed-in-as">
              {user.display_name}
              <span className="role">
                {' '}
                · {t(`userRoles.${user.role}`, { defaultValue: user.role })}
              </span>
            </span>
          )}
          <label className="field lang">
            <span className="sr-only">{t('language')}</span>
            <select
              id="language-select"
              value={i18n.language}
              onChange={(e) => void changeLanguage(e.target.value as Language)}
            >
              {languages.map((l) => (
                <option key={l.id} value={l.id} lang={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          {user && (
            <button
              type="button"
              id="sign-out"
              className="secondary"
              onClick={() => void signOut()}
            >
              {t('login.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {user === undefined ? (
          <LoadState error={null} />
        ) : user === null ? (
          <Login />
        ) : r.page !== 'missing' && !can(pagePermission[r.page]) ? (
          <p className="empty" data-testid="forbidden">
            {t('login.forbidden')}
          </p>
        ) : (
          <PageView r={r} />
        )}
      </main>
    </>
  );
}

function PageView({ r }: { r: Page }) {
  switch (r.page) {
    case 'war':
      return <WarRoom />;
    case 'accounts':
      return <Accounts />;
    case 'workbench':
      return <Workbench />;
    case 'account':
      return (
        <AccountView
          key={`${r.portfolio}/${r.accountId}`}
          portfolio={r.portfolio}
          accountId={r.accountId}
        />
      );
    case 'supervisor':
    case 'compliance':
      return (
        <Suspense fallback={<LoadState error={null} />}>
          {r.page === 'supervisor' ? <Supervisor /> : <Compliance />}
        </Suspense>
      );
    default:
      return <p className="empty">404</p>;
  }
}
