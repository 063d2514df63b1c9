import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from './api';
import type { LoginRequest, LoginResponse, Me, SessionState as SessionProbe } from './session-types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'logged-out' | 'expired' }
  | { status: 'error'; error: ApiError }
  | { status: 'authenticated'; me: Me; via: 'login' | 'restore' };

interface SessionContextValue {
  state: SessionState;
  /** Logs in; rejects with an ApiError (e.g. code TOTP_REQUIRED) and leaves the state unchanged. */
  login: (request: LoginRequest) => Promise<Me>;
  logout: () => Promise<void>;
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/**
 * Asks who is signed in in this browser. `GET /session` answers "not signed in" with a 200, so the
 * login page loads without a failed request (a 401 on `/me` is logged as an error by the browser).
 */
async function probeSession(): Promise<Me | null> {
  const state = await api.get<SessionProbe>('/session');
  setCsrfToken(state.signedIn ? state.me.csrfToken : null);
  return state.signedIn ? state.me : null;
}

async function fetchMe(): Promise<Me> {
  const me = await probeSession();
  if (!me) throw new ApiError(401, { title: 'Unauthorized', code: 'UNAUTHENTICATED' });
  return me;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, { title: 'Error', detail: error instanceof Error ? error.message : String(error) });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      const me = await probeSession();
      setState(me ? { status: 'authenticated', me, via: 'restore' } : { status: 'anonymous' });
    } catch (error) {
      const apiError = asApiError(error);
      setCsrfToken(null);
      setState(apiError.status === 401 ? { status: 'anonymous' } : { status: 'error', error: apiError });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setState({ status: 'anonymous', reason: 'expired' });
      }),
    [],
  );

  const login = useCallback(async (request: LoginRequest) => {
    const body: LoginRequest = { email: request.email, password: request.password };
    if (request.totp) body.totp = request.totp;
    const result = await api.post<LoginResponse>('/session', body);
    setCsrfToken(result.csrfToken);
    // The login answer carries the user only; memberships and roles come from /me.
    const me = await fetchMe();
    setState({ status: 'authenticated', me, via: 'login' });
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.delete('/session');
    } catch (error) {
      // 401: the session was already gone, which is what the user wanted
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', reason: 'logged-out' });
  }, []);

  const value = useMemo(() => ({ state, login, logout, reload }), [state, login, logout, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The logged-in user's data; only valid inside pages rendered for an authenticated session. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useMe used without an authenticated session');
  return state.me;
}
