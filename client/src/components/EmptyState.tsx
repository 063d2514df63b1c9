import type { ReactNode } from 'react';

/** The calm "nothing here" block used by lists and dashboard sections. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <svg className="empty-state__icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="m7.5 12.3 3 3 6-6.3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <div>
        <p className="empty-state__title">{title}</p>
        {children ? <p className="empty-state__hint">{children}</p> : null}
      </div>
    </div>
  );
}
