/**
 * Thuringia as a schematic tile map (one equal tile per Landkreis and kreisfreie Stadt, placed
 * roughly where it lies), coloured by open exposures; the table below is its accessible alternative
 * and holds the same numbers.
 */
import { useI18n } from '../../i18n';
import type { DistrictTile } from './model';

function shade(tile: DistrictTile, max: number): string {
  if (tile.openExposures === 0) return 'district-tile--0';
  const step = Math.min(3, Math.ceil((tile.openExposures / Math.max(1, max)) * 3));
  return `district-tile--${step}`;
}

export function DistrictMap({ districts }: { districts: DistrictTile[] }) {
  const { t } = useI18n();
  const max = Math.max(0, ...districts.map((d) => d.openExposures));
  const sorted = [...districts].sort((a, b) => b.overdue - a.overdue || b.unanswered - a.unanswered || b.openExposures - a.openExposures || a.name.localeCompare(b.name, 'de'));
  return (
    <section className="card panel" aria-labelledby="map-heading">
      <h2 id="map-heading" className="panel__title">{t('situation.map.title')}</h2>
      <p className="panel__intro">{t('situation.map.intro')}</p>
      <div className="district-map" aria-hidden="true" data-testid="district-map">
        {districts.map((tile) => (
          <div key={tile.key} className={`district-tile ${shade(tile, max)}`} style={{ gridColumn: tile.col + 1, gridRow: tile.row + 1 }} title={t('situation.map.tile', { name: tile.name, exposures: tile.openExposures, unanswered: tile.unanswered, incidents: tile.openIncidents })}>
            <span className="district-tile__short">{tile.short}</span>
            <span className="district-tile__count">{tile.openExposures}</span>
            {tile.openIncidents > 0 ? <span className="district-tile__incident">▲{tile.openIncidents}</span> : null}
          </div>
        ))}
      </div>
      <details className="district-map__data">
        <summary>{t('situation.map.showTable')}</summary>
        <table className="data-table data-table--compact" data-testid="district-table">
          <caption>{t('situation.map.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('situation.map.colDistrict')}</th>
              <th scope="col">{t('situation.map.colOrgs')}</th>
              <th scope="col">{t('situation.map.colExposures')}</th>
              <th scope="col">{t('situation.map.colUnanswered')}</th>
              <th scope="col">{t('situation.map.colOverdue')}</th>
              <th scope="col">{t('situation.map.colIncidents')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((tile) => (
              <tr key={tile.key}>
                <th scope="row">{tile.name}</th>
                <td>{tile.organizations}</td>
                <td>{tile.openExposures}</td>
                <td>{tile.unanswered}</td>
                <td>{tile.overdue}</td>
                <td>{tile.openIncidents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
