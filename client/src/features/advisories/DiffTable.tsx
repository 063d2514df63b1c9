import { diffWords, type ChangeObject } from 'diff';
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

/** A value as a list of items (arrays item by item, anything else as one item). */
function itemsOf(path: string, value: unknown, names: NameLookup): { key: string; text: string }[] {
  const list: unknown[] = value === undefined ? [] : Array.isArray(value) ? value : [value];
  // Recipients and other ids compare by id; objects (products) by their whole content.
  return list.map((item) => ({ key: typeof item === 'string' ? item : JSON.stringify(item), text: valueText(path, item, names) }));
}

function Marked({ kind, children }: { kind: 'del' | 'ins'; children: ReactNode }) {
  const { t } = useI18n();
  const Tag = kind;
  return (
    <Tag>
      <span className="visually-hidden">{t(kind === 'del' ? 'advisoryVersions.wordsRemoved' : 'advisoryVersions.wordsAdded')} </span>
      {children}
    </Tag>
  );
}

/** One side of a text change, word by word (jsdiff): what the other side lacks is marked. */
function WordSide({ parts, side }: { parts: ChangeObject<string>[]; side: 'before' | 'after' }) {
  return (
    <span className="pre-line">
      {parts.map((part, index) => {
        if (side === 'before' && part.added) return null;
        if (side === 'after' && part.removed) return null;
        if (part.removed) return <Marked key={index} kind="del">{part.value}</Marked>;
        if (part.added) return <Marked key={index} kind="ins">{part.value}</Marked>;
        return <span key={index}>{part.value}</span>;
      })}
    </span>
  );
}

/** One side of a list change: items only this side has are marked, shared ones stay plain. */
function ListSide({ mine, theirs, kind }: { mine: { key: string; text: string }[]; theirs: { key: string; text: string }[]; kind: 'del' | 'ins' }) {
  const { t } = useI18n();
  if (mine.length === 0) return <span className="muted">{t('advisoryVersions.empty')}</span>;
  const other = new Set(theirs.map((item) => item.key));
  return (
    <ul className="plain-list">
      {mine.map((item) => (
        <li key={item.key}>{other.has(item.key) ? item.text : <Marked kind={kind}>{item.text}</Marked>}</li>
      ))}
    </ul>
  );
}

/** Whether two lists hold the same items, whatever their order (then nothing changed). */
function sameItems(a: { key: string }[], b: { key: string }[]): boolean {
  const keys = new Set(a.map((item) => item.key));
  return a.length === b.length && b.every((item) => keys.has(item.key));
}

function ChangeCells({ change, names }: { change: FieldChange; names: NameLookup }) {
  const { t } = useI18n();
  const { before, after, path } = change;
  if (typeof before === 'string' && typeof after === 'string' && !path.startsWith('audience.') && path !== 'tlp' && path !== 'pap') {
    const parts = diffWords(before, after);
    return (
      <>
        <td className="diff__before">
          <WordSide parts={parts} side="before" />
        </td>
        <td className="diff__after">
          <WordSide parts={parts} side="after" />
        </td>
      </>
    );
  }
  if (Array.isArray(before) || Array.isArray(after)) {
    const old = itemsOf(path, before, names);
    const next = itemsOf(path, after, names);
    return (
      <>
        <td className="diff__before">
          <ListSide mine={old} theirs={next} kind="del" />
        </td>
        <td className="diff__after">
          <ListSide mine={next} theirs={old} kind="ins" />
        </td>
      </>
    );
  }
  return (
    <>
      <td className="diff__before">{before === undefined ? <span className="muted">{t('advisoryVersions.empty')}</span> : <Marked kind="del">{valueText(path, before, names)}</Marked>}</td>
      <td className="diff__after">{after === undefined ? <span className="muted">{t('advisoryVersions.empty')}</span> : <Marked kind="ins">{valueText(path, after, names)}</Marked>}</td>
    </>
  );
}

/** Drops list changes that only reorder the same items (recipients compared by id). */
export function meaningfulChanges(changes: FieldChange[]): FieldChange[] {
  const none: NameLookup = new Map();
  return changes.filter((change) => !((Array.isArray(change.before) || Array.isArray(change.after)) && sameItems(itemsOf(change.path, change.before, none), itemsOf(change.path, change.after, none))));
}

/**
 * The changed fields of two revisions side by side. Texts are compared word by word: the old side
 * marks the removed words `<del>`, the new side the added ones `<ins>`; lists (recipients, CVEs,
 * products) item by item, so a recipient in both versions stays unmarked, and a list that only
 * changed its order is no change. Each mark carries a text label ("removed:"/"added:") and the
 * column headers name the versions, so the difference never depends on colour or on the screen
 * reader announcing del/ins.
 */
export function DiffTable({ from, to, changes: all, names }: { from: number; to: number; changes: FieldChange[]; names: NameLookup }) {
  const { t } = useI18n();
  const changes = meaningfulChanges(all);
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
              <ChangeCells change={change} names={names} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
