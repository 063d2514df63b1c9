import { useCallback, useEffect, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { useLiveEvents } from '../../app/live';
import type { PageProps } from '../../app/routes';
import { useI18n, type MessageKey } from '../../i18n';
import { api, buildUrl } from '../../lib/api';
import { formatDate } from '../advisories/model';
import './inventory.css';

interface Totals { affected: number; acknowledged: number; mitigated: number; overdue: number; open: number }
interface Row { organizationId: string; organizationName: string; district: { name: string } | null; acknowledgement: { status: string; at: string; by: string | null; comment: string | null } | null; readers: number; overdue: boolean }
interface Coverage { advisory: { id: string; title: { de: string; en?: string } }; totals: Totals; organizations: Row[]; progress: { at: string; acknowledged: number }[]; districts: ({ id: string | null; name: string } & Totals)[] }

/** A step chart of answers over time, with the same data as text for screen readers. */
function ProgressChart({ points, max }: { points: { at: string; acknowledged: number }[]; max: number }) {
  const { t, lang } = useI18n();
  if (points.length === 0) return null;
  const width = 400;
  const height = 140;
  const start = new Date(points[0]!.at).getTime();
  const end = Math.max(new Date(points.at(-1)!.at).getTime(), start + 1);
  const x = (at: string) => 30 + ((new Date(at).getTime() - start) / (end - start)) * (width - 40);
  const y = (value: number) => height - 20 - (value / Math.max(max, 1)) * (height - 40);
  const path = points.map((point, i) => `${i === 0 ? '' : `${x(point.at)},${y(points[i - 1]!.acknowledged)} `}${x(point.at)},${y(point.acknowledged)}`).join(' ');
  const text = points.map((point) => `${formatDate(point.at, lang)}: ${point.acknowledged}`).join('; ');
  return (
    <figure>
      <svg className="coverage__chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="coverage-chart-title coverage-chart-desc">
        <title id="coverage-chart-title">{t('coverage.chart')}</title>
        <desc id="coverage-chart-desc">{t('coverage.chartText', { points: text })}</desc>
        <line x1="30" y1={height - 20} x2={width - 10} y2={height - 20} />
        <line x1="30" y1="10" x2="30" y2={height - 20} />
        <text x="4" y={y(max) + 4}>{max}</text>
        <text x="4" y={height - 16}>0</text>
        <polyline points={path} />
      </svg>
      <figcaption>{t('coverage.chartText', { points: text })}</figcaption>
    </figure>
  );
}

/**
 * The CERT's coverage of one advisory: table, progress chart and district overview. Live: an
 * organization's acknowledgement of this advisory reloads the coverage (REST, same access rule) and is
 * announced in the polite live region.
 */
export function CoveragePage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const id = params.id ?? '';
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const load = useCallback(() => api.get<Coverage>(`/advisories/${encodeURIComponent(id)}/coverage`).then(setCoverage), [id]);
  useEffect(() => {
    load().catch(() => undefined);
  }, [load]);
  useLiveEvents(
    (event) => {
      if (event.type !== 'advisory.acknowledged' || event.payload.advisoryId !== id) return;
      const { organizationName, status } = event.payload;
      load()
        .then(() => announce(t('coverage.live', { organization: organizationName, status: t(`ack.${status}` as MessageKey) })))
        .catch(() => undefined);
    },
    () => void load().catch(() => undefined),
  );
  if (!coverage) return <h1>{t('coverage.title')}</h1>;
  const { totals } = coverage;
  return (
    <div className="coverage">
      <div className="page-header">
        <h1>
          {t('coverage.title')}: {lang === 'en' ? (coverage.advisory.title.en ?? coverage.advisory.title.de) : coverage.advisory.title.de}
        </h1>
        <p className="page-header__lead">{t('coverage.totals', { affected: totals.affected, acknowledged: totals.acknowledged, mitigated: totals.mitigated, overdue: totals.overdue })}</p>
        <p>
          <a className="button" href={buildUrl(`/advisories/${id}/coverage.csv`)} download>
            {t('coverage.export')}
          </a>
        </p>
      </div>
      <section className="card panel" aria-labelledby="coverage-table-heading">
        <h2 id="coverage-table-heading" className="panel__title">
          {t('coverage.organization')}
        </h2>
        {coverage.organizations.length === 0 ? (
          <p>{t('coverage.none')}</p>
        ) : (
          <table className="coverage__table">
            <thead>
              <tr>
                <th scope="col">{t('coverage.organization')}</th>
                <th scope="col">{t('coverage.district')}</th>
                <th scope="col">{t('coverage.status')}</th>
                <th scope="col">{t('coverage.at')}</th>
                <th scope="col">{t('coverage.readers')}</th>
                <th scope="col">{t('coverage.overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {coverage.organizations.map((row) => (
                <tr key={row.organizationId}>
                  <th scope="row">{row.organizationName}</th>
                  <td>{row.district?.name ?? '–'}</td>
                  <td>{row.acknowledgement ? t(`ack.${row.acknowledgement.status}` as MessageKey) : t('coverage.open')}</td>
                  <td>{row.acknowledgement ? `${formatDate(row.acknowledgement.at, lang)}${row.acknowledgement.by ? ` (${row.acknowledgement.by})` : ''}` : '–'}</td>
                  <td>{row.readers}</td>
                  <td className={row.overdue ? 'coverage__overdue' : undefined}>{row.overdue ? t('coverage.yes') : t('coverage.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card panel" aria-labelledby="coverage-chart-heading">
        <h2 id="coverage-chart-heading" className="panel__title">
          {t('coverage.chart')}
        </h2>
        <ProgressChart points={coverage.progress} max={Math.max(totals.affected, totals.acknowledged)} />
      </section>
      <section className="card panel" aria-labelledby="coverage-districts-heading">
        <h2 id="coverage-districts-heading" className="panel__title">
          {t('coverage.districts')}
        </h2>
        <ul className="coverage__districts">
          {coverage.districts.map((district) => (
            <li key={district.id ?? 'none'} className={`coverage__district${district.overdue > 0 ? ' coverage__district--overdue' : ''}`}>
              <strong>{district.name || '–'}</strong>
              <br />
              {t('coverage.totals', { affected: district.affected, acknowledged: district.acknowledged, mitigated: district.mitigated, overdue: district.overdue })}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
