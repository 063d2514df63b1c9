import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { PageProps } from '../../app/routes';
import { EmptyState } from '../../components/EmptyState';
import { FileField } from '../../components/FileField';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api, buildUrl } from '../../lib/api';
import { fieldProblemText } from '../../lib/field-problems';
import { csvProblemPlace, csvProblemText, isCsvProblem } from './csv-problems';
import { problemMessage } from '../../components/ProblemNotice';
import { severityLabel } from '../../lib/labels';
import { useMe } from '../../lib/session';
import { wording, worded, type Wording } from '../../lib/wording';
import './inventory.css';

interface Asset {
  id: string;
  vendor: string;
  product: string;
  version: string | null;
  cpe: string | null;
  criticality: 'niedrig' | 'mittel' | 'hoch' | 'kritisch';
  whereUsed: string | null;
  tags: string[];
}

const CRITICALITIES = ['niedrig', 'mittel', 'hoch', 'kritisch'] as const;
const EMPTY = { vendor: '', product: '', version: '', cpe: '', criticality: 'mittel', whereUsed: '', tags: '' };

function useSuggestions(field: 'vendor' | 'product', q: string, vendor?: string): string[] {
  const [items, setItems] = useState<string[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: string[] }>('/inventory/suggestions', { query: { field, q, vendor: vendor || undefined }, signal: controller.signal })
        .then((page) => setItems(page.items))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [field, q, vendor]);
  return items;
}

/** The organization's product inventory: table, add/edit with suggestions, CSV import and export. */
export function InventoryPage(_props: PageProps) {
  const { t } = useI18n();
  const me = useMe();
  const own = me.memberships.filter((m) => m.organization.kind !== 'cert');
  const [orgId, setOrgId] = useState(own[0]?.organization.id ?? me.memberships[0]?.organization.id ?? '');
  const [assets, setAssets] = useState<Asset[] | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  // What the last action came to, kept as what words it (not as text), so it follows a language switch.
  const [done, setDone] = useState<Wording | null>(null);
  const [failure, setFailure] = useState<{ error: ApiError; lead?: MessageKey } | null>(null);
  const errors = failure?.error.errors ?? [];
  const [replace, setReplace] = useState(false);
  const vendors = useSuggestions('vendor', form.vendor);
  const products = useSuggestions('product', form.product, form.vendor);

  const load = useCallback(() => {
    if (!orgId) return;
    api
      .get<{ items: Asset[] }>(`/organizations/${orgId}/assets`, { query: { limit: 500 } })
      .then((page) => setAssets(page.items))
      .catch(() => setAssets([]));
  }, [orgId]);
  useEffect(load, [load]);

  const fail = (error: unknown, lead?: MessageKey) => {
    const apiError = error instanceof ApiError ? error : new ApiError(0, { detail: String(error) });
    setDone(null);
    setFailure(lead ? { error: apiError, lead } : { error: apiError });
  };
  const succeed = (value: Wording) => {
    setFailure(null);
    setDone(value);
  };
  // In the reader's language (the server's detail is English); the field problems are listed below.
  const failureText = (value: NonNullable<typeof failure>) =>
    value.lead ? t(value.lead) : value.error.errors.length > 0 ? t('common.error.validation') : problemMessage(t, value.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      vendor: form.vendor,
      product: form.product,
      version: form.version || null,
      cpe: form.cpe || null,
      criticality: form.criticality,
      whereUsed: form.whereUsed || null,
      tags: form.tags.split(',').map((tag) => tag.trim()).filter(Boolean),
    };
    const request = editing ? api.patch(`/organizations/${orgId}/assets/${editing}`, body) : api.post(`/organizations/${orgId}/assets`, body);
    request
      .then(() => {
        setForm(EMPTY);
        setEditing(null);
        succeed(wording('inventory.saved'));
        load();
      })
      .catch(fail);
  };

  const edit = (asset: Asset) => {
    setEditing(asset.id);
    setForm({ vendor: asset.vendor, product: asset.product, version: asset.version ?? '', cpe: asset.cpe ?? '', criticality: asset.criticality, whereUsed: asset.whereUsed ?? '', tags: asset.tags.join(', ') });
  };

  const remove = (asset: Asset) => {
    if (!window.confirm(t('inventory.deleteConfirm', { name: `${asset.vendor} ${asset.product}` }))) return;
    api.delete(`/organizations/${orgId}/assets/${asset.id}`).then(load).catch((error: unknown) => fail(error));
  };

  const importFile = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('csv-file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    file
      .text()
      .then((csv) => api.post<{ imported: number }>(`/organizations/${orgId}/assets/import`, { csv, mode: replace ? 'replace' : 'append' }))
      .then((result) => {
        succeed(wording('inventory.csv.imported', { count: result.imported }));
        load();
      })
      .catch((error: unknown) => fail(error, 'inventory.csv.errors'));
  };

  // A refused save (not a CSV import, whose problems name lines) marks the field it names, where it is corrected.
  const fieldProblems = (key: keyof typeof EMPTY) => (failure && !failure.lead ? errors.filter((error) => error.path === key) : []);
  const field = (key: keyof typeof EMPTY, label: string, list?: string) => {
    const problems = fieldProblems(key);
    return (
      <div className={`field inventory-form__field${problems.length > 0 ? ' field--invalid' : ''}`}>
        <label htmlFor={`asset-${key}`}>{label}</label>
        {problems.length > 0 ? (
          <p id={`asset-${key}-error`} className="field-error">
            {problems.map((problem) => fieldProblemText(t, problem)).join(' ')}
          </p>
        ) : null}
        <input
          id={`asset-${key}`}
          value={form[key]}
          list={list}
          required={key === 'vendor' || key === 'product'}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={problems.length > 0 ? `asset-${key}-error` : undefined}
          onChange={(event) => setForm({ ...form, [key]: event.target.value })}
        />
      </div>
    );
  };
  /** The label of the form field an API problem names (`cpe` → "CPE"); any other path as it is. */
  const FIELD_LABELS: Partial<Record<string, MessageKey>> = { vendor: 'inventory.vendor', product: 'inventory.product', version: 'inventory.version', cpe: 'inventory.cpe', criticality: 'inventory.criticality', whereUsed: 'inventory.whereUsed', tags: 'inventory.tags' };
  const pathLabel = (path: string) => {
    const key = FIELD_LABELS[path];
    return key ? t(key) : path;
  };


  // The table's columns; on a phone each row becomes a card of label–value lines (app.css, .table--stack).
  const columns: { key: string; label: string; render: (asset: Asset) => ReactNode }[] = [
    { key: 'vendor', label: t('inventory.vendor'), render: (asset) => asset.vendor },
    { key: 'product', label: t('inventory.product'), render: (asset) => asset.product },
    { key: 'version', label: t('inventory.version'), render: (asset) => asset.version ?? '–' },
    { key: 'criticality', label: t('inventory.criticality'), render: (asset) => severityLabel(t, asset.criticality) },
    { key: 'whereUsed', label: t('inventory.whereUsed'), render: (asset) => asset.whereUsed || '–' },
    {
      key: 'actions',
      label: t('inventory.actions'),
      render: (asset) => (
        <div className="button-row">
          <button type="button" className="button button--secondary button--small" onClick={() => edit(asset)} aria-label={`${t('inventory.edit')}: ${asset.vendor} ${asset.product}`}>
            {t('inventory.edit')}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => remove(asset)} aria-label={`${t('inventory.delete')}: ${asset.vendor} ${asset.product}`}>
            {t('inventory.delete')}
          </button>
        </div>
      ),
    },
  ];
  return (
    <div className="inventory">
      <div className="page-header">
        <h1>{t('inventory.title')}</h1>
        <p className="page-header__lead">{t('inventory.lead')}</p>
        {me.memberships.length > 1 ? (
          <div className="field field--narrow">
            <label htmlFor="inventory-org">{t('inventory.organization')}</label>
            <select id="inventory-org" value={orgId} onChange={(event) => setOrgId(event.target.value)}>
              {me.memberships.map((m) => (
                <option key={m.organization.id} value={m.organization.id}>
                  {m.organization.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div role="status" aria-live="polite" className={failure ? 'inventory__message notice notice--error' : 'inventory__message'}>
        {failure ? failureText(failure) : worded(t, done)}
        {errors.length > 0 ? (
          <ul>
            {errors.map((error) => (
              <li key={`${error.path}:${error.message}`}>
                {isCsvProblem(error) ? `${csvProblemPlace(t, error)}: ` : error.path ? `${pathLabel(error.path)}: ` : ''}
                {csvProblemText(t, error)}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <section className="card panel" aria-labelledby="inventory-list-heading">
        <h2 id="inventory-list-heading" className="panel__title">
          {t('inventory.title')}
        </h2>
        {assets === null ? (
          <p role="status">{t('inventory.loading')}</p>
        ) : assets.length === 0 ? (
          <EmptyState title={t('inventory.empty')}>{t('inventory.lead')}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table className="inventory__table table--stack">
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column.key} scope="col">
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {assets.map((asset) => (
                  <tr key={asset.id}>
                    {columns.map((column) => (
                      <td key={column.key} className={column.key === 'actions' ? 'table--stack__actions' : undefined}>
                        {column.key === 'actions' ? null : (
                          <span className="table--stack__label" aria-hidden="true">
                            {column.label}
                          </span>
                        )}
                        <span className="table--stack__value">{column.render(asset)}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card panel" aria-labelledby="inventory-form-heading">
        <h2 id="inventory-form-heading" className="panel__title">
          {editing ? t('inventory.edit') : t('inventory.add')}
        </h2>
        <form className="inventory-form" onSubmit={submit}>
          {field('vendor', t('inventory.vendor'), 'vendor-suggestions')}
          {field('product', t('inventory.product'), 'product-suggestions')}
          {field('version', t('inventory.version'))}
          {field('cpe', t('inventory.cpe'))}
          <div className="field inventory-form__field">
            <label htmlFor="asset-criticality">{t('inventory.criticality')}</label>
            <select id="asset-criticality" value={form.criticality} onChange={(event) => setForm({ ...form, criticality: event.target.value })}>
              {CRITICALITIES.map((level) => (
                <option key={level} value={level}>
                  {severityLabel(t, level)}
                </option>
              ))}
            </select>
          </div>
          {field('whereUsed', t('inventory.whereUsed'))}
          {field('tags', t('inventory.tags'))}
          <datalist id="vendor-suggestions">{vendors.map((name) => <option key={name} value={name} />)}</datalist>
          <datalist id="product-suggestions">{products.map((name) => <option key={name} value={name} />)}</datalist>
          <div className="form__actions inventory-form__actions">
            <button type="submit" className="button button--primary">
              {t('inventory.save')}
            </button>
            {editing ? (
              <button type="button" className="button button--secondary" onClick={() => { setEditing(null); setForm(EMPTY); }}>
                {t('inventory.cancel')}
              </button>
            ) : null}
          </div>
        </form>
      </section>
      <section className="card panel" aria-labelledby="inventory-csv-heading">
        <h2 id="inventory-csv-heading" className="panel__title">
          {t('inventory.csv.title')}
        </h2>
        <p>{t('inventory.csv.hint')}</p>
        <form className="form" onSubmit={importFile}>
          <FileField id="csv-file" label={t('inventory.csv.file')} accept=".csv,text/csv" />
          <div className="choice">
            <input id="csv-replace" type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} />
            <label htmlFor="csv-replace">{t('inventory.csv.replace')}</label>
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('inventory.csv.import')}
            </button>
            <a className="button button--secondary" href={buildUrl(`/organizations/${orgId}/assets/export.csv`)} download>
              {t('inventory.csv.export')}
            </a>
          </div>
        </form>
      </section>
    </div>
  );
}
