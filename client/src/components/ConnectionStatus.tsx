import { useConnection } from '../app/connection';
import { useI18n } from '../i18n';

export function ConnectionStatus() {
  const { state } = useConnection();
  const { t } = useI18n();
  return (
    <div className="connection" data-state={state} role="status" aria-label={t('connection.label')}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{t(`connection.${state}`)}</span>
    </div>
  );
}
