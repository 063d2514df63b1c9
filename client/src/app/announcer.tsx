/**
 * One polite live region for the whole app. Pages and (later) the live event stream call
 * `announce(message)` to tell screen-reader users about things that happened out of focus,
 * e.g. "Neue Warnmeldung: …".
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce | null>(null);

/** How long an announcement stays in the region (screen readers have read it by then). */
const KEEP_MS = 5_000;

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  // Each announcement is its own node in a non-atomic region: a second message arriving right after
  // the first (a new advisory, then the bell's count) is read after it instead of replacing it.
  const [messages, setMessages] = useState<{ id: number; text: string }[]>([]);
  const nextId = useRef(0);

  const announce = useCallback<Announce>((text) => {
    nextId.current += 1;
    const id = nextId.current;
    setMessages((current) => [...current, { id, text }]);
    window.setTimeout(() => setMessages((current) => current.filter((message) => message.id !== id)), KEEP_MS);
  }, []);

  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="false" aria-relevant="additions" data-testid="announcer">
        {messages.map((message) => (
          <p key={message.id}>{message.text}</p>
        ))}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  const value = useContext(AnnouncerContext);
  if (!value) throw new Error('useAnnounce must be used inside <AnnouncerProvider>');
  return value;
}
