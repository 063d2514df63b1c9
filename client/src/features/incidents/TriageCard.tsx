import { useEffect, useId, useRef, useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { severityLabel } from '../../lib/labels';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { INCIDENT_TYPES, SEVERITIES, berlinText, type Incident } from './model';
import { problemWording } from '../../lib/problem-wording';
import { wording, worded, type Wording } from '../../lib/wording';

/**
 * CERT triage without traps: every control starts at the current value and "save" sends only
 * what changed (never the state); state changes are explicit buttons; closing asks in a dialog
 * for a closing note. The SLA line says what is open now.
 */
export function TriageCard({ incident, onChange }: { incident: Incident; onChange: (incident: Incident) => void }) {
  const { t, lang } = useI18n();
  const me = useMe().user;
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const current = { severity: incident.triage.severity ?? '', assignee: incident.triage.assigneeUserId ?? '', type: incident.triage.incidentType ?? '' };
  const [form, setForm] = useState(current);
  // A change by someone else (live event) shows at once: the controls always show the current values.
  useEffect(() => setForm({ severity: incident.triage.severity ?? '', assignee: incident.triage.assigneeUserId ?? '', type: incident.triage.incidentType ?? '' }), [incident.updatedAt, incident.triage.severity, incident.triage.assigneeUserId, incident.triage.incidentType]);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<Wording | null>(null);
  const [problem, setProblem] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);
  // The assignee directory: CERT staff who can triage (server/access decides; id and name only).
  const [directory, setDirectory] = useState<{ id: string; name: string }[] | null>(null);
  const [directoryFailed, setDirectoryFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ items: { id: string; name: string }[] }>('/incidents/assignees', { signal: controller.signal })
      .then((answer) => setDirectory(answer.items))
      .catch(() => {
        if (!controller.signal.aborted) setDirectoryFailed(true);
      });
    return () => controller.abort();
  }, []);
  // "me" first, then the directory; the current assignee stays choosable even if the directory no longer lists them.
  const others = (directory ?? []).filter((user) => user.id !== me.id);
  const currentAssignee = incident.triage.assignee;
  const assigneeOptions = [
    ...others,
    ...(currentAssignee && currentAssignee.id !== me.id && !others.some((user) => user.id === currentAssignee.id) ? [{ id: currentAssignee.id, name: currentAssignee.name ?? currentAssignee.id }] : []),
  ];
  const changed = form.severity !== current.severity || form.assignee !== current.assignee || form.type !== current.type;
  const stateName = (state: string) => t(`state.${state}` as MessageKey);
  const stateWording = (state: string) => wording(`state.${state}` as MessageKey);

  const run = async (work: () => Promise<Incident>, done: (incident: Incident) => Wording) => {
    setBusy(true);
    setProblem(null);
    try {
      const updated = await work();
      onChange(updated);
      setForm({ severity: updated.triage.severity ?? '', assignee: updated.triage.assigneeUserId ?? '', type: updated.triage.incidentType ?? '' });
      setMessage(done(updated));
      return true;
    } catch (error) {
      setProblem(problemWording(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    void run(
      () =>
        api.post<Incident>(`/incidents/${incident.id}/triage`, {
          ...(form.severity !== current.severity && form.severity ? { severity: form.severity } : {}),
          ...(form.assignee !== current.assignee ? { assigneeUserId: form.assignee || null } : {}),
          ...(form.type !== current.type && form.type ? { incidentType: form.type } : {}),
        }),
      (updated) => wording('triage.saved', { state: stateWording(updated.triage.state) }),
    );
  const move = (to: string, withNote?: string) => run(() => api.post<Incident>(`/incidents/${incident.id}/transition`, { to, ...(withNote ? { note: withNote } : {}) }), (updated) => wording('triage.moved', { state: stateWording(updated.triage.state) }));

  const sla = incident.triage.sla;
  return (
    <section className="card panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">{t('triage.title')}</h2>
      <p><strong>{t('triage.current', { state: stateName(incident.triage.state) })}</strong></p>
      {sla ? (
        <p className={sla.next?.breached ? 'overdue' : 'muted'}>
          {incident.triage.state === 'closed' && incident.triage.closedAt
            ? t('sla.closed', { when: berlinText(incident.triage.closedAt, lang) })
            : sla.next
              ? `${t(sla.next.kind === 'acknowledge' ? 'sla.acknowledge' : 'sla.feedback', { when: berlinText(sla.next.due.utc, lang) })}${sla.next.breached ? ` – ${t('sla.breached')}` : ''}`
              : t('sla.met', { ack: sla.acknowledged ? berlinText(sla.acknowledged.utc, lang) : '–', feedback: sla.feedback ? berlinText(sla.feedback.utc, lang) : '–' })}
        </p>
      ) : null}
      <form className="form" onSubmit={(event) => { event.preventDefault(); save(); }}>
        <div className="field">
          <label htmlFor={`${ids}-severity`}>{t('triage.severityLabel')}</label>
          <select id={`${ids}-severity`} value={form.severity} onChange={(event) => setForm({ ...form, severity: event.target.value })}>
            {current.severity === '' ? <option value="">{t('severity.none')}</option> : null}
            {SEVERITIES.map((value) => <option key={value} value={value}>{severityLabel(t, value)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-assignee`}>{t('triage.assignee')}</label>
          <select id={`${ids}-assignee`} value={form.assignee} onChange={(event) => setForm({ ...form, assignee: event.target.value })}>
            <option value={me.id}>{t('triage.assigneeMe', { name: me.name })}</option>
            {assigneeOptions.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
            <option value="">{t('triage.unassigned')}</option>
          </select>
          {directoryFailed ? <p className="field-hint">{t('triage.assigneesFailed')}</p> : null}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-type`}>{t('triage.type')}</label>
          <select id={`${ids}-type`} value={form.type} onChange={(event) => setForm({ ...form, type: event.target.value })}>
            {current.type === '' ? <option value="">{t('incidentType.none')}</option> : null}
            {INCIDENT_TYPES.map((value) => <option key={value} value={value}>{t(`incidentType.${value}` as MessageKey)}</option>)}
          </select>
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={!changed || busy}>{changed ? t('triage.save') : t('triage.noChange')}</button>
        </div>
      </form>
      {incident.triage.allowedTransitions.length > 0 ? (
        <div className="triage-actions" role="group" aria-label={t('triage.actions')}>
          <h3>{t('triage.actions')}</h3>
          {incident.triage.allowedTransitions.map((to) =>
            to === 'closed' ? (
              <button key={to} type="button" className="button button--secondary" disabled={busy} onClick={() => { setNote(''); dialog.current?.showModal(); }}>{t('triage.to.closed')}</button>
            ) : (
              <button key={to} type="button" className="button button--secondary" disabled={busy} onClick={() => void move(to)}>{t(`triage.to.${to}` as MessageKey)}</button>
            ),
          )}
        </div>
      ) : null}
      <p role="status">{worded(t, message)}</p>
      {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
      <dialog ref={dialog} className="dialog" aria-labelledby={`${ids}-close-title`} aria-describedby={`${ids}-close-text`}>
        <form method="dialog" className="form" onSubmit={(event) => { event.preventDefault(); void move('closed', note.trim()).then((ok) => { if (ok) dialog.current?.close(); }); }}>
          <h2 id={`${ids}-close-title`}>{t('triage.closeTitle')}</h2>
          <p id={`${ids}-close-text`}>{t('triage.closeText')}</p>
          <div className="field">
            <label htmlFor={`${ids}-note`}>{t('triage.closeNote')}</label>
            <textarea id={`${ids}-note`} rows={4} required minLength={10} value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy || note.trim().length < 10}>{t('triage.closeConfirm')}</button>
            <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>{t('common.cancel')}</button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
