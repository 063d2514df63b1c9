import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { berlinText, localToIso, type Incident, type Stage } from './model';
import { problemWording } from '../../lib/problem-wording';
import { wording, worded, type Wording } from '../../lib/wording';

/**
 * The BSI's acknowledgement of receipt of one submitted stage (reference number and date), and a
 * small form to record or correct it. The submitted stage itself never changes.
 */
export function StageAcknowledgement({ incident, stage, onChange }: { incident: Incident; stage: Stage; onChange: (incident: Incident) => void }) {
  const { t, lang } = useI18n();
  const ack = stage.bsiAcknowledgement;
  const [reference, setReference] = useState(ack?.bsiReference ?? '');
  const [at, setAt] = useState('');
  const [note, setNote] = useState(ack?.note ?? '');
  const [message, setMessage] = useState<Wording | null>(null);
  const id = `ack-${stage.id}`;

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      await api.put(`/incidents/${incident.id}/stages/${stage.id}/bsi-acknowledgement`, { bsiReference: reference, acknowledgedAt: localToIso(at), ...(note.trim() ? { note } : {}) });
      onChange(await api.get<Incident>(`/incidents/${incident.id}`));
      setMessage(wording('bsiAck.saved'));
    } catch (error) {
      setMessage(problemWording(error));
    }
  }

  return (
    <div className="stage-ack">
      <p>
        {ack ? t('bsiAck.recorded', { reference: ack.bsiReference, when: berlinText(ack.acknowledged.utc, lang) }) : t('bsiAck.none')}
        {ack?.note ? ` – ${ack.note}` : ''}
      </p>
      {incident.status === 'reported' && (
        <details>
          <summary>{ack ? t('bsiAck.correct') : t('bsiAck.record')}</summary>
          <form onSubmit={(event) => void save(event)}>
            <label htmlFor={`${id}-ref`}>{t('bsiAck.reference')}</label>
            <input id={`${id}-ref`} value={reference} onChange={(event) => setReference(event.target.value)} required maxLength={100} />
            <label htmlFor={`${id}-at`}>{t('bsiAck.at')}</label>
            <input id={`${id}-at`} type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} required />
            <label htmlFor={`${id}-note`}>{t('bsiAck.note')}</label>
            <input id={`${id}-note`} value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} />
            <button type="submit" className="button button--secondary">{t('bsiAck.save')}</button>
          </form>
        </details>
      )}
      <p role="status" aria-live="polite">
        {worded(t, message)}
      </p>
    </div>
  );
}
