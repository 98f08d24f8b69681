/**
 * The app's pages and the navigation. Each page and navigation item names the permission it
 * needs, so the menu follows the signed-in user's permissions (GET /api/v1/auth/session).
 */
export type Page =
  | { page: 'war' }
  | { page: 'accounts' }
  | { page: 'workbench' }
  | { page: 'supervisor' }
  | { page: 'compliance' }
  | { page: 'account'; portfolio: string; accountId: string }
  | { page: 'missing' };

export type PageId = Page['page'];

export function route(path: string): Page {
  if (path === '/' || path === '/war-room' || path === '/login') return { page: 'war' };
  if (path === '/accounts') return { page: 'accounts' };
  if (path === '/workbench') return { page: 'workbench' };
  if (path === '/supervisor') return { page: 'supervisor' };
  if (path === '/compliance') return { page: 'compliance' };
  const m = /^\/accounts\/([^/]+)\/([^/]+)$/.exec(path);
  if (m)
    return {
      page: 'account',
      portfolio: decodeURIComponent(m[1]!),
      accountId: decodeURIComponent(m[2]!),
    };
  return { page: 'missing' };
}

export type NavItem = {
  to: string;
  /** i18n key of the label */
  key: string;
  /** the pages under this item (aria-current) */
  pages: readonly PageId[];
  /** the permission a user needs to see the item */
  permission: string;
};

/** The permission each page needs (the server checks every request the page makes anyway). */
export const pagePermission: Record<Exclude<PageId, 'missing'>, string> = {
  war: 'analytics.read',
  workbench: 'queues.work',
  accounts: 'portfolio.read',
  account: 'portfolio.read',
  supervisor: 'queues.read',
  compliance: 'compliance.read',
};

export const nav: readonly NavItem[] = [
  { to: '/', key: 'nav.warRoom', pages: ['war'], permission: pagePermission.war },
  {
    to: '/workbench',
    key: 'nav.workbench',
    pages: ['workbench'],
    permission: pagePermission.workbench,
  },
  {
    to: '/accounts',
    key: 'nav.accounts',
    pages: ['accounts', 'account'],
    permission: pagePermission.accounts,
  },
  {
    to: '/supervisor',
    key: 'nav.supervisor',
    pages: ['supervisor'],
    permission: pagePermission.supervisor,
  },
  {
    to: '/compliance',
    key: 'nav.compliance',
    pages: ['compliance'],
    permission: pagePermission.compliance,
  },
];

/** The items a user with these permissions sees. */
export function visibleNav(permissions: readonly string[]): NavItem[] {
  return nav.filter((n) => permissions.includes(n.permission));
}
