import { useEffect, useRef, useState, type ReactNode } from 'react';
import { navigate } from '../../app/router';
import { problemMessage } from '../../components/ProblemNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { fieldProblemText } from '../../lib/field-problems';
import { toApiError } from '../../lib/use-resource';
import { wording, worded, type Wording } from '../../lib/wording';
import { INCIDENT_TYPES, SECTORS, localToIso, type Incident } from './model';
import { stepProblems } from './wizard-checks';
import { EMPTY_FORM, toDraft, type WizardForm } from './wizard-form';
import { WizardReview } from './WizardReview';
import './incidents.css';

const STEPS: MessageKey[] = ['wizard.step1', 'wizard.step2', 'wizard.step3', 'wizard.step4', 'wizard.review'];
type Defaults = { sector: string | null; entityType: WizardForm['entityType']; kritis: boolean; contact: { name: string; email: string; phone: string | null }; profileComplete: boolean };

/** The wizard field a problem of the API names (`draft.title` → `title`), or undefined for one it has no field for. */
function fieldOfPath(path: string): keyof WizardForm | undefined {
  const name = path.replace(/^draft\./, '');
  return name in EMPTY_FORM ? (name as keyof WizardForm) : undefined;
}

export function IncidentWizardPage() {
  const { t } = useI18n();
  const [form, setForm] = useState<WizardForm>(EMPTY_FORM);
  const [step, setStep] = useState(0);
  const [id, setId] = useState<string | null>(null);
  const [status, setStatus] = useState<Wording | null>(null);
  // Problems are kept as what words them (the server's refusal, or "the step was checked") and
  // worded at render time, so they follow a language switch; the step's own checks then update as
  // the person corrects the fields.
  const [failure, setFailure] = useState<ReturnType<typeof toApiError> | null>(null);
  const [checked, setChecked] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [review, setReview] = useState<Incident | null>(null);
  // Set by a "Change" on the review: the changed step then leads straight back to the review
  // (GOV.UK "check answers"), not through the steps in between.
  const [changing, setChanging] = useState(false);

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

  const set = <K extends keyof WizardForm>(key: K, value: WizardForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const local = checked ? stepProblems(form, step, new Date()) : [];
  const serverProblems = failure?.errors ?? [];
  /** The sentences for one field: the step's own checks, then the server's. */
  const problemsOf = (key: keyof WizardForm): string[] => [
    ...local.filter((problem) => problem.field === key).map((problem) => t(problem.key)),
    ...serverProblems.filter((problem) => fieldOfPath(problem.path) === key).map((problem) => fieldProblemText(t, problem)),
  ];
  const labelOf: Partial<Record<keyof WizardForm, MessageKey>> = { title: 'wizard.field.title', awarenessAt: 'wizard.field.awarenessAt', startedAt: 'wizard.field.startedAt', detectedAt: 'wizard.field.detectedAt', contactName: 'wizard.field.contactName', contactEmail: 'wizard.field.contactEmail', contactPhone: 'wizard.field.contactPhone' };
  const summary: string[] = [
    ...local.map((problem) => `${t(labelOf[problem.field]!)}: ${t(problem.key)}`),
    ...serverProblems.map((problem) => {
      const field = fieldOfPath(problem.path);
      const label = field ? labelOf[field] : undefined;
      return `${label ? t(label) : problem.path}: ${fieldProblemText(t, problem)}`;
    }),
    ...(failure && serverProblems.length === 0 ? [problemMessage(t, failure)] : []),
  ];

  const text = (key: keyof WizardForm, label: MessageKey, type = 'text', hint?: ReactNode) => {
    const problems = problemsOf(key);
    const describedBy = [hint ? `incident-${key}-hint` : '', problems.length > 0 ? `incident-${key}-error` : ''].filter(Boolean).join(' ');
    return (
      <div className={problems.length > 0 ? 'field--invalid' : undefined}>
        <label htmlFor={`incident-${key}`}>{t(label)}</label>
        {problems.length > 0 ? <p id={`incident-${key}-error`} className="field-error">{problems.join(' ')}</p> : null}
        <input id={`incident-${key}`} type={type} value={String(form[key])} onChange={(e) => set(key, e.target.value as never)} aria-invalid={problems.length > 0 || undefined} aria-describedby={describedBy || undefined} />
        {hint && <p id={`incident-${key}-hint`} className="hint">{hint}</p>}
      </div>
    );
  };
  const area = (key: keyof WizardForm, label: MessageKey) => (
    <div>
      <label htmlFor={`incident-${key}`}>{t(label)}</label>
      <textarea id={`incident-${key}`} rows={4} value={String(form[key])} onChange={(e) => set(key, e.target.value as never)} />
    </div>
  );
  const check = (key: keyof WizardForm, label: MessageKey) => (
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
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(toApiError(error));
    }
  }
  const go = (next: number) => {
    // Moving on needs the step's own checks passed; going back never does.
    if (next > step) {
      const problems = stepProblems(form, step, new Date());
      if (problems.length > 0) {
        setChecked(true);
        setFailure(null);
        requestAnimationFrame(() => document.getElementById(`incident-${problems[0]!.field}`)?.focus());
        return;
      }
    }
    setChecked(false);
    setStatus(null);
    if (next === STEPS.length - 1) setChanging(false);
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
            {/* In the order they happen, the order the checks hold them to (and name the first problem in). */}
            {text('startedAt', 'wizard.field.startedAt', 'datetime-local')}
            {text('detectedAt', 'wizard.field.detectedAt', 'datetime-local')}
            {text('awarenessAt', 'wizard.field.awarenessAt', 'datetime-local', t('wizard.field.awarenessHint'))}
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
            <select id="incident-handling" value={form.handlingStatus} onChange={(e) => set('handlingStatus', e.target.value as WizardForm['handlingStatus'])}>
              {(['ongoing', 'contained', 'resolved'] as const).map((value) => <option key={value} value={value}>{t(`handling.${value}`)}</option>)}
            </select>
            <label htmlFor="incident-sector">{t('wizard.field.sector')}</label>
            <select id="incident-sector" value={form.sector} onChange={(e) => set('sector', e.target.value)}>
              <option value="">{t('sector.none')}</option>
              {SECTORS.map((sector) => <option key={sector} value={sector}>{t(`sector.${sector}` as MessageKey)}</option>)}
            </select>
            <label htmlFor="incident-entity">{t('wizard.field.entityType')}</label>
            <select id="incident-entity" value={form.entityType} onChange={(e) => set('entityType', e.target.value as WizardForm['entityType'])}>
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
          <WizardReview
            form={form}
            review={review}
            go={(target) => {
              setChanging(true);
              go(target);
            }}
          />
        )}
        <div role="alert">
          {summary.length > 0 ? (
            <div className="notice notice--error">
              <p className="notice__title">{t('wizard.error.summary')}</p>
              <ul>{summary.map((line) => <li key={line}>{line}</li>)}</ul>
            </div>
          ) : null}
        </div>
        <p role="status" aria-live="polite">{worded(t, status)}</p>
        <div className="wizard-actions">
          {step > 0 && <button type="button" className="button button--secondary" onClick={() => go(step - 1)}>{t('wizard.back')}</button>}
          {step < STEPS.length - 1 && !changing && <button type="button" className="button button--primary" onClick={() => go(step + 1)}>{t('wizard.next')}</button>}
          {step < STEPS.length - 1 && changing && <button type="button" className="button button--primary" onClick={() => go(STEPS.length - 1)}>{t('wizard.backToReview')}</button>}
          <button type="button" className="button button--secondary" onClick={() => void run(async () => { await save(); setStatus(wording('wizard.saved')); })}>{t('wizard.saveDraft')}</button>
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
          {summary.length > 0 ? <ul role="alert" className="field-error">{summary.map((line) => <li key={line}>{line}</li>)}</ul> : null}
          <div className="form__actions">
            <button type="button" className="button button--primary" onClick={() => void run(async () => { const saved = await save(); await api.post(`/incidents/${saved}/report`, {}); confirm.current?.close(); navigate(`/vorfaelle/${saved}`); })}>{t('wizard.confirmSend')}</button>
            <button type="button" className="button button--secondary" onClick={() => confirm.current?.close()}>{t('common.cancel')}</button>
          </div>
        </div>
      </dialog>
    </div>
  );
}
