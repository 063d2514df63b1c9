import { useCallback, useEffect, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { asTlpLabel, formatDate, localized, type AdvisorySummary } from '../advisories/model';

interface Entry { advisory: AdvisorySummary; organizations: { reasons: { de: string; en: string }[] }[]; dueAt: string | null; overdue: boolean }

/**
 * The dashboard's "Betrifft Sie" list, filled from GET /api/v1/dashboard; an `advisory.matched`
 * event (a publication matching the organization's inventory) reloads it live and is announced.
 */
export function AffectsYouSection() {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const load = useCallback(() => api.get<{ affectingUs: Entry[] }>('/dashboard').then((body) => setEntries(body.affectingUs)), []);
  useEffect(() => {
    load().catch(() => setEntries([]));
  }, [load]);
  useLiveEvents(
    (event) => {
      if (event.type === 'advisory.revoked') {
        const id = event.payload.id;
        setEntries((current) => current?.filter((entry) => entry.advisory.id !== id) ?? current);
        return;
      }
      if (event.type !== 'advisory.matched') return;
      const title = event.payload.title as { de: string; en?: string } | undefined;
      load()
        .then(() => {
          if (title) announce(t('affects.live', { title: localized(title, lang) }));
        })
        .catch(() => undefined);
    },
    () => void load().catch(() => undefined),
  );
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
