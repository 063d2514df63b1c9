import { useI18n } from '../../i18n';

/** The coverage pages' CSV download: one control, styled as a secondary button, on both pages. */
export function CsvExport({ href }: { href: string }) {
  const { t } = useI18n();
  return (
    <p>
      <a className="button button--secondary" href={href} download>
        {t('coverage.export')}
      </a>
    </p>
  );
}
