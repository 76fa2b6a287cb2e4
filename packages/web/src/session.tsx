// Who is signed in, shared by the whole app.
// <SessionProvider> asks the server once (GET /auth/session) and then follows signIn / signOut.
// useSession() gives { state, signIn, signOut, setTenantName }; state.status is 'loading',
// 'signed-out', 'signed-in' (with the Session) or 'error' (server unreachable).
// The API client keeps the CSRF token itself; this only holds what the UI shows.

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, type LoginInput } from './api/client.ts';
import type { Session } from './api/types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; session: Session }
  | { status: 'error'; error: unknown };

export interface SessionApi {
  state: SessionState;
  signIn: (input: LoginInput) => Promise<Session>;
  signOut: () => Promise<void>;
  /** Re-asks the server (e.g. after an error or a 401 from another call). */
  refresh: () => Promise<void>;
  /** Keeps the header in step after the firm renames itself. */
  setTenantName: (name: string) => void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const session = await api.auth.me();
      setState(session ? { status: 'signed-in', session } : { status: 'signed-out' });
    } catch (error) {
      setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any call answering 401 means the session is gone (expired, revoked, signed out elsewhere).
  useEffect(
    () =>
      api.onUnauthorized(() =>
        setState((s) => (s.status === 'signed-out' ? s : { status: 'signed-out' })),
      ),
    [],
  );

  const signIn = useCallback(async (input: LoginInput) => {
    const session = await api.auth.login(input);
    setState({ status: 'signed-in', session });
    return session;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setState({ status: 'signed-out' });
    }
  }, []);

  const setTenantName = useCallback((name: string) => {
    setState((s) =>
      s.status === 'signed-in'
        ? { ...s, session: { ...s.session, tenant: { ...s.session.tenant, name } } }
        : s,
    );
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signOut, refresh, setTenantName }),
    [state, signIn, signOut, refresh, setTenantName],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
