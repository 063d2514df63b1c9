/**
 * One live channel per logged-in page (lib/socket.ts), shared by every component through
 * `useLiveEvents`. It reports its state to the header's connection indicator.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { openLiveChannel, type LiveEvent } from '../lib/socket';
import { useConnection } from './connection';

type Listener = { onEvent: (event: LiveEvent) => void; onResync: () => void };

const LiveContext = createContext<Set<Listener> | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  // One set for the provider's lifetime; listeners are added and removed in place.
  const [listeners] = useState(() => new Set<Listener>());
  const { setLiveState } = useConnection();
  useEffect(
    () =>
      openLiveChannel({
        onEvent: (event) => listeners.forEach((listener) => listener.onEvent(event)),
        onResync: () => listeners.forEach((listener) => listener.onResync()),
        onState: setLiveState,
      }),
    [listeners, setLiveState],
  );
  return <LiveContext.Provider value={listeners}>{children}</LiveContext.Provider>;
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
