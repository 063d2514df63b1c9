/**
 * Connection state shown in the header. `lib/socket.ts` (live events, later) calls
 * `setLiveState('connecting' | 'online' | 'idle')`; the browser's own online/offline events
 * are tracked here.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type LiveState = 'idle' | 'connecting' | 'online';
export type ConnectionState = LiveState | 'offline';

interface ConnectionContextValue {
  state: ConnectionState;
  setLiveState: (state: LiveState) => void;
}

const ConnectionContext = createContext<ConnectionContextValue | null>(null);

export function ConnectionProvider({ children }: { children: ReactNode }) {
  const [live, setLiveState] = useState<LiveState>('idle');
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);

  useEffect(() => {
    const update = () => setBrowserOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);

  const value = useMemo<ConnectionContextValue>(
    () => ({ state: browserOnline ? live : 'offline', setLiveState }),
    [browserOnline, live],
  );
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): ConnectionContextValue {
  const value = useContext(ConnectionContext);
  if (!value) throw new Error('useConnection must be used inside <ConnectionProvider>');
  return value;
}
