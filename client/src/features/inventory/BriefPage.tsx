import { useEffect, useState } from 'react';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { renderMarkdown } from '../advisories/markdown';
import { asTlpLabel, formatDate } from '../advisories/model';
import './inventory.css';

interface Brief { id: string; tlp: string; urgency: string; title: string; whatHappened: string; whoIsAffected: string[]; youAreAffected: boolean; yourReasons: string[]; whatToDo: string; dueBy: string }

/** One screen in plain language: Was ist passiert – Wer ist betroffen – Was ist zu tun – bis wann. */
export function BriefPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const id = params.id ?? '';
  const [brief, setBrief] = useState<Brief | null | 'missing'>(null);
  useEffect(() => {
    api
      .get<Brief>(`/advisories/${encodeURIComponent(id)}/brief`, { query: { lang } })
      .then(setBrief)
      .catch(() => setBrief('missing'));
  }, [id, lang]);
  if (brief === null) return <h1>{t('brief.title')}</h1>;
  if (brief === 'missing') return <h1>{t('brief.title')}</h1>;
  const tlp = asTlpLabel(brief.tlp);
  return (
    <article className="brief">
      <div className="page-header">
        {tlp ? <TlpBadge label={tlp} /> : null}
        <h1>{brief.title}</h1>
        <p className="page-header__lead">{brief.urgency}</p>
      </div>
      <section aria-labelledby="brief-what">
        <h2 id="brief-what">{t('brief.what')}</h2>
        {/* The advisory's texts are Markdown: rendered and sanitized (DOMPurify) like on the advisory page. */}
        <div className="brief__markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(brief.whatHappened) }} />
      </section>
      <section aria-labelledby="brief-who">
        <h2 id="brief-who">{t('brief.who')}</h2>
        <ul>
          {brief.whoIsAffected.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {brief.youAreAffected ? (
          <>
            <p>
              <strong>{t('brief.youAre')}</strong>
            </p>
            <ul>
              {brief.yourReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('brief.youAreNot')}</p>
        )}
      </section>
      <section aria-labelledby="brief-actions">
        <h2 id="brief-actions">{t('brief.actions')}</h2>
        <div className="brief__markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(brief.whatToDo) }} />
      </section>
      <section aria-labelledby="brief-until">
        <h2 id="brief-until">{t('brief.until')}</h2>
        <p className="brief__due">{t('brief.untilText', { date: formatDate(brief.dueBy, lang) })}</p>
      </section>
      <p>
        <Link to={`/warnmeldungen/${brief.id}`}>{t('brief.full')}</Link>
      </p>
    </article>
  );
}
