import type { ReactNode } from 'react';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import type { FieldChange } from './model';

/** Names for ids in the audience (organizations, sharing groups, people); unknown ids stay ids. */
export type NameLookup = ReadonlyMap<string, string>;

const FIELD_LABELS: Record<string, MessageKey> = {
  'title.de': 'editor.titleDe',
  'title.en': 'editor.titleEn',
  'summary.de': 'editor.summaryDe',
  'summary.en': 'editor.summaryEn',
  'body.de': 'editor.bodyDe',
  'body.en': 'editor.bodyEn',
  'recommendations.de': 'advisoryForm.recommendationsDe',
  'recommendations.en': 'advisoryForm.recommendationsEn',
  recommendations: 'advisory.recommendations',
  severity: 'editor.severity',
  cvss: 'advisoryForm.cvss',
  cves: 'advisory.cves',
  products: 'advisory.products',
  references: 'advisory.references',
  tlp: 'editor.tlp',
  pap: 'advisoryForm.pap',
  'audience.organizations': 'editor.audience',
  'audience.sharingGroups': 'advisoryForm.sharingGroups',
  'audience.users': 'advisoryForm.recipients',
  source: 'advisoryVersions.field.source',
};

const KIND_LABELS: Record<FieldChange['kind'], MessageKey> = {
  added: 'advisoryVersions.kind.added',
  removed: 'advisoryVersions.kind.removed',
  changed: 'advisoryVersions.kind.changed',
};

function fieldLabel(t: Translate, path: string): ReactNode {
  const key = FIELD_LABELS[path];
  return key ? t(key) : <code>{path}</code>;
}

/** One value as text: labels spelled out, ids replaced by names, objects as `key: value` pairs. */
function valueText(path: string, value: unknown, names: NameLookup): string {
  if (typeof value === 'string') {
    if (path === 'tlp') return `TLP:${value.toUpperCase()}`;
    if (path === 'pap') return `PAP:${value.toUpperCase()}`;
    return path.startsWith('audience.') ? (names.get(value) ?? value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => valueText(path, item, names)).join(', ');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${valueText(key, inner, names)}`)
      .join('; ');
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function Value({ path, value, names }: { path: string; value: unknown; names: NameLookup }) {
  const { t } = useI18n();
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return <span className="muted">{t('advisoryVersions.empty')}</span>;
  if (Array.isArray(value)) {
    return (
      <ul className="plain-list">
        {value.map((item, index) => (
          <li key={index}>{valueText(path, item, names)}</li>
        ))}
      </ul>
    );
  }
  return <span className="pre-line">{valueText(path, value, names)}</span>;
}

/**
 * The changed fields of two revisions side by side. The old value is a `<del>`, the new one an
 * `<ins>`; each also carries a text label ("removed:"/"added:") and the column headers name the
 * versions, so the difference never depends on colour or on the screen reader announcing del/ins.
 */
export function DiffTable({ from, to, changes, names }: { from: number; to: number; changes: FieldChange[]; names: NameLookup }) {
  const { t } = useI18n();
  if (changes.length === 0) return <p>{t('advisoryVersions.noChanges', { from, to })}</p>;
  return (
    <div className="table-scroll">
      <table className="diff">
        <caption>{t('advisoryVersions.caption', { from, to, count: changes.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('advisoryVersions.field')}</th>
            <th scope="col">{t('advisoryVersions.kind')}</th>
            <th scope="col">{t('advisoryVersions.before', { version: from })}</th>
            <th scope="col">{t('advisoryVersions.after', { version: to })}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
              <tr key={change.path}>
                <th scope="row">{fieldLabel(t, change.path)}</th>
                <td>{t(KIND_LABELS[change.kind])}</td>
                <td className="diff__before">
                  {change.before === undefined ? (
                    <span className="muted">{t('advisoryVersions.empty')}</span>
                  ) : (
                    <del>
                      <span className="visually-hidden">{t('advisoryVersions.removedPrefix')} </span>
                      <Value path={change.path} value={change.before} names={names} />
                    </del>
                  )}
                </td>
                <td className="diff__after">
                  {change.after === undefined ? (
                    <span className="muted">{t('advisoryVersions.empty')}</span>
                  ) : (
                    <ins>
                      <span className="visually-hidden">{t('advisoryVersions.addedPrefix')} </span>
                      <Value path={change.path} value={change.after} names={names} />
                    </ins>
                  )}
                </td>
              </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
