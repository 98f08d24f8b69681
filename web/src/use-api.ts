/** Loads JSON for a path, dropping responses for a path that is no longer wanted. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api';
import { errorMessage } from './errors';

export type Loaded<T> = {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
};

export function useApi<T>(path: string | null): Loaded<T> {
  const { t } = useTranslation();
  const [state, setState] = useState<{ path: string | null; data: T | null; error: unknown }>({
    path: null,
    data: null,
    error: null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    api<T>(path).then(
      (data) => live && setState({ path, data, error: null }),
      (e: unknown) => live && setState({ path, data: null, error: e ?? 'error' }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.path === path;
  return {
    data: current ? state.data : null,
    // in the user's language (and again when they switch it)
    error: current && state.error !== null ? errorMessage(state.error, t) : null,
    loading: path !== null && !current,
    reload,
  };
}
