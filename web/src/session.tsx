/**
 * The signed-in user: loaded from GET /api/v1/auth/session at start, set by the login page,
 * cleared by sign-out or by any 401 (the session ended), when the app asks to sign in again.
 * `can(permission)` says what the user may see and do; the server checks every request anyway.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  api,
  onUnauthenticated,
  setCsrfToken,
  type Collector,
  type Session,
  type SessionUser,
} from './api';

export type SessionState = {
  /** undefined while loading; null when signed out */
  user: SessionUser | null | undefined;
  /** the user's collector record (their unit and agency): undefined while loading, null if none */
  collector: Collector | null | undefined;
  can: (permission: string) => boolean;
  signedIn: (s: Session) => void;
  signOut: () => Promise<void>;
};

const Context = createContext<SessionState>({
  user: undefined,
  collector: undefined,
  can: () => false,
  signedIn: () => {},
  signOut: async () => {},
});

export function useSession(): SessionState {
  return useContext(Context);
}

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [collector, setCollector] = useState<Collector | null | undefined>(undefined);
  const collectorId = user?.collector_id ?? null;
  useEffect(() => {
    if (collectorId === null) {
      setCollector(user === undefined ? undefined : null);
      return;
    }
    let live = true;
    setCollector(undefined);
    api<{ collector: Collector | null }>('/api/v1/me/collector').then(
      (r) => live && setCollector(r.collector),
      () => live && setCollector(null),
    );
    return () => {
      live = false;
    };
  }, [collectorId, user]);
  const signedIn = useCallback((s: Session) => {
    setCsrfToken(s.csrf_token);
    setUser(s.user);
  }, []);
  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      setUser(null);
    });
    api<Session>('/api/v1/auth/session').then(signedIn, () => setUser(null));
    return () => onUnauthenticated(null);
  }, [signedIn]);
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/auth/logout', { method: 'POST' });
    } finally {
      setCsrfToken(null);
      setUser(null);
    }
  }, []);
  const value = useMemo<SessionState>(
    () => ({
      user,
      collector,
      can: (p) => user?.permissions.includes(p) ?? false,
      signedIn,
      signOut,
    }),
    [user, collector, signedIn, signOut],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}
