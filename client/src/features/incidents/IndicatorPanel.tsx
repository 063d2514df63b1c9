import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { indicatorTypeLabel } from '../../lib/labels';
import type { Indicator, Page } from './model';
import { ShareDialog } from './ShareDialog';
import { problemWording } from '../../lib/problem-wording';
import { worded, type Wording } from '../../lib/wording';

type Extraction = { observables: { type: string; value: string }[]; rejected: string[] };
const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'];

/** The incident's indicators, bulk paste with an extraction preview, and (CERT) sanitized sharing. */
export function IndicatorPanel({ incidentId, canShare, onShared }: { incidentId: string; canShare: boolean; onShared: () => void }) {
  const { t } = useI18n();
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [text, setText] = useState('');
  // No label by default: the indicators go out at the TLP of the package the CERT shares them in.
  const [tlp, setTlp] = useState('');
  const [preview, setPreview] = useState<Extraction | null>(null);
  const [status] = useState('');
  const [error, setError] = useState<Wording | null>(null);

  const load = useCallback(() => api.get<Page<Indicator>>(`/incidents/${incidentId}/indicators`).then((page) => setIndicators(page.items)), [incidentId]);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  async function attempt(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(problemWording(e));
    }
  }

  return (
    <section className="card panel" aria-labelledby="indicators-heading">
      <h2 id="indicators-heading" className="panel__title">{t('indicators.title')}</h2>
      <ul>
        {indicators.map((indicator) => (
          <li key={indicator.id}>
            <code>{indicator.value}</code> ({indicatorTypeLabel(t, indicator.observableType)}, {indicator.tlpExplicit ? `TLP:${indicator.tlp}` : t('indicators.tlpFollows')})
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => { e.preventDefault(); void attempt(async () => setPreview(await api.post<Extraction>('/indicators/extract', { text }))); }}>
        <label htmlFor="indicator-text">{t('indicators.paste')}</label>
        <textarea id="indicator-text" rows={4} value={text} onChange={(e) => { setText(e.target.value); setPreview(null); }} />
        <label htmlFor="indicator-tlp">TLP</label>
        <select id="indicator-tlp" value={tlp} aria-describedby="indicator-tlp-hint" onChange={(e) => setTlp(e.target.value)}>
          <option value="">{t('indicators.tlpDefault')}</option>
          {TLPS.map((value) => <option key={value} value={value}>TLP:{value}</option>)}
        </select>
        <p id="indicator-tlp-hint" className="field-hint">{t('indicators.tlpHint')}</p>
        <button type="submit" className="button button--secondary">{t('indicators.preview')}</button>
      </form>
      {preview && (
        <div role="status">
          {preview.observables.length === 0 ? <p>{t('indicators.none')}</p> : (
            <ul>{preview.observables.map((o) => <li key={`${o.type}:${o.value}`}><code>{o.value}</code> ({indicatorTypeLabel(t, o.type)})</li>)}</ul>
          )}
          {preview.rejected.length > 0 && <p>{t('indicators.rejected', { list: preview.rejected.join(', ') })}</p>}
          {preview.observables.length > 0 && (
            <button type="button" className="button button--primary" onClick={() => void attempt(async () => { await api.post(`/incidents/${incidentId}/indicators`, { text, ...(tlp ? { tlp } : {}) }); setText(''); setPreview(null); await load(); })}>
              {t('indicators.add', { n: preview.observables.length })}
            </button>
          )}
        </div>
      )}
      {canShare && indicators.length > 0 ? <ShareDialog incidentId={incidentId} onShared={onShared} /> : null}
      <p role="status">{status}</p>
      {error && <p role="alert">{worded(t, error)}</p>}
    </section>
  );
}
