/**
 * One live channel per logged-in page (lib/socket.ts), shared by every component through
 * `useLiveEvents`. It reports its state to the header's connection indicator.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { openLiveChannel, type LiveEvent } from '../lib/socket';
import { useConnection } from './connection';

type Listener = { onEvent: (event: LiveEvent) => void; onResync: () => void };

const LiveContext = createContext<Set<Listener> | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const { setLiveState } = useConnection();
  useEffect(
    () =>
      openLiveChannel({
        onEvent: (event) => listeners.current.forEach((listener) => listener.onEvent(event)),
        onResync: () => listeners.current.forEach((listener) => listener.onResync()),
        onState: setLiveState,
      }),
    [setLiveState],
  );
  return <LiveContext.Provider value={listeners.current}>{children}</LiveContext.Provider>;
}

/** Subscribes to live events (and resync requests) while the component is mounted. */
export function useLiveEvents(onEvent: (event: LiveEvent) => void, onResync: () => void): void {
  const listeners = useContext(LiveContext);
  const latest = useRef<Listener>({ onEvent, onResync });
  useEffect(() => {
    latest.current = { onEvent, onResync };
  });
  useEffect(() => {
    if (!listeners) return;
    const listener: Listener = { onEvent: (event) => latest.current.onEvent(event), onResync: () => latest.current.onResync() };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [listeners]);
}
