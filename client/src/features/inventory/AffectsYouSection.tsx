import { useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { asTlpLabel, formatDate, localized, type AdvisorySummary } from '../advisories/model';

interface Entry { advisory: AdvisorySummary; organizations: { reasons: { de: string; en: string }[] }[]; dueAt: string | null; overdue: boolean }

/** The dashboard's "Betrifft Sie" list, filled from GET /api/v1/dashboard. */
export function AffectsYouSection() {
  const { t, lang } = useI18n();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  useEffect(() => {
    api.get<{ affectingUs: Entry[] }>('/dashboard').then((body) => setEntries(body.affectingUs)).catch(() => setEntries([]));
  }, []);
  return (
    <section className="card panel" aria-labelledby="affects-you-heading">
      <h2 id="affects-you-heading" className="panel__title">
        {t('dashboard.affectsYou.title')}
      </h2>
      {entries === null ? null : entries.length === 0 ? (
        <EmptyState title={t('dashboard.affectsYou.empty')}>{t('dashboard.affectsYou.hint')}</EmptyState>
      ) : (
        <ul className="affects-you-list">
          {entries.map((entry) => {
            const tlp = asTlpLabel(entry.advisory.tlp);
            return (
              <li key={entry.advisory.id}>
                {tlp ? <TlpBadge label={tlp} /> : null} <Link to={`/warnmeldungen/${entry.advisory.id}`}>{localized(entry.advisory.title, lang)}</Link>
                {entry.overdue ? <strong> – {t('dashboard.affectsYou.overdue')}</strong> : null}
                <br />
                {entry.organizations.flatMap((org) => org.reasons.map((reason) => (lang === 'en' ? reason.en : reason.de))).join('; ')}
                {entry.dueAt ? ` · ${t('affects.due', { date: formatDate(entry.dueAt, lang) })}` : ''}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
