import { useI18n } from '../i18n';

/** TLP 2.0 labels (FIRST). AMBER+STRICT is a variant of AMBER. */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpLabel = (typeof TLP_LABELS)[number];

const modifier: Record<TlpLabel, string> = {
  CLEAR: 'clear',
  GREEN: 'green',
  AMBER: 'amber',
  'AMBER+STRICT': 'amber',
  RED: 'red',
};

/**
 * A TLP marking in the official TLP 2.0 colours on black (see styles/tlp.css).
 * The text always spells the label, so the marking never depends on colour alone.
 */
export function TlpBadge({ label, className }: { label: TlpLabel; className?: string }) {
  const { t } = useI18n();
  const text = `TLP:${label}`;
  return (
    <span
      className={['tlp', `tlp--${modifier[label]}`, className].filter(Boolean).join(' ')}
      title={t('tlp.badgeLabel', { label: text })}
      lang="en"
      translate="no"
    >
      {text}
    </span>
  );
}
