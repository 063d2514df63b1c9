import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { berlinText, localToIso, type Incident } from './model';
import type { WizardForm } from './wizard-form';

/**
 * The wizard's last step, GOV.UK "check your answers": each answer with a "Change" button back to
 * the step where it is entered, and the deadlines the server computed for the saved draft.
 */
export function WizardReview({ form, review, go }: { form: WizardForm; review: Incident | null; go: (step: number) => void }) {
  const { t, lang } = useI18n();
  const awareness = localToIso(form.awarenessAt);
  const timeText = (local: string) => {
    const utc = localToIso(local);
    return utc ? berlinText(utc, lang) : '–';
  };
  /** One answer with its "Change" back to `step`, the step where it is entered: every answer has one. */
  const row = (label: MessageKey, value: ReactNode, step: number, className?: string) => (
    <div>
      <dt>{t(label)}</dt>
      <dd>
        <span className={className}>{value}</span>
        <button type="button" className="button button--secondary" onClick={() => go(step)} aria-label={`${t('wizard.change')}: ${t(label)}`}>
          {t('wizard.change')}
        </button>
      </dd>
    </div>
  );
  return (
    <>
      <p>{t('wizard.reviewIntro')}</p>
      <dl className="facts wizard-review">
        {row('wizard.field.title', form.title || '–', 0)}
        {row('wizard.field.description', form.description || '–', 0, 'pre-line')}
        {row('wizard.field.startedAt', timeText(form.startedAt), 0)}
        {row('wizard.field.detectedAt', timeText(form.detectedAt), 0)}
        {row('wizard.field.awarenessAt', awareness ? berlinText(awareness, lang) : t('wizard.needsAwareness'), 0)}
        {row('wizard.field.impact', (['confidentiality', 'integrity', 'availability'] as const).filter((key) => form[key]).map((key) => t(`wizard.field.${key}`)).join(', ') || '–', 1)}
        {row('wizard.field.ransomware', t(`tri.${form.ransomware}`), 1)}
        {row('wizard.field.sector', `${t(`sector.${form.sector || 'none'}` as MessageKey)} · ${t(`entity.${form.entityType}`)}${form.kritis ? ` · ${t('report.kritis')}` : ''}`, 2)}
        {row('wizard.field.type', t(`incidentType.${form.incidentType || 'none'}` as MessageKey), 2)}
        {row('wizard.field.contactName', [form.contactName, form.contactEmail, form.contactPhone].filter(Boolean).join(' · ') || '–', 3)}
      </dl>
      <h3>{t('wizard.reviewDeadlines')}</h3>
      {review && review.awareness ? (
        <ul className="deadlines">
          {review.deadlines.map((deadline) => (
            <li key={deadline.stage}>
              <strong>{t(`stage.${deadline.stage}` as MessageKey)}</strong>: {deadline.due ? berlinText(deadline.due.utc, lang) : t('deadline.waiting')}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('wizard.needsAwareness')}</p>
      )}
    </>
  );
}
