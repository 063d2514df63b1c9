import { useId, useRef, useState } from 'react';
import { useAnnounce } from '../app/announcer';
import { Link, navigate } from '../app/router';
import { useI18n } from '../i18n';
import { roleLabel } from '../lib/labels';
import { useMe, useSession } from '../lib/session';
import { useDismiss } from '../lib/use-dismiss';
import { wording, worded, type Wording } from '../lib/wording';

/** Disclosure (button + panel) with the signed-in user and the logout action. */
export function UserMenu() {
  const me = useMe();
  const { logout } = useSession();
  const { t } = useI18n();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<Wording | null>(null);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useDismiss(open, setOpen, rootRef, buttonRef);

  const onLogout = async () => {
    setError(null);
    try {
      await logout();
      navigate('/', { replace: true });
      announce(t('userMenu.loggedOut'));
    } catch {
      setError(wording('userMenu.logoutFailed'));
    }
  };

  const initials = me.user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');

  return (
    <div
      className="user-menu"
      ref={rootRef}
      onBlur={(event) => {
        if (open && rootRef.current && !rootRef.current.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {initials || '?'}
        </span>
        <span className="user-menu__name">{me.user.name}</span>
        <span className="visually-hidden"> {t('userMenu.button')}</span>
        <svg className="user-menu__chevron" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
          <path d="m2.5 4.5 3.5 3.5 3.5-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <p className="user-menu__label">{t('userMenu.signedInAs')}</p>
        <p className="user-menu__identity">
          <strong>{me.user.name}</strong>
          <br />
          <span className="user-menu__email">{me.user.email}</span>
        </p>
        {me.memberships.length > 0 ? (
          <ul className="user-menu__memberships">
            {me.memberships.map((m) => (
              <li key={`${m.organization.id}:${m.role}`}>
                {m.organization.name} · {roleLabel(t, m.role)}
              </li>
            ))}
          </ul>
        ) : null}
        <ul className="user-menu__links">
          <li>
            <Link to="/profil" onClick={() => setOpen(false)}>
              {t('nav.profile')}
            </Link>
          </li>
          <li>
            <Link to="/profil/tokens" onClick={() => setOpen(false)}>
              {t('nav.tokens')}
            </Link>
          </li>
        </ul>
        {error ? (
          <p className="field-error" role="alert">
            {worded(t, error)}
          </p>
        ) : null}
        <button type="button" className="button button--secondary user-menu__logout" onClick={() => void onLogout()}>
          {t('userMenu.logout')}
        </button>
      </div>
    </div>
  );
}
