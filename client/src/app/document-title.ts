import { useEffect } from 'react';
import { useI18n, type MessageKey } from '../i18n';

/** "Page – Lagebild", or "Lagebild – operator" on the home page. */
export function useDocumentTitle(titleKey: MessageKey): void {
  const { t } = useI18n();
  useEffect(() => {
    const title = t(titleKey);
    const product = t('app.name');
    document.title = title === product ? `${product} – ${t('app.operator')}` : `${title} – ${product}`;
  }, [t, titleKey]);
}
