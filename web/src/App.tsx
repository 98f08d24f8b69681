/** The shell: header with the product name, navigation and the language switch; the pages. */
import { useTranslation } from 'react-i18next';
import { changeLanguage, languages, type Language } from './i18n';
import { Accounts } from './pages/Accounts';
import { AccountView } from './pages/AccountView';
import { WarRoom } from './pages/WarRoom';
import { Workbench } from './pages/Workbench';
import { Link, usePath } from './router';

type Route =
  | { page: 'war' }
  | { page: 'accounts' }
  | { page: 'workbench' }
  | { page: 'account'; portfolio: string; accountId: string }
  | { page: 'missing' };

function route(path: string): Route {
  if (path === '/' || path === '/war-room') return { page: 'war' };
  if (path === '/accounts') return { page: 'accounts' };
  if (path === '/workbench') return { page: 'workbench' };
  const m = /^\/accounts\/([^/]+)\/([^/]+)$/.exec(path);
  if (m)
    return {
      page: 'account',
      portfolio: decodeURIComponent(m[1]!),
      accountId: decodeURIComponent(m[2]!),
    };
  return { page: 'missing' };
}

const nav = [
  { to: '/', key: 'nav.warRoom', pages: ['war'] },
  { to: '/workbench', key: 'nav.workbench', pages: ['workbench'] },
  { to: '/accounts', key: 'nav.accounts', pages: ['accounts', 'account'] },
] as const;

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
            {nav.map((n) => (
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
        {r.page === 'missing' && <p className="empty">404</p>}
      </main>
    </>
  );
}
