import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { useMe } from '../../lib/session';
import { ADMIN_PATHS, isCertAdmin } from './model';
import '../account/account.css';

/** "Verwaltung": the entry to the administration pages the user may use. */
export function AdminPage(_props: PageProps) {
  const { t } = useI18n();
  const me = useMe();
  const certAdmin = isCertAdmin(me);
  const entries: { path: string; label: MessageKey; hint: MessageKey; show: boolean }[] = [
    { path: ADMIN_PATHS.members, label: 'admin.members.link', hint: 'admin.members.linkHint', show: true },
    { path: ADMIN_PATHS.contacts, label: 'admin.contacts.link', hint: 'admin.contacts.linkHint', show: true },
    { path: ADMIN_PATHS.organizations, label: 'admin.orgs.link', hint: 'admin.orgs.linkHint', show: certAdmin },
    { path: ADMIN_PATHS.groups, label: 'admin.groups.link', hint: 'admin.groups.linkHint', show: certAdmin },
    { path: ADMIN_PATHS.audit, label: 'admin.audit.link', hint: 'admin.audit.linkHint', show: certAdmin },
    { path: ADMIN_PATHS.jobs, label: 'admin.jobs.link', hint: 'admin.jobs.linkHint', show: certAdmin },
  ];
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('admin.title')}</h1>
        <p className="page-header__lead">{t('admin.lead')}</p>
      </header>
      <ul className="link-grid">
        {entries
          .filter((entry) => entry.show)
          .map((entry) => (
            <li key={entry.path} className="card panel">
              <h2 className="section-title">
                <Link to={entry.path}>{t(entry.label)}</Link>
              </h2>
              <p>{t(entry.hint)}</p>
            </li>
          ))}
      </ul>
    </div>
  );
}
