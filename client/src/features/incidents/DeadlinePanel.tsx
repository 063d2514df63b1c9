import { useEffect, useRef, useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { berlinText, duration, type Incident } from './model';
import { StageContent } from './ReportCard';
import { StageAcknowledgement } from './StageAcknowledgement';
import { problemWording } from '../../lib/problem-wording';
import { worded, type Wording } from '../../lib/wording';

/** The stage deadlines with live countdowns, and the submitted stages with their exports. */
export function DeadlinePanel({ incident, onChange }: { incident: Incident; onChange: (incident: Incident) => void }) {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const [stage, setStage] = useState('notification');
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<Wording | null>(null);
  const confirm = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  async function submit() {
    setError(null);
    try {
      onChange(await api.post<Incident>(`/incidents/${incident.id}/stages`, { stage, summary }));
      setSummary('');
      confirm.current?.close();
    } catch (e) {
      setError(problemWording(e));
    }
  }

  return (
    <section className="card panel" aria-labelledby="deadlines-heading">
      <h2 id="deadlines-heading" className="panel__title">{t('deadline.title')}</h2>
      <ul className="deadlines">
        {incident.deadlines.map((deadline) => {
          const label = t(`stage.${deadline.stage}` as MessageKey);
          if (deadline.state === 'submitted' && deadline.submitted) return <li key={deadline.stage}>{label}: {t('deadline.submitted', { when: berlinText(deadline.submitted.utc, lang) })}</li>;
          if (!deadline.due) return <li key={deadline.stage}>{label}: {t('deadline.waiting')}</li>;
          const left = new Date(deadline.due.utc).getTime() - now;
          return (
            <li key={deadline.stage} className={left < 0 ? 'overdue' : undefined}>
              {label}: <time dateTime={deadline.due.utc}>{berlinText(deadline.due.utc, lang)}</time> – {left < 0 ? t('deadline.overdue', { time: duration(left, lang) }) : t('deadline.left', { time: duration(left, lang) })}
            </li>
          );
        })}
      </ul>
      {/* The one place of the submitted stages: what was sent, when, its exports and the BSI's receipt. */}
      {incident.stages.length > 0 ? (
        <>
          <h3>{t('stages.title')}</h3>
          <ul className="plain-list stage-list">
            {incident.stages.map((item) => (
              <li key={item.id} className="stage-item">
                <p className="stage-item__head">
                  <strong>{t(`stage.${item.stage}` as MessageKey)}</strong> #{item.revision}
                  {item.correctsId ? ` (${t('stages.correction', { n: item.revision - 1 })})` : ''}
                  {item.submitted ? ` · ${t('deadline.submitted', { when: berlinText(item.submitted.utc, lang) })}` : ''} –{' '}
                  <a href={`/api/v1/incidents/${incident.id}/stages/${item.id}/export?format=json`}>{t('stages.json')}</a>,{' '}
                  <a href={`/api/v1/incidents/${incident.id}/stages/${item.id}/export?format=pdf&lang=${lang}`}>{t('stages.pdf')}</a>
                </p>
                <details className="stage-detail" open={item === incident.stages.at(-1)}>
                  <summary>{t('stages.summary')}</summary>
                  <StageContent stage={item} />
                </details>
                <StageAcknowledgement incident={incident} stage={item} onChange={onChange} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {incident.abilities.submitStages && !incident.abilities.triage && (
        <form onSubmit={(e) => { e.preventDefault(); if (summary.trim()) confirm.current?.showModal(); }}>
          <label htmlFor="stage-select">{t('stages.stage')}</label>
          <select id="stage-select" value={stage} onChange={(e) => setStage(e.target.value)}>
            {['notification', 'intermediate', 'progress', 'final'].map((value) => <option key={value} value={value}>{t(`stage.${value}` as MessageKey)}</option>)}
          </select>
          <label htmlFor="stage-summary">{t('stages.summary')}</label>
          <textarea id="stage-summary" rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} required />
          {error && <p role="alert">{worded(t, error)}</p>}
          <button type="submit" className="button button--secondary">{t('stages.submit')}</button>
          <dialog ref={confirm} className="dialog" aria-labelledby="stage-confirm-title" aria-describedby="stage-confirm-text">
            <div className="form">
              <h2 id="stage-confirm-title">{t('stages.confirmTitle', { stage: t(`stage.${stage}` as MessageKey) })}</h2>
              <p id="stage-confirm-text">{t('stages.confirmText')}</p>
              <p className="pre-line">{summary}</p>
              {error ? <p role="alert" className="field-error">{worded(t, error)}</p> : null}
              <div className="form__actions">
                <button type="button" className="button button--primary" onClick={() => void submit()}>{t('wizard.confirmSend')}</button>
                <button type="button" className="button button--secondary" onClick={() => confirm.current?.close()}>{t('common.cancel')}</button>
              </div>
            </div>
          </dialog>
        </form>
      )}
    </section>
  );
}
