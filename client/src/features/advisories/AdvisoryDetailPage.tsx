import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { toApiError } from '../../lib/use-resource';
import { versionRangeLabel } from '../../lib/labels';
import { StatusLabel } from './AdvisoryListPage';
import { LifecycleActions } from './LifecycleActions';
import { AffectsYouPanel } from '../inventory/AffectsYouPanel';
import { asTlpLabel, formatDate, localized, localizedLang, purify, severityLabel, type Advisory, type Page, type VersionItem } from './model';
import { problemWording } from '../../lib/problem-wording';
import { worded } from '../../lib/wording';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AdvisoryDetailPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const id = params.id ?? '';
  const valid = UUID.test(id);
  const client = useQueryClient();
  // Both are read again when a live event changes advisories (app/live-queries.ts).
  const detail = useQuery({
    queryKey: queryKeys.advisories.detail(id),
    queryFn: ({ signal }) => api.get<Advisory>(`/advisories/${encodeURIComponent(id)}`, { signal }),
    enabled: valid,
  });
  const versionsQuery = useQuery({
    queryKey: queryKeys.advisories.versions(id),
    queryFn: ({ signal }) => api.get<Page<VersionItem>>(`/advisories/${encodeURIComponent(id)}/versions`, { signal }).then((page) => page.items),
    enabled: valid,
  });
  const versions = versionsQuery.data ?? (versionsQuery.isError ? [] : null);
  const error = detail.error ? toApiError(detail.error) : null;
  // Not there, or no longer visible to this user (a revision narrowed the audience): its content goes.
  const notFound = !valid || error?.status === 404 || error?.status === 403;
  const state = notFound ? ({ status: 'not-found' } as const) : error && !detail.data ? ({ status: 'error', error } as const) : detail.data ? ({ status: 'ready', advisory: detail.data } as const) : ({ status: 'loading' } as const);

  // Worded before the memos below: the React compiler counts a call with the state as a possible change of it.
  const errorText = state.status === 'error' ? worded(t, problemWording(state.error)) : null;
  const advisory = state.status === 'ready' ? state.advisory : null;
  const bodyHtml = useMemo(() => (advisory ? purify(localized(advisory.bodyHtml, lang)) : ''), [advisory, lang]);
  const recommendationsHtml = useMemo(() => (advisory?.recommendationsHtml ? purify(localized(advisory.recommendationsHtml, lang)) : ''), [advisory, lang]);

  if (state.status === 'loading') {
    return (
      <div>
        <h1>{t('advisories.title')}</h1>
        <p role="status" className="loading">
          {t('advisory.loading')}
        </p>
      </div>
    );
  }
  if (state.status === 'not-found' || state.status === 'error' || !advisory) {
    return (
      <div className="status-page">
        <h1>{state.status === 'error' ? t('advisories.error') : t('advisory.notFound.title')}</h1>
        <p>{errorText ?? t('advisory.notFound.text')}</p>
        <p>
          <Link to="/warnmeldungen">{t('advisory.back')}</Link>
        </p>
      </div>
    );
  }

  const tlp = asTlpLabel(advisory.tlp);
  const none = <p className="muted">{t('advisory.none')}</p>;

  return (
    <article className="advisory">
      <p className="advisory__back">
        <Link to="/warnmeldungen">{t('advisory.back')}</Link>
      </p>
      <div className="page-header">
        <h1 lang={localizedLang(advisory.title, lang)}>{localized(advisory.title, lang)}</h1>
        <p className="advisory-item__meta">
          {tlp ? <TlpBadge label={tlp} /> : null}
          <span className={`severity severity--${advisory.severity}`}>
            {t('severity.label')}: {severityLabel(t, advisory.severity)}
          </span>
          <StatusLabel status={advisory.status} />
        </p>
      </div>

      {advisory.status === 'withdrawn' ? (
        <p className="notice notice--error">{t('advisoryLifecycle.withdrawnNotice', { date: formatDate(advisory.withdrawnAt, lang) })}</p>
      ) : null}

      <div className="advisory__grid">
        <div className="advisory__main">
          {advisory.status !== 'draft' ? <AffectsYouPanel advisoryId={advisory.id} /> : null}
          <section className="card panel" aria-labelledby="advisory-summary">
            <h2 id="advisory-summary" className="panel__title">
              {t('advisory.summary')}
            </h2>
            <p lang={localizedLang(advisory.summary, lang)}>{localized(advisory.summary, lang)}</p>
          </section>
          <section className="card panel" aria-labelledby="advisory-body">
            <h2 id="advisory-body" className="panel__title">
              {t('advisory.body')}
            </h2>
            {/* Sanitized on the server and again by DOMPurify; the CSP forbids inline scripts anyway. */}
            <div className="prose" lang={localizedLang(advisory.bodyHtml, lang)} dangerouslySetInnerHTML={{ __html: bodyHtml }} />
          </section>
          <section className="card panel" aria-labelledby="advisory-recommendations">
            <h2 id="advisory-recommendations" className="panel__title">
              {t('advisory.recommendations')}
            </h2>
            {advisory.recommendations ? (
              <div className="prose" lang={localizedLang(advisory.recommendations, lang)} dangerouslySetInnerHTML={{ __html: recommendationsHtml }} />
            ) : (
              none
            )}
          </section>
          <section className="card panel" aria-labelledby="advisory-references">
            <h2 id="advisory-references" className="panel__title">
              {t('advisory.references')}
            </h2>
            {advisory.references.length > 0 ? (
              <ul className="plain-list">
                {advisory.references.map((url) => (
                  <li key={url}>
                    <a href={url} rel="noopener noreferrer nofollow" target="_blank">
                      {url}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              none
            )}
          </section>
        </div>

        <aside className="advisory__side">
          <LifecycleActions
            advisory={advisory}
            onChange={(changed) => {
              client.setQueryData(queryKeys.advisories.detail(id), changed);
              // Lists, the version list and the home page show the new state too.
              void client.invalidateQueries({ queryKey: queryKeys.advisories.all });
            }}
          />
          <section className="card panel" aria-labelledby="advisory-meta">
            <h2 id="advisory-meta" className="panel__title">
              {t('advisory.meta')}
            </h2>
            <dl className="facts">
              <div>
                <dt>{t('advisory.version')}</dt>
                <dd>{advisory.version}</dd>
              </div>
              {advisory.publishedAt ? (
                <div>
                  <dt>{t('advisory.published')}</dt>
                  <dd>
                    <time dateTime={advisory.publishedAt}>{formatDate(advisory.publishedAt, lang)}</time>
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>{t('advisory.cvss')}</dt>
                <dd>
                  {advisory.cvss.length > 0 ? (
                    <ul className="plain-list">
                      {advisory.cvss.map((c) => (
                        <li key={c.vector}>
                          <strong>{c.baseScore.toFixed(1)}</strong> <code className="break">{c.vector}</code>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t('advisory.none')
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('advisory.cves')}</dt>
                <dd>
                  {advisory.cves.length > 0 ? (
                    <ul className="plain-list">
                      {advisory.cves.map((cve) => (
                        <li key={cve}>
                          <code>{cve}</code>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t('advisory.none')
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('advisory.products')}</dt>
                <dd>
                  {advisory.products.length > 0 ? (
                    <ul className="plain-list">
                      {advisory.products.map((p) => (
                        <li key={`${p.vendor}:${p.product}:${p.cpe ?? ''}`}>
                          {p.vendor} {p.product}
                          {p.versions.length > 0 ? ` (${p.versions.map((range) => versionRangeLabel(t, range)).join('; ')})` : ''}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t('advisory.none')
                  )}
                </dd>
              </div>
            </dl>
            <p>
              <a className="button button--secondary" href={`/api/v1/advisories/${encodeURIComponent(advisory.id)}/stix`} download title={t('advisory.stixHint')}>
                {t('advisory.stix')}
              </a>
            </p>
          </section>
          <section className="card panel" aria-labelledby="advisory-versions">
            <h2 id="advisory-versions" className="panel__title">
              {t('advisory.versions')}
            </h2>
            {versions === null ? (
              <p className="loading">{t('advisory.loading')}</p>
            ) : versions.length === 0 ? (
              <p className="muted">{t('advisory.noVersions')}</p>
            ) : (
              <>
                <ol className="plain-list">
                  {versions.map((v) => (
                    <li key={v.version}>{t('advisory.versionItem', { version: v.version, date: formatDate(v.publishedAt, lang) })}</li>
                  ))}
                </ol>
                <p>
                  <Link to={`/warnmeldungen/${advisory.id}/versionen`}>{t(versions.length > 1 ? 'advisoryVersions.linkCompare' : 'advisoryVersions.link')}</Link>
                </p>
              </>
            )}
          </section>
        </aside>
      </div>
    </article>
  );
}
