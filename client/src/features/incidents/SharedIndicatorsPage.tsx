import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import type { Indicator, Page } from './model';
import './incidents.css';

type Spread = { totals: { sightings: number; count: number; organizations: number }; items: { id: string; organization: { name: string | null } | null; count: number; seenAt: string | null }[] };

function IndicatorRow({ indicator }: { indicator: Indicator }) {
  const { t } = useI18n();
  const [spread, setSpread] = useState<Spread | null>(null);
  const [count, setCount] = useState('1');
  const [error, setError] = useState('');
  const load = () => api.get<Spread>(`/indicators/${indicator.id}/sightings`).then(setSpread);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [indicator.id]);
  const inputId = `sighting-count-${indicator.id}`;
  return (
    <li>
      <code>{indicator.value}</code> ({indicator.observableType}, TLP:{indicator.tlp}){' '}
      {spread && <span>{t('sightings.totals', { count: spread.totals.count, orgs: spread.totals.organizations })}</span>}
      {spread && spread.items.length > 0 && (
        <ul>{spread.items.map((item) => <li key={item.id}>{item.organization?.name}: {item.count}</li>)}</ul>
      )}
      <form className="inline" onSubmit={(e) => { e.preventDefault(); setError(''); api.post(`/indicators/${indicator.id}/sightings`, { seenAt: new Date().toISOString(), count: Number(count) || 1 }).then(load).catch((x: unknown) => setError(x instanceof ApiError ? x.message : String(x))); }}>
        <label htmlFor={inputId} className="inline">{t('sightings.count')}</label>
        <input id={inputId} type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} style={{ width: '6rem' }} />
        <button type="submit">{t('sightings.seen')}</button>
        {error && <span role="alert">{error}</span>}
      </form>
    </li>
  );
}

/** Shared indicators the caller may see, with "seen here too" and the community spread. */
export function SharedIndicatorsPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<Indicator[] | null>(null);
  useEffect(() => {
    void api.get<Page<Indicator>>('/indicators').then((page) => setItems(page.items)).catch(() => setItems([]));
  }, []);
  return (
    <div className="incidents">
      <h1>{t('sightings.title')}</h1>
      {items === null ? <p role="status">{t('incidents.loading')}</p> : items.length === 0 ? <p>{t('incidents.empty')}</p> : <ul>{items.map((indicator) => <IndicatorRow key={indicator.id} indicator={indicator} />)}</ul>}
    </div>
  );
}
