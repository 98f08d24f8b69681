/** The shell: header with the product name, navigation and the language switch; the pages. */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadState } from './components/common';
import { changeLanguage, languages, type Language } from './i18n';
import { Accounts } from './pages/Accounts';
import { AccountView } from './pages/AccountView';
import { WarRoom } from './pages/WarRoom';
import { Workbench } from './pages/Workbench';
import { route, visibleNav } from './nav';
import { Link, usePath } from './router';

const Supervisor = lazy(() =>
  import('./pages/Supervisor').then((m) => ({ default: m.Supervisor })),
);
const Compliance = lazy(() =>
  import('./pages/Compliance').then((m) => ({ default: m.Compliance })),
);

export function App() {
  const { t, i18n } = useTranslation();
  const path = usePath();
  const r = route(path);
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
        <nav aria-label={t('nav.main')}>
          <ul>
            {visibleNav(null).map((n) => (
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
      </header>
      <main id="main" tabIndex={-1}>
        {r.page === 'war' && <WarRoom />}
        {r.page === 'accounts' && <Accounts />}
        {r.page === 'workbench' && <Workbench />}
        {r.page === 'account' && (
          <AccountView
            key={`${r.portfolio}/${r.accountId}`}
            portfolio={r.portfolio}
            accountId={r.accountId}
          />
        )}
        {(r.page === 'supervisor' || r.page === 'compliance') && (
          <Suspense fallback={<LoadState error={null} />}>
            {r.page === 'supervisor' ? <Supervisor /> : <Compliance />}
          </Suspense>
        )}
        {r.page === 'missing' && <p className="empty">404</p>}
      </main>
    </>
  );
}
