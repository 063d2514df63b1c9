import { useState, type FormEvent } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { feedErrorLabel } from '../../lib/labels';
import { isAdmin } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { useUrlParams } from '../../lib/url-state';
import { formatDateTime, useResource } from '../../lib/use-resource';
import { FEED_TYPES, TLP_VALUES, type FeedRun, type FeedSource } from './model';
import { RUN_LIMITS, RUN_SORTS, RunHistory, type RunView } from './RunHistory';
import { problemWording } from '../../lib/problem-wording';
import { formatNumber } from '../../lib/words';
import { wording, worded, type Wording } from '../../lib/wording';
import './feeds.css';

type FormState = { id: string | null; name: string; type: string; url: string; schedule: string; enabled: boolean; allowPrivateNetwork: boolean; defaultTlp: string };
const NEW_SOURCE: FormState = { id: null, name: '', type: 'csaf-provider', url: 'https://', schedule: '0 * * * *', enabled: true, allowPrivateNetwork: false, defaultTlp: 'clear' };

function statusKey(status: FeedRun['status']): MessageKey {
  return `sources.status.${status}`;
}

/** The form's labels of the API's field paths, for its problems. */
const SOURCE_FIELDS: Partial<Record<string, MessageKey>> = { name: 'sources.form.name', type: 'sources.form.type', url: 'sources.form.url', schedule: 'sources.form.schedule', defaultTlp: 'sources.form.tlp' };

function SourceForm({ initial, onDone }: { initial: FormState; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<Wording | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: form.name, url: form.url, schedule: form.schedule, enabled: form.enabled, allowPrivateNetwork: form.allowPrivateNetwork, defaultTlp: form.defaultTlp };
    try {
      if (form.id) await api.patch(`/feeds/${form.id}`, body);
      else await api.post('/feeds', { ...body, type: form.type });
      onDone(true);
    } catch (e) {
      setError(problemWording(e, { CONFLICT: 'sources.problem.exists' }, SOURCE_FIELDS));
    }
  };
  return (
    <form className="feeds-form" onSubmit={(event) => void submit(event)} aria-labelledby="source-form-title">
      <h2 id="source-form-title">{form.id ? t('sources.form.title.edit', { name: initial.name }) : t('sources.form.title.add')}</h2>
      {error && (
        <p role="alert" className="notice notice--error">
          {worded(t, error)}
        </p>
      )}
      <label>
        {t('sources.form.name')}
        <input required value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
      </label>
      {!form.id && (
        <label>
          {t('sources.form.type')}
          <select value={form.type} onChange={(event) => setForm({ ...form, type: event.target.value })}>
            {FEED_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('sources.form.url')}
        <input required type="url" value={form.url} onChange={(event) => setForm({ ...form, url: event.target.value })} />
      </label>
      <label>
        {t('sources.form.schedule')}
        <input required value={form.schedule} onChange={(event) => setForm({ ...form, schedule: event.target.value })} />
      </label>
      <label>
        {t('sources.form.tlp')}
        <select value={form.defaultTlp} onChange={(event) => setForm({ ...form, defaultTlp: event.target.value })}>
          {TLP_VALUES.map((tlp) => (
            <option key={tlp} value={tlp}>
              TLP:{tlp.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="feeds-filters__check">
        <input type="checkbox" checked={form.enabled} onChange={(event) => setForm({ ...form, enabled: event.target.checked })} />
        {t('sources.form.enabled')}
      </label>
      <label className="feeds-filters__check">
        <input type="checkbox" checked={form.allowPrivateNetwork} onChange={(event) => setForm({ ...form, allowPrivateNetwork: event.target.checked })} />
        {t('sources.form.allowPrivate')}
      </label>
      <div className="feed-card__actions">
        <button type="submit" className="button">
          {t('sources.form.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('sources.form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A translated summary of the stored error; the technical detail stays as the source said it. */
function FeedErrorText({ at, error }: { at: string; error: string }) {
  const { t } = useI18n();
  const { summary, detail } = feedErrorLabel(t, error);
  return (
    <>
      {at}: {summary}
      {detail ? (
        <>
          {' '}
          <span className="muted" lang="en">({detail})</span>
        </>
      ) : null}
    </>
  );
}

export function SourcesPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const admin = isAdmin(me);
  const announce = useAnnounce();
  const { state, reload } = useResource<{ items: FeedSource[] }>('/feeds');
  const [running, setRunning] = useState<string | null>(null);
  const [message, setMessage] = useState<Wording | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  // The open run history, its number of runs and its sort live in the URL (`?runs=<id>&runsSort=failed`).
  const [params, setParams] = useUrlParams();
  const history = params.get('runs');
  const view: RunView = {
    limit: RUN_LIMITS.find((value) => value === params.get('runsLimit')) ?? '20',
    sort: RUN_SORTS.find((value) => value === params.get('runsSort')) ?? 'started',
    order: params.get('runsOrder') === 'asc' ? 'asc' : 'desc',
  };
  const showRuns = (id: string | null, next: RunView = view) =>
    setParams({ runs: id ?? undefined, runsLimit: id && next.limit !== '20' ? next.limit : undefined, runsSort: id && next.sort !== 'started' ? next.sort : undefined, runsOrder: id && next.order === 'asc' ? 'asc' : undefined });
  const [runsVersion, setRunsVersion] = useState(0);

  const runNow = async (source: FeedSource) => {
    setRunning(source.id);
    try {
      const run = await api.post<FeedRun>(`/feeds/${source.id}/run`);
      const done = wording('sources.runDone', { name: source.name, status: wording(statusKey(run.status)), ...run.counts });
      setMessage(done);
      announce(worded(t, done) ?? '');
    } catch (e) {
      setMessage(wording('inbox.actionFailed', { message: problemWording(e, { CONFLICT: 'sources.problem.running' }) }));
    } finally {
      setRunning(null);
      reload();
      setRunsVersion((value) => value + 1);
    }
  };

  return (
    <div className="feeds">
      <h1>{t('sources.title')}</h1>
      <p>{t('sources.intro')}</p>
      {message && (
        <p className="notice" role="status">
          {worded(t, message)}
        </p>
      )}
      {admin && !form && (
        <p>
          <button type="button" className="button" onClick={() => setForm(NEW_SOURCE)}>
            {t('sources.add')}
          </button>
        </p>
      )}
      {form && (
        <SourceForm
          initial={form}
          onDone={(saved) => {
            setForm(null);
            if (saved) {
              setMessage(wording('sources.saved'));
              reload();
            }
          }}
        />
      )}
      {state.status === 'loading' && <p role="status">{t('sources.loading')}</p>}
      {state.status === 'error' && (
        <p role="alert" className="notice notice--error">
          {worded(t, problemWording(state.error))}
        </p>
      )}
      {state.status === 'ready' && (
        <div className="table-scroll">
          <table className="feeds-table" data-testid="feed-sources">
            <caption className="visually-hidden">{t('sources.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sources.col.name')}</th>
                <th scope="col">{t('sources.col.type')}</th>
                <th scope="col">{t('sources.col.enabled')}</th>
                <th scope="col">{t('sources.col.lastRun')}</th>
                <th scope="col">{t('sources.col.nextRun')}</th>
                <th scope="col">{t('sources.col.counts')}</th>
                <th scope="col">{t('sources.col.lastError')}</th>
                <th scope="col">{t('sources.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((source) => (
                <tr key={source.id}>
                  <th scope="row">{source.name}</th>
                  <td>{source.type}</td>
                  <td>{source.enabled ? t('sources.yes') : t('sources.no')}</td>
                  <td>{source.lastRun ? `${formatDateTime(lang, source.lastRun.startedAt)} (${t(statusKey(source.lastRun.status))})` : t('sources.never')}</td>
                  <td>{source.nextRunAt ? formatDateTime(lang, source.nextRunAt) : '–'}</td>
                  <td>{source.lastRun ? [source.lastRun.counts.new, source.lastRun.counts.updated, source.lastRun.counts.unchanged, source.lastRun.counts.failed].map((count) => formatNumber(lang, count)).join(' / ') : '–'}</td>
                  <td>{source.lastError ? <FeedErrorText at={formatDateTime(lang, source.lastError.at)} error={source.lastError.error ?? ''} /> : '–'}</td>
                  <td>
                    <div className="feeds-table__actions">
                      {admin && (
                        <button type="button" className="button button--secondary" disabled={running !== null} onClick={() => void runNow(source)} aria-label={`${t('sources.runNow')}: ${source.name}`}>
                          {running === source.id ? t('sources.running') : t('sources.runNow')}
                        </button>
                      )}
                      <button type="button" className="button button--secondary" aria-expanded={history === source.id} onClick={() => showRuns(history === source.id ? null : source.id)} aria-label={`${t('sources.history')}: ${source.name}`}>
                        {t('sources.history')}
                      </button>
                      {admin && (
                        <button
                          type="button"
                          className="button button--secondary"
                          aria-label={`${t('sources.edit')}: ${source.name}`}
                          onClick={() => setForm({ id: source.id, name: source.name, type: source.type, url: source.url, schedule: source.schedule, enabled: source.enabled, allowPrivateNetwork: source.allowPrivateNetwork, defaultTlp: source.defaultTlp })}
                        >
                          {t('sources.edit')}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history && state.status === 'ready' && state.data.items.some((source) => source.id === history) && (
        <RunHistory key={`${history}-${runsVersion}`} source={state.data.items.find((source) => source.id === history)!} view={view} onViewChange={(next) => showRuns(history, next)} />
      )}
    </div>
  );
}
