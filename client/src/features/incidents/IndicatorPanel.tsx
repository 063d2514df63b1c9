import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import type { Indicator, Page } from './model';

type Extraction = { observables: { type: string; value: string }[]; rejected: string[] };
const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'];

/** The incident's indicators, bulk paste with an extraction preview, and (CERT) sanitized sharing. */
export function IndicatorPanel({ incidentId, canShare }: { incidentId: string; canShare: boolean }) {
  const { t } = useI18n();
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [text, setText] = useState('');
  const [tlp, setTlp] = useState('AMBER+STRICT');
  const [preview, setPreview] = useState<Extraction | null>(null);
  const [shareTlp, setShareTlp] = useState('GREEN');
  const [description, setDescription] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const load = () => api.get<Page<Indicator>>(`/incidents/${incidentId}/indicators`).then((page) => setIndicators(page.items));
  useEffect(() => {
    void load().catch(() => undefined);
  }, [incidentId]);

  async function attempt(action: () => Promise<void>) {
    setError('');
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.errors.map((x) => `${x.path}: ${x.message}`)].join(' ') : String(e));
    }
  }

  return (
    <section aria-labelledby="indicators-heading">
      <h2 id="indicators-heading">{t('indicators.title')}</h2>
      <ul>
        {indicators.map((indicator) => (
          <li key={indicator.id}>
            <code>{indicator.value}</code> ({indicator.observableType}, TLP:{indicator.tlp})
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => { e.preventDefault(); void attempt(async () => setPreview(await api.post<Extraction>('/indicators/extract', { text }))); }}>
        <label htmlFor="indicator-text">{t('indicators.paste')}</label>
        <textarea id="indicator-text" rows={4} value={text} onChange={(e) => { setText(e.target.value); setPreview(null); }} />
        <label htmlFor="indicator-tlp">TLP</label>
        <select id="indicator-tlp" value={tlp} onChange={(e) => setTlp(e.target.value)}>
          {TLPS.map((value) => <option key={value}>{value}</option>)}
        </select>
        <button type="submit">{t('indicators.preview')}</button>
      </form>
      {preview && (
        <div role="status">
          {preview.observables.length === 0 ? <p>{t('indicators.none')}</p> : (
            <ul>{preview.observables.map((o) => <li key={`${o.type}:${o.value}`}><code>{o.value}</code> ({o.type})</li>)}</ul>
          )}
          {preview.rejected.length > 0 && <p>{t('indicators.rejected', { list: preview.rejected.join(', ') })}</p>}
          {preview.observables.length > 0 && (
            <button type="button" onClick={() => void attempt(async () => { await api.post(`/incidents/${incidentId}/indicators`, { text, tlp }); setText(''); setPreview(null); await load(); })}>
              {t('indicators.add', { n: preview.observables.length })}
            </button>
          )}
        </div>
      )}
      {canShare && indicators.length > 0 && (
        <form onSubmit={(e) => { e.preventDefault(); void attempt(async () => {
          const result = await api.post<{ reporterLabel: string; package: { id: string } }>(`/incidents/${incidentId}/share`, { package: { indicatorIds: indicators.map((i) => i.id), tlp: shareTlp, ...(description ? { description } : {}) } });
          setStatus(t('share.done', { label: result.reporterLabel, id: result.package.id }));
        }); }}>
          <h3>{t('share.title')}</h3>
          <label htmlFor="share-tlp">{t('share.tlp')}</label>
          <select id="share-tlp" value={shareTlp} onChange={(e) => setShareTlp(e.target.value)}>
            {TLPS.map((value) => <option key={value}>{value}</option>)}
          </select>
          <label htmlFor="share-description">{t('share.description')}</label>
          <textarea id="share-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          <button type="submit">{t('share.submit')}</button>
        </form>
      )}
      <p role="status">{status}</p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
