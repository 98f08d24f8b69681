/**
 * The app's pages and the navigation. Each navigation item names the permission it needs, so
 * the menu follows the signed-in user's permissions (every item shows while there is no session).
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
  if (path === '/' || path === '/war-room') return { page: 'war' };
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

export const nav: readonly NavItem[] = [
  { to: '/', key: 'nav.warRoom', pages: ['war'], permission: 'analytics.read' },
  { to: '/workbench', key: 'nav.workbench', pages: ['workbench'], permission: 'queues.work' },
  {
    to: '/accounts',
    key: 'nav.accounts',
    pages: ['accounts', 'account'],
    permission: 'portfolio.read',
  },
  {
    to: '/supervisor',
    key: 'nav.supervisor',
    pages: ['supervisor'],
    permission: 'queues.supervise',
  },
  {
    to: '/compliance',
    key: 'nav.compliance',
    pages: ['compliance'],
    permission: 'compliance.read',
  },
];

/** The items a user with these permissions sees; all of them when permissions are unknown (null). */
export function visibleNav(permissions: readonly string[] | null): NavItem[] {
  return nav.filter((n) => permissions === null || permissions.includes(n.permission));
}
