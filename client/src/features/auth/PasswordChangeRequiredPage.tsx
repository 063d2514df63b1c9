import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../lib/session';
import { PasswordSection } from '../account/PasswordSection';
import './auth.css';

/**
 * After a login with an operator's one-time password (`npm run admin -- create-admin`), the server
 * answers nothing but this change; the platform opens once the own password is set.
 */
export function PasswordChangeRequiredPage() {
  const { t } = useI18n();
  const { reload, logout } = useSession();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="login">
      <div className="login__card stack">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('app.name')}
        </h1>
        <PasswordSection oneTime onDone={reload} />
        <button type="button" className="button button--secondary" onClick={() => void logout()}>
          {t('userMenu.logout')}
        </button>
      </div>
    </div>
  );
}
