import { useEffect, useRef, useState, type ReactNode } from 'react';
import { navigate } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { INCIDENT_TYPES, SECTORS, berlinText, localToIso, type Incident } from './model';
import './incidents.css';

type Tri = 'yes' | 'no' | 'unknown';
type Form = {
  title: string; description: string; awarenessAt: string; startedAt: string; detectedAt: string; services: string; systems: string;
  confidentiality: boolean; integrity: boolean; availability: boolean; people: string; customers: string;
  crossBorder: Tri; suspectedMalicious: Tri; ransomware: Tri; handlingStatus: 'ongoing' | 'contained' | 'resolved';
  sector: string; entityType: 'essential' | 'important' | 'none'; physical: boolean; affectedPersons: string; affectedShare: string;
  durationSoFar: string; expectedDuration: string; area: string; areaIsolated: boolean; contactName: string; contactEmail: string; contactPhone: string;
  incidentType: string; kritis: boolean;
};

const EMPTY: Form = {
  title: '', description: '', awarenessAt: '', startedAt: '', detectedAt: '', services: '', systems: '', confidentiality: false, integrity: false, availability: false,
  people: '', customers: '', crossBorder: 'unknown', suspectedMalicious: 'unknown', ransomware: 'unknown', handlingStatus: 'ongoing', sector: '', entityType: 'none',
  physical: false, affectedPersons: '', affectedShare: '', durationSoFar: '', expectedDuration: '', area: '', areaIsolated: false, contactName: '', contactEmail: '', contactPhone: '',
  incidentType: '', kritis: false,
};
const STEPS: MessageKey[] = ['wizard.step1', 'wizard.step2', 'wizard.step3', 'wizard.step4', 'wizard.review'];
type Defaults = { sector: string | null; entityType: Form['entityType']; kritis: boolean; contact: { name: string; email: string; phone: string | null }; profileComplete: boolean };

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The draft as the API takes it: only what is filled in (a draft may be partial). */
function toDraft(form: Form): Record<string, unknown> {
  const draft: Record<string, unknown> = {
    title: form.title.trim() || undefined, description: form.description.trim() || undefined, startedAt: localToIso(form.startedAt), detectedAt: localToIso(form.detectedAt),
    affectedServices: lines(form.services), affectedSystems: lines(form.systems), impact: { confidentiality: form.confidentiality, integrity: form.integrity, availability: form.availability },
    peopleAffected: num(form.people), customersAffected: num(form.customers), crossBorder: form.crossBorder, suspectedMalicious: form.suspectedMalicious, ransomware: form.ransomware,
    handlingStatus: form.handlingStatus, sector: form.sector || undefined, entityType: form.entityType, incidentType: form.incidentType || undefined, kritis: form.kritis,
    contact: form.contactName && form.contactEmail ? { name: form.contactName, email: form.contactEmail, ...(form.contactPhone ? { phone: form.contactPhone } : {}) } : undefined,
    physical: form.physical ? { affectedPersons: num(form.affectedPersons) ?? 0, affectedShare: num(form.affectedShare) ?? 0, durationSoFarHours: num(form.durationSoFar) ?? 0, expectedDurationHours: num(form.expectedDuration), area: form.area || '-', areaIsolated: form.areaIsolated } : undefined,
  };
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined));
}

export function IncidentWizardPage() {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>(EMPTY);
  const [step, setStep] = useState(0);
  const [id, setId] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [review, setReview] = useState<Incident | null>(null);
  const { lang } = useI18n();

  // Prefill from the organization profile and the user: a KRITIS energy operator never starts at "–".
  useEffect(() => {
    api
      .get<Defaults>('/incidents/defaults')
      .then((result) => {
        setDefaults(result);
        setForm((current) => ({ ...current, sector: current.sector || (result.sector ?? ''), entityType: result.entityType, kritis: result.kritis, contactName: current.contactName || result.contact.name, contactEmail: current.contactEmail || result.contact.email, contactPhone: current.contactPhone || (result.contact.phone ?? '') }));
      })
      .catch(() => undefined);
  }, []);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((current) => ({ ...current, [key]: value }));
  const text = (key: keyof Form, label: MessageKey, type = 'text', hint?: ReactNode) => (
    <div>
      <label htmlFor={`incident-${key}`}>{t(label)}</label>
      <input id={`incident-${key}`} type={type} value={String(form[key])} onChange={(e) => set(key, e.target.value as never)} aria-describedby={hint ? `incident-${key}-hint` : undefined} />
      {hint && <p id={`incident-${key}-hint`} className="hint">{hint}</p>}
    </div>
  );
  const area = (key: keyof Form, label: MessageKey) => (
    <div>
      <label htmlFor={`incident-${key}`}>{t(label)}</label>
      <textarea id={`incident-${key}`} rows={4} value={String(form[key])} onChange={(e) => set(key, e.target.value as never)} />
    </div>
  );
  const check = (key: keyof Form, label: MessageKey) => (
    <label className="inline">
      <input type="checkbox" checked={Boolean(form[key])} onChange={(e) => set(key, e.target.checked as never)} /> {t(label)}
    </label>
  );
  const tri = (key: 'crossBorder' | 'suspectedMalicious' | 'ransomware', label: MessageKey) => (
    <fieldset className="inline">
      <legend>{t(label)}</legend>
      {(['yes', 'no', 'unknown'] as const).map((value) => (
        <label key={value} className="inline">
          <input type="radio" name={key} checked={form[key] === value} onChange={() => set(key, value)} /> {t(`tri.${value}`)}
        </label>
      ))}
    </fieldset>
  );

  async function save(): Promise<string> {
    const body = { draft: toDraft(form), ...(localToIso(form.awarenessAt) ? { awarenessAt: localToIso(form.awarenessAt) } : {}) };
    const saved = id ? await api.patch<Incident>(`/incidents/${id}`, body) : await api.post<Incident>('/incidents', body);
    setId(saved.id);
    return saved.id;
  }
  async function run(action: () => Promise<void>) {
    setErrors([]);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.errors.length > 0 ? error.errors.map((e) => `${e.path}: ${e.message}`) : [error.message]);
      else setErrors([String(error)]);
    }
  }
  const go = (next: number) => {
    setStep(next);
    requestAnimationFrame(() => heading.current?.focus());
    // The review step shows the deadlines the server computes for the saved draft.
    if (next === STEPS.length - 1) void run(async () => { const saved = await save(); setReview(await api.get<Incident>(`/incidents/${saved}`)); });
  };

  return (
    <div className="page incidents">
      <header className="page-header"><h1>{t('wizard.title')}</h1></header>
      {defaults ? <p className={defaults.profileComplete ? 'notice' : 'notice notice--error'}>{t(defaults.profileComplete ? 'wizard.prefilled' : 'wizard.profileIncomplete')}</p> : null}
      <h2 ref={heading} tabIndex={-1}>
        {t('wizard.step', { n: step + 1, total: STEPS.length })}: {t(STEPS[step]!)}
      </h2>
      <form className="card panel" onSubmit={(e) => e.preventDefault()} noValidate>
        {step === 0 && (
          <>
            {text('title', 'wizard.field.title')}
            {area('description', 'wizard.field.description')}
            {text('awarenessAt', 'wizard.field.awarenessAt', 'datetime-local', t('wizard.field.awarenessHint'))}
            {text('startedAt', 'wizard.field.startedAt', 'datetime-local')}
            {text('detectedAt', 'wizard.field.detectedAt', 'datetime-local')}
          </>
        )}
        {step === 1 && (
          <>
            {area('services', 'wizard.field.services')}
            {area('systems', 'wizard.field.systems')}
            <fieldset>
              <legend>{t('wizard.field.impact')}</legend>
              {check('confidentiality', 'wizard.field.confidentiality')}
              {check('integrity', 'wizard.field.integrity')}
              {check('availability', 'wizard.field.availability')}
            </fieldset>
            {text('people', 'wizard.field.people', 'number')}
            {text('customers', 'wizard.field.customers', 'number')}
            {tri('crossBorder', 'wizard.field.crossBorder')}
            {tri('suspectedMalicious', 'wizard.field.malicious')}
            {tri('ransomware', 'wizard.field.ransomware')}
          </>
        )}
        {step === 2 && (
          <>
            <label htmlFor="incident-handling">{t('wizard.field.handling')}</label>
            <select id="incident-handling" value={form.handlingStatus} onChange={(e) => set('handlingStatus', e.target.value as Form['handlingStatus'])}>
              {(['ongoing', 'contained', 'resolved'] as const).map((value) => <option key={value} value={value}>{t(`handling.${value}`)}</option>)}
            </select>
            <label htmlFor="incident-sector">{t('wizard.field.sector')}</label>
            <select id="incident-sector" value={form.sector} onChange={(e) => set('sector', e.target.value)}>
              <option value="">{t('sector.none')}</option>
              {SECTORS.map((sector) => <option key={sector} value={sector}>{t(`sector.${sector}` as MessageKey)}</option>)}
            </select>
            <label htmlFor="incident-entity">{t('wizard.field.entityType')}</label>
            <select id="incident-entity" value={form.entityType} onChange={(e) => set('entityType', e.target.value as Form['entityType'])}>
              {(['essential', 'important', 'none'] as const).map((value) => <option key={value} value={value}>{t(`entity.${value}`)}</option>)}
            </select>
            {check('kritis', 'wizard.field.kritis')}
            <label htmlFor="incident-type">{t('wizard.field.type')}</label>
            <select id="incident-type" value={form.incidentType} onChange={(e) => set('incidentType', e.target.value)}>
              <option value="">{t('incidentType.none')}</option>
              {INCIDENT_TYPES.map((value) => <option key={value} value={value}>{t(`incidentType.${value}` as MessageKey)}</option>)}
            </select>
            <fieldset>
              <legend>{check('physical', 'wizard.field.physical')}</legend>
              {form.physical && (
                <>
                  {text('affectedPersons', 'wizard.field.affectedPersons', 'number')}
                  {text('affectedShare', 'wizard.field.affectedShare', 'number')}
                  {text('durationSoFar', 'wizard.field.durationSoFar', 'number')}
                  {text('expectedDuration', 'wizard.field.expectedDuration', 'number')}
                  {text('area', 'wizard.field.area')}
                  {check('areaIsolated', 'wizard.field.areaIsolated')}
                </>
              )}
            </fieldset>
          </>
        )}
        {step === 3 && (
          <>
            {text('contactName', 'wizard.field.contactName')}
            {text('contactEmail', 'wizard.field.contactEmail', 'email')}
            {text('contactPhone', 'wizard.field.contactPhone', 'tel')}
          </>
        )}
        {step === 4 && (
          <>
            <p>{t('wizard.reviewIntro')}</p>
            <dl className="facts">
              <div><dt>{t('wizard.field.title')}</dt><dd>{form.title || '–'} <button type="button" className="button button--secondary" onClick={() => go(0)}>{t('wizard.change')}</button></dd></div>
              <div><dt>{t('wizard.field.description')}</dt><dd className="pre-line">{form.description || '–'}</dd></div>
              <div><dt>{t('wizard.field.awarenessAt')}</dt><dd>{localToIso(form.awarenessAt) ? berlinText(localToIso(form.awarenessAt)!, lang) : t('wizard.needsAwareness')}</dd></div>
              <div><dt>{t('wizard.field.impact')}</dt><dd>{(['confidentiality', 'integrity', 'availability'] as const).filter((key) => form[key]).map((key) => t(`wizard.field.${key}`)).join(', ') || '–'} <button type="button" className="button button--secondary" onClick={() => go(1)}>{t('wizard.change')}</button></dd></div>
              <div><dt>{t('wizard.field.ransomware')}</dt><dd>{t(`tri.${form.ransomware}`)}</dd></div>
              <div><dt>{t('wizard.field.sector')}</dt><dd>{t(`sector.${form.sector || 'none'}` as MessageKey)} · {t(`entity.${form.entityType}`)}{form.kritis ? ` · ${t('report.kritis')}` : ''} <button type="button" className="button button--secondary" onClick={() => go(2)}>{t('wizard.change')}</button></dd></div>
              <div><dt>{t('wizard.field.type')}</dt><dd>{t(`incidentType.${form.incidentType || 'none'}` as MessageKey)}</dd></div>
              <div><dt>{t('wizard.field.contactName')}</dt><dd>{[form.contactName, form.contactEmail, form.contactPhone].filter(Boolean).join(' · ') || '–'} <button type="button" className="button button--secondary" onClick={() => go(3)}>{t('wizard.change')}</button></dd></div>
            </dl>
            <h3>{t('wizard.reviewDeadlines')}</h3>
            {review && review.awareness ? (
              <ul className="deadlines">
                {review.deadlines.map((deadline) => <li key={deadline.stage}><strong>{t(`stage.${deadline.stage}` as MessageKey)}</strong>: {deadline.due ? berlinText(deadline.due.utc, lang) : t('deadline.waiting')}</li>)}
              </ul>
            ) : <p className="hint">{t('wizard.needsAwareness')}</p>}
          </>
        )}
        {errors.length > 0 && (
          <ul role="alert">
            {errors.map((error) => <li key={error}>{error}</li>)}
          </ul>
        )}
        <p role="status" aria-live="polite">{status}</p>
        <div className="wizard-actions">
          {step > 0 && <button type="button" className="button button--secondary" onClick={() => go(step - 1)}>{t('wizard.back')}</button>}
          {step < STEPS.length - 1 && <button type="button" className="button button--primary" onClick={() => go(step + 1)}>{t('wizard.next')}</button>}
          <button type="button" className="button button--secondary" onClick={() => void run(async () => { await save(); setStatus(t('wizard.saved')); })}>{t('wizard.saveDraft')}</button>
          {step === STEPS.length - 1 && (
            <button type="button" className="button button--primary" disabled={!review?.awareness} onClick={() => confirm.current?.showModal()}>
              {t('wizard.submit')}
            </button>
          )}
        </div>
      </form>
      <dialog ref={confirm} className="dialog" aria-labelledby="wizard-confirm-title" aria-describedby="wizard-confirm-text">
        <div className="form">
          <h2 id="wizard-confirm-title">{t('wizard.confirmTitle')}</h2>
          <p id="wizard-confirm-text">{t('wizard.confirmText')}</p>
          {errors.length > 0 ? <ul role="alert" className="field-error">{errors.map((error) => <li key={error}>{error}</li>)}</ul> : null}
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={() => void run(async () => { const saved = await save(); await api.post(`/incidents/${saved}/report`, {}); confirm.current?.close(); navigate(`/vorfaelle/${saved}`); })}>{t('wizard.confirmSend')}</button>
            <button type="button" className="button button--secondary" onClick={() => confirm.current?.close()}>{t('common.cancel')}</button>
          </div>
        </div>
      </dialog>
    </div>
  );
}
