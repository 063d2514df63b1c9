/** The panels of the situation picture: level, incidents, coverage, unanswered, intake, feeds, municipalities. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice } from '../../components/ProblemNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { api, ApiError } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { formatDateTime } from '../../lib/use-resource';
import { levelKey } from './ThreatLevelBadge';
import './situation.css';
import { berlinDeadline, pick, type Exposure, type OpenIncident, type Situation, type ThreatLevel } from './model';

/** The level with its reason; CERT staff set a new one after confirming (the picture and the header follow from the cache). */
export function LevelPanel({ level, canSet }: { level: ThreatLevel; canSet: boolean }) {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState({ level: String(level.level), de: '', en: '' });
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const setLevel = useMutation({
    mutationFn: (body: { level: number; reason: { de: string; en?: string } }) => api.put('/situation/level', body),
    onSuccess: () => {
      setConfirming(false);
      setProblem(null);
      setDraft((d) => ({ ...d, de: '', en: '' }));
      return client.invalidateQueries({ queryKey: queryKeys.situation.all });
    },
    onError: (error) => {
      setConfirming(false);
      setProblem(error instanceof ApiError ? error : null);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setLevel.mutate({ level: Number(draft.level), reason: { de: draft.de, ...(draft.en.trim() ? { en: draft.en } : {}) } });
  };
  return (
    <section className={`card panel level-panel level-panel--${level.level}`} aria-labelledby="level-heading">
      <h2 id="level-heading" className="panel__title">{t(levelKey(level.level))}</h2>
      <p className="level-panel__description">{pick(level.description, lang)}</p>
      {level.reason ? <p className="level-panel__reason">{pick(level.reason, lang)}</p> : <p>{t('situation.level.notSet')}</p>}
      {level.setBy && level.setAt ? <p className="level-panel__meta">{t('situation.level.setBy', { name: level.setBy.name, at: formatDateTime(lang, level.setAt) })}</p> : null}
      {canSet ? (
        <details className="level-panel__form">
          <summary>{t('situation.level.formTitle')}</summary>
          <form onSubmit={submit}>
            {problem ? <ProblemNotice error={problem} /> : null}
            <div className="field">
              <label htmlFor="level-select">{t('situation.level.formLevel')}</label>
              <select id="level-select" value={draft.level} onChange={(e) => { setDraft({ ...draft, level: e.target.value }); setConfirming(false); }}>
                {[1, 2, 3, 4].map((value) => <option key={value} value={value}>{t(levelKey(value))}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="level-reason">{t('situation.level.formReason')}</label>
              <textarea id="level-reason" required minLength={3} rows={2} value={draft.de} onChange={(e) => { setDraft({ ...draft, de: e.target.value }); setConfirming(false); }} />
            </div>
            <div className="field">
              <label htmlFor="level-reason-en">{t('situation.level.formReasonEn')}</label>
              <textarea id="level-reason-en" rows={2} value={draft.en} onChange={(e) => setDraft({ ...draft, en: e.target.value })} />
            </div>
            {confirming ? <p className="notice notice--warning" role="status">{t('situation.level.confirm', { label: t(levelKey(Number(draft.level))) })}</p> : null}
            <button type="submit" className="button button--primary" disabled={setLevel.isPending}>{t('situation.level.formSubmit')}</button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

export function IncidentsPanel({ incidents, own }: { incidents: OpenIncident[]; own: boolean }) {
  const { t, lang } = useI18n();
  return (
    <section className="card panel" aria-labelledby="incidents-heading">
      <h2 id="incidents-heading" className="panel__title">{t(own ? 'situation.incidents.ownTitle' : 'situation.incidents.title')}</h2>
      {incidents.length === 0 ? (
        <EmptyState title={t('situation.incidents.empty')} />
      ) : (
        <div className="data-table-wrap">
          <table className="data-table data-table--compact" data-testid="incident-table">
            <thead>
              <tr>
                <th scope="col">{t('situation.incidents.colTitle')}</th>
                {own ? null : <th scope="col">{t('situation.incidents.colOrg')}</th>}
                <th scope="col">{t('situation.incidents.colState')}</th>
                <th scope="col">{t('situation.incidents.colNext')}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((incident) => (
                <tr key={incident.id} className={incident.next?.overdue ? 'row--overdue' : undefined}>
                  <td><Link to={`/vorfaelle/${incident.id}`}>{incident.title ?? incident.id}</Link></td>
                  {own ? null : <td>{incident.organization.name}{incident.sector ? <span className="muted"> · {t(`sector.${incident.sector}` as MessageKey)}</span> : null}</td>}
                  <td>{t(`state.${incident.triageState}` as MessageKey)}</td>
                  <td>
                    {incident.next ? (
                      <>
                        {t(`stage.${incident.next.stage}` as MessageKey)}: <time dateTime={incident.next.due.utc}>{berlinDeadline(incident.next.due, lang)}</time>
                        {incident.next.overdue ? <strong className="badge badge--danger"> {t('situation.incidents.overdue')}</strong> : null}
                      </>
                    ) : (
                      t('situation.incidents.none')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function CriticalPanel({ items }: { items: NonNullable<Situation['criticalAdvisories']> }) {
  const { t, lang } = useI18n();
  return (
    <section className="card panel" aria-labelledby="critical-heading">
      <h2 id="critical-heading" className="panel__title">{t('situation.critical.title')}</h2>
      {items.length === 0 ? (
        <EmptyState title={t('situation.critical.empty')} />
      ) : (
        <ul className="plain-list">
          {items.map((item) => (
            <li key={item.advisory.id} className="coverage-row">
              <span className={`severity severity--${item.advisory.severity}`}>{t(`severity.${item.advisory.severity}` as MessageKey)}</span>{' '}
              <Link to={`/warnmeldungen/${item.advisory.id}`}>{pick(item.advisory.title, lang)}</Link>
              <div className="coverage-row__meta">
                {item.affected === 0 ? (
                  t('situation.critical.noneAffected')
                ) : (
                  <>
                    <meter min={0} max={item.affected} value={item.acknowledged} aria-hidden="true" />{' '}
                    {t('situation.critical.coverage', { acknowledged: item.acknowledged, affected: item.affected, overdue: item.overdue })}
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function UnansweredPanel({ items }: { items: Exposure[] }) {
  const { t, lang } = useI18n();
  return (
    <section className="card panel" aria-labelledby="unanswered-heading">
      <h2 id="unanswered-heading" className="panel__title">{t('situation.unanswered.title')}</h2>
      {items.length === 0 ? (
        <EmptyState title={t('situation.unanswered.empty')} />
      ) : (
        <ul className="plain-list">
          {items.slice(0, 12).map((item) => (
            <li key={`${item.advisory.id}|${item.organization.id}`}>
              <strong>{item.organization.name}</strong> – <Link to={`/warnmeldungen/${item.advisory.id}`}>{pick(item.advisory.title, lang)}</Link>
              {item.dueAt ? <span className={item.overdue ? 'badge badge--danger' : 'muted'}> {item.overdue ? t('situation.incidents.overdue') : t('situation.unanswered.due', { at: formatDateTime(lang, item.dueAt) })}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function IntakePanel({ intake, feeds }: { intake: NonNullable<Situation['intake']>; feeds: NonNullable<Situation['feedHealth']> }) {
  const { t, lang } = useI18n();
  return (
    <section className="card panel" aria-labelledby="intake-heading">
      <h2 id="intake-heading" className="panel__title">{t('situation.intake.title')}</h2>
      <dl className="stat-row">
        <div><dt>{t('situation.intake.items')}</dt><dd>{intake.newItems}</dd></div>
        <div><dt>{t('situation.intake.kev')}</dt><dd>{intake.newKev}</dd></div>
        <div><dt>{t('situation.intake.epss')}</dt><dd>{intake.highEpss}</dd></div>
      </dl>
      {intake.newItems === 0 ? (
        <p className="muted">
          {feeds.some((feed) => feed.enabled) ? t('situation.intake.none') : t('situation.intake.allDisabled')} <Link to="/quellen">{t('situation.intake.toSources')}</Link>
        </p>
      ) : null}
      <h3 className="panel__subtitle">{t('situation.feeds.title')}</h3>
      {feeds.length === 0 ? (
        <p className="muted">{t('situation.feeds.empty')}</p>
      ) : (
        <ul className="plain-list feed-health">
          {feeds.map((feed) => (
            <li key={feed.id}>
              <span className={feed.failing ? 'badge badge--danger' : 'badge'}>{feed.failing ? t('situation.feeds.failing') : feed.lastStatus ? t('situation.feeds.ok') : feed.enabled ? t('situation.feeds.never') : t('situation.feeds.disabled')}</span> {feed.name}
              {feed.lastSuccessAt ? <span className="muted"> · {t('situation.feeds.lastSuccess', { at: formatDateTime(lang, feed.lastSuccessAt) })}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function MunicipalitiesPanel({ items }: { items: NonNullable<Situation['municipalities']> }) {
  const { t } = useI18n();
  return (
    <section className="card panel" aria-labelledby="municipalities-heading">
      <h2 id="municipalities-heading" className="panel__title">{t('situation.municipalities.title')}</h2>
      <p className="panel__intro">{t('situation.municipalities.intro')}</p>
      <table className="data-table data-table--compact" data-testid="municipality-table">
        <thead>
          <tr>
            <th scope="col">{t('situation.municipalities.colName')}</th>
            <th scope="col">{t('situation.municipalities.colOpen')}</th>
            <th scope="col">{t('situation.municipalities.colUnanswered')}</th>
            <th scope="col">{t('situation.municipalities.colOverdue')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} className={item.overdue > 0 ? 'row--overdue' : undefined}>
              <th scope="row">{item.name}</th>
              <td>{item.openExposures}</td>
              <td>{item.unanswered}</td>
              <td>{item.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
