import { useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { roleLabel } from '../../lib/labels';
import { useMe, useSession } from '../../lib/session';
import { toApiError } from '../../lib/use-resource';
import { MfaSection } from './MfaSection';
import { OpenPgpSection } from './OpenPgpSection';
import { PasswordSection } from './PasswordSection';
import { SessionsSection } from './SessionsSection';
import { wording, worded, type Wording } from '../../lib/wording';
import './account.css';

/** Name and language (PATCH /me); the e-mail address and roles are shown, administered elsewhere. */
function AccountSection() {
  const { t } = useI18n();
  const me = useMe();
  const { reload } = useSession();
  const [name, setName] = useState(me.user.name);
  const [locale, setLocale] = useState(me.user.locale === 'en' ? 'en' : 'de');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await api.patch('/me', { name: name.trim(), locale });
      await reload();
      setSaved(wording('profile.account.saved'));
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card panel" aria-labelledby="account-heading">
      <h2 id="account-heading" className="section-title">
        {t('profile.account.title')}
      </h2>
      <ProblemNotice error={error} />
      <SuccessNotice message={worded(t, saved)} />
      <form className="form" onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
        <div className="field">
          <label htmlFor="profile-name">{t('profile.account.name')}</label>
          <input id="profile-name" autoComplete="name" required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="profile-email">{t('profile.account.email')}</label>
          <p id="profile-email-hint" className="field-hint">
            {t('profile.account.emailHint')}
          </p>
          <input id="profile-email" type="email" readOnly value={me.user.email} aria-describedby="profile-email-hint" />
        </div>
        <div className="field">
          <label htmlFor="profile-locale">{t('profile.account.locale')}</label>
          <select id="profile-locale" value={locale} onChange={(event) => setLocale(event.target.value === 'en' ? 'en' : 'de')}>
            <option value="de">{t('lang.de')}</option>
            <option value="en">{t('lang.en')}</option>
          </select>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
      <h3>{t('profile.account.memberships')}</h3>
      <ul className="plain-list">
        {me.memberships.map((membership) => (
          <li key={`${membership.organization.id}:${membership.role}`}>
            {membership.organization.name} · {roleLabel(t, membership.role)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Mein Profil": account, password, two-factor sign-in, OpenPGP key for mail, own sessions. */
export function ProfilePage(_props: PageProps) {
  const { t } = useI18n();
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('profile.title')}</h1>
        <p className="page-header__lead">{t('profile.lead')}</p>
      </header>
      <AccountSection />
      <PasswordSection />
      <MfaSection />
      <OpenPgpSection />
      <SessionsSection />
    </div>
  );
}
