import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { Link, navigate, useLocation } from '../../app/router';
import { TlpBadge } from '../../components/TlpBadge';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { DiffTable, type NameLookup } from './DiffTable';
import { asTlpLabel, formatDate, localized, localizedLang, severityLabel, type Advisory, type AdvisoryDiff, type DirectoryUser, type Organization, type Page, type SharingGroup, type VersionItem } from './model';
import './advisories.css';
import { problemWording } from '../../lib/problem-wording';
import { worded } from '../../lib/wording';

type State = { status: 'loading' } | { status: 'not-found' } | { status: 'error'; error: ApiError } | { status: 'ready'; advisory: Advisory; versions: VersionItem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The versions to compare: from the query (`?von=1&bis=2`), else the last two. */
function selection(search: string, versions: VersionItem[]): { from: number; to: number } | null {
  if (versions.length < 2) return null;
  const numbers = versions.map((v) => v.version);
  const query = new URLSearchParams(search);
  const pick = (name: string, fallback: number) => {
    const value = Number(query.get(name));
    return numbers.includes(value) ? value : fallback;
  };
  return { from: pick('von', numbers.at(-2) ?? 1), to: pick('bis', numbers.at(-1) ?? 1) };
}

/** `/warnmeldungen/:id/versionen`: every published revision and the changed fields between two of them. */
export function AdvisoryVersionsPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const ids = useId();
  const { search } = useLocation();
  const id = params.id ?? '';
  const [state, setState] = useState<State>({ status: 'loading' });
  const [diff, setDiff] = useState<AdvisoryDiff | null>(null);
  const [names, setNames] = useState<NameLookup>(new Map());

  useEffect(() => {
    if (!UUID.test(id)) return setState({ status: 'not-found' });
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([api.get<Advisory>(`/advisories/${id}`, { signal }), api.get<Page<VersionItem>>(`/advisories/${id}/versions`, { signal })]).then(
      ([advisory, versions]) => setState({ status: 'ready', advisory, versions: versions.items }),
      (error: unknown) => {
        if (signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, { detail: String(error) });
        setState(apiError.status === 404 || apiError.status === 403 ? { status: 'not-found' } : { status: 'error', error: apiError });
      },
    );
    return () => controller.abort();
  }, [id]);

  const ready = state.status === 'ready' ? state : null;
  const chosen = useMemo(() => (ready ? selection(search, ready.versions) : null), [ready, search]);

  useEffect(() => {
    if (!chosen) return;
    const controller = new AbortController();
    setDiff(null);
    api.get<AdvisoryDiff>(`/advisories/${id}/diff`, { query: chosen, signal: controller.signal }).then(setDiff, () => undefined);
    return () => controller.abort();
  }, [id, chosen]);

  // Audience ids in the diff read as names; the people directory answers CERT staff only.
  const audience = ready?.advisory.audience;
  useEffect(() => {
    if (!audience) return;
    const controller = new AbortController();
    const { signal } = controller;
    const add = (entries: { id: string; name: string }[]) => setNames((previous) => new Map([...previous, ...entries.map((entry) => [entry.id, entry.name] as const)]));
    api.get<Page<Organization>>('/organizations', { query: { limit: 500 }, signal }).then((page) => add(page.items), () => undefined);
    api.get<Page<SharingGroup>>('/sharing-groups', { signal }).then((page) => add(page.items), () => undefined);
    if (audience.users.length > 0) api.get<Page<DirectoryUser>>('/users', { query: { ids: audience.users.join(','), limit: 100 }, signal }).then((page) => add(page.items), () => undefined);
    return () => controller.abort();
  }, [audience]);

  if (!ready) {
    return (
      <div className="status-page">
        <h1>{state.status === 'loading' ? t('advisoryVersions.title') : state.status === 'error' ? t('advisories.error') : t('advisory.notFound.title')}</h1>
        {state.status === 'loading' ? (
          <p role="status" className="loading">
            {t('advisory.loading')}
          </p>
        ) : (
          <p>{state.status === 'error' ? worded(t, problemWording(state.error)) : t('advisory.notFound.text')}</p>
        )}
        <p>
          <Link to="/warnmeldungen">{t('advisory.back')}</Link>
        </p>
      </div>
    );
  }

  const { advisory, versions } = ready;
  const compare = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { elements } = event.currentTarget;
    const value = (name: string) => {
      const element = elements.namedItem(name);
      return element instanceof HTMLSelectElement ? element.value : '';
    };
    const query = new URLSearchParams({ von: value('von'), bis: value('bis') });
    navigate(`/warnmeldungen/${id}/versionen?${query.toString()}`);
  };
  const versionSelect = (name: 'von' | 'bis', label: string, value: number) => (
    <div className="field">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <select id={`${ids}-${name}`} name={name} defaultValue={value} key={`${name}-${value}`}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {t('advisory.versionItem', { version: v.version, date: formatDate(v.publishedAt, lang) })}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div className="advisory-versions">
      <p className="advisory__back">
        <Link to={`/warnmeldungen/${id}`}>{t('advisoryVersions.back')}</Link>
      </p>
      <div className="page-header">
        <h1>{t('advisoryVersions.title')}</h1>
        <p className="page-header__lead" lang={localizedLang(advisory.title, lang)}>
          {localized(advisory.title, lang)}
        </p>
      </div>

      <section className="card panel" aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`} className="panel__title">
          {t('advisory.versions')}
        </h2>
        {versions.length === 0 ? (
          <p className="muted">{t('advisory.noVersions')}</p>
        ) : (
          <div className="table-scroll">
            <table className="versions">
              <thead>
                <tr>
                  <th scope="col">{t('advisory.version')}</th>
                  <th scope="col">{t('advisory.published')}</th>
                  <th scope="col">{t('editor.tlp')}</th>
                  <th scope="col">{t('editor.severity')}</th>
                  <th scope="col">{t('advisoryVersions.versionTitle')}</th>
                  <th scope="col">{t('advisoryVersions.changeNote')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => {
                  const tlp = asTlpLabel(v.tlp);
                  return (
                    <tr key={v.version}>
                      <th scope="row">{v.version}</th>
                      <td>
                        <time dateTime={v.publishedAt}>{formatDate(v.publishedAt, lang)}</time>
                      </td>
                      <td>{tlp ? <TlpBadge label={tlp} /> : v.tlp}</td>
                      <td>{severityLabel(t, v.severity)}</td>
                      <td lang={localizedLang(v.title, lang)}>{localized(v.title, lang)}</td>
                      {v.changeNote ? (
                        <td lang={localizedLang(v.changeNote, lang)} className="pre-line">
                          {localized(v.changeNote, lang)}
                        </td>
                      ) : (
                        <td className="muted">{t('advisoryVersions.noChangeNote')}</td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card panel" aria-labelledby={`${ids}-diff`}>
        <h2 id={`${ids}-diff`} className="panel__title">
          {t('advisoryVersions.diffHeading')}
        </h2>
        {chosen ? (
          <>
            <form className="toolbar" onSubmit={compare}>
              {versionSelect('von', t('advisoryVersions.from'), chosen.from)}
              {versionSelect('bis', t('advisoryVersions.to'), chosen.to)}
              <div className="toolbar__actions">
                <button type="submit" className="button button--secondary">
                  {t('advisoryVersions.compare')}
                </button>
              </div>
            </form>
            <div aria-live="polite">{diff ? <DiffTable from={diff.from} to={diff.to} changes={diff.changes} names={names} /> : <p className="loading">{t('advisory.loading')}</p>}</div>
          </>
        ) : (
          <p className="muted">{t('advisoryVersions.needTwo')}</p>
        )}
      </section>
    </div>
  );
}
