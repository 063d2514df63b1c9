import { useI18n, type Language, type MessageKey } from '../../i18n';
import { severityLabel } from '../advisories/model';
import { pickText, type FeedItem, type InboxCard } from './model';

/** Feeds name severities in their own words; the BSI class behind them, so the UI speaks one language. */
export const SEVERITY_CLASS: Record<string, string> = { critical: 'kritisch', kritisch: 'kritisch', high: 'hoch', hoch: 'hoch', important: 'hoch', medium: 'mittel', moderate: 'mittel', mittel: 'mittel', low: 'niedrig', niedrig: 'niedrig' };

/** One source's item of a card: its text, products, warninglist hits and findings. */
export function ItemBlock({ item, lang }: { item: FeedItem; lang: Language }) {
  const { t } = useI18n();
  const summary = pickText(item.summary, lang);
  const severity = SEVERITY_CLASS[(item.severity ?? '').toLowerCase()];
  return (
    <div className="feed-item" lang={item.title.de && lang !== 'en' ? 'de' : undefined}>
      <p className="feed-item__meta">
        {t('inbox.source', { name: item.source.name })} · {item.externalId} · {t(`inbox.state.${item.state}`)}
        {severity ? ` · ${severityLabel(t, severity)}` : item.severity ? ` · ${item.severity}` : ''}
        {item.cvssScore !== null ? ` · CVSS ${item.cvssScore.toFixed(1)}` : ''}
      </p>
      <p className="feed-item__title">{pickText(item.title, lang)}</p>
      {summary && <p>{summary}</p>}
      {item.upstreamUpdatedAt && <p className="notice">{t('inbox.upstreamUpdated')}</p>}
      {item.products.length > 0 && (
        <p>
          {t('inbox.products')}: {item.products.map((product) => `${product.vendor} ${product.product}`).join(', ')}
        </p>
      )}
      {item.warnings.length > 0 && (
        <section className="feed-item__warnings notice" aria-label={t('inbox.warnings', { n: String(item.warnings.length) })} data-testid="feed-item-warnings">
          <h3>{t('inbox.warnings', { n: String(item.warnings.length) })}</h3>
          <p>{t('inbox.warningsHint')}</p>
          <ul>
            {item.warnings.map((warning) => (
              <li key={`${warning.stixId}|${warning.value}`}>
                <code>{warning.value}</code>{' '}
                {warning.flags.map((flag) => (
                  <span key={flag.list}>
                    <span className="feed-badge">{t(`inbox.warningCategory.${flag.category}` as MessageKey)}</span>{' '}
                    <span title={flag.listName}>{lang === 'en' ? flag.reason.en : flag.reason.de}</span>
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
      {item.findings.length > 0 && (
        <details className="feed-item__findings">
          <summary>{t('inbox.findings', { n: String(item.findings.length) })}</summary>
          <ul lang="en">
            {item.findings.map((finding, index) => (
              <li key={index}>
                <code>{finding.test}</code> {finding.path || '/'}: {finding.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Indicators of the card's items that a warninglist flags (private address, empty-file hash, public DNS …). */
export function flaggedCount(card: InboxCard): number {
  return [...card.items, ...card.related].reduce((sum, item) => sum + item.warnings.length, 0);
}
