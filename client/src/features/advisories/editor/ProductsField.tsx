import { useI18n } from '../../../i18n';
import type { FieldError } from '../../../lib/api';
import { cpeProblem, emptyProduct, emptyRange, problemsAt, type ProductDraft, type RangeDraft, type RangeKind } from './draft';
import { fieldProblemsText } from '../../../lib/field-problems';

interface ProductsFieldProps {
  id: string;
  products: ProductDraft[];
  onChange: (products: ProductDraft[]) => void;
  errors: readonly FieldError[];
}

function ErrorText({ id, errors }: { id: string; errors: FieldError[] }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {fieldProblemsText(t, errors)}
    </p>
  );
}

function RangeRow(props: { id: string; path: string; index: number; range: RangeDraft; errors: readonly FieldError[]; onChange: (range: RangeDraft) => void; onRemove: () => void }) {
  const { t } = useI18n();
  const { id, range, onChange } = props;
  const errors = problemsAt(props.errors, props.path);
  const describedBy = errors.length > 0 ? `${id}-error` : undefined;
  const set = <K extends keyof RangeDraft>(key: K, value: RangeDraft[K]) => onChange({ ...range, [key]: value });
  return (
    <fieldset className={`range${errors.length > 0 ? ' field--invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{t('advisoryForm.range', { n: props.index + 1 })}</legend>
      <div className="range__row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('advisoryForm.range.kind')}</label>
          <select id={`${id}-kind`} value={range.kind} onChange={(event) => set('kind', event.target.value as RangeKind)}>
            <option value="interval">{t('advisoryForm.range.interval')}</option>
            <option value="exact">{t('advisoryForm.range.exact')}</option>
            <option value="all">{t('advisoryForm.range.all')}</option>
          </select>
        </div>
        {range.kind === 'interval' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-from`}>{t('advisoryForm.range.from')}</label>
              <input id={`${id}-from`} type="text" value={range.from} onChange={(event) => set('from', event.target.value)} aria-invalid={errors.length > 0 || undefined} aria-describedby={describedBy} spellCheck={false} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-upper`}>{t('advisoryForm.range.upper')}</label>
              <select id={`${id}-upper`} value={range.upper} onChange={(event) => set('upper', event.target.value === 'upTo' ? 'upTo' : 'below')}>
                <option value="below">{t('advisoryForm.range.below')}</option>
                <option value="upTo">{t('advisoryForm.range.upTo')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-upperValue`}>{t('advisoryForm.range.upperValue')}</label>
              <input id={`${id}-upperValue`} type="text" value={range.upperValue} onChange={(event) => set('upperValue', event.target.value)} aria-invalid={errors.length > 0 || undefined} aria-describedby={describedBy} spellCheck={false} />
            </div>
          </>
        ) : null}
        {range.kind === 'exact' ? (
          <div className="field">
            <label htmlFor={`${id}-exact`}>{t('advisoryForm.range.exactValue')}</label>
            <input id={`${id}-exact`} type="text" value={range.exact} onChange={(event) => set('exact', event.target.value)} aria-invalid={errors.length > 0 || undefined} aria-describedby={describedBy} spellCheck={false} />
          </div>
        ) : null}
        <button type="button" className="button button--secondary button--small" onClick={props.onRemove}>
          {t('advisoryForm.range.remove', { n: props.index + 1 })}
        </button>
      </div>
      <ErrorText id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

/**
 * Affected products: vendor, product, an optional CPE (checked as the user types, with the
 * server's CPE parser) and version ranges (interval with "from" and "below"/"up to", one exact
 * version, or all versions).
 */
export function ProductsField({ id, products, onChange, errors }: ProductsFieldProps) {
  const { t } = useI18n();
  const update = (key: string, change: Partial<ProductDraft>) => onChange(products.map((product) => (product.key === key ? { ...product, ...change } : product)));
  const text = (product: ProductDraft, index: number, field: 'vendor' | 'product' | 'cpe', label: string, hint?: string) => {
    const inputId = `${id}-${product.key}-${field}`;
    // The CPE is checked as the user types; saved errors from the server come on top.
    const live = field === 'cpe' ? cpeProblem(product.cpe) : null;
    const fieldErrors = [...(live ? [{ path: `products.${index}.cpe`, ...live }] : []), ...problemsAt(errors, `products.${index}.${field}`).filter((error) => error.message !== live?.message)];
    const describedBy = [hint ? `${inputId}-hint` : null, fieldErrors.length > 0 ? `${inputId}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className={`field${fieldErrors.length > 0 ? ' field--invalid' : ''}`}>
        <label htmlFor={inputId}>{label}</label>
        <input id={inputId} type="text" value={product[field]} onChange={(event) => update(product.key, { [field]: event.target.value })} aria-invalid={fieldErrors.length > 0 || undefined} aria-describedby={describedBy} spellCheck={false} autoComplete="off" />
        {hint ? (
          <p id={`${inputId}-hint`} className="field-hint">
            {hint}
          </p>
        ) : null}
        <ErrorText id={`${inputId}-error`} errors={fieldErrors} />
      </div>
    );
  };
  return (
    <fieldset className="field products" aria-describedby={`${id}-hint`}>
      <legend>{t('advisory.products')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t('advisoryForm.productsHint')}
      </p>
      {products.map((product, index) => (
        <fieldset key={product.key} className="product card">
          <legend>{t('advisoryForm.product', { n: index + 1 })}</legend>
          <div className="product__names">
            {text(product, index, 'vendor', t('advisoryForm.vendor'))}
            {text(product, index, 'product', t('advisoryForm.productName'))}
          </div>
          {text(product, index, 'cpe', t('advisoryForm.cpe'), t('advisoryForm.cpeHint'))}
          {product.versions.map((range, rangeIndex) => (
            <RangeRow
              key={range.key}
              id={`${id}-${range.key}`}
              path={`products.${index}.versions.${rangeIndex}`}
              index={rangeIndex}
              range={range}
              errors={errors}
              onChange={(changed) => update(product.key, { versions: product.versions.map((other) => (other.key === range.key ? changed : other)) })}
              onRemove={() => update(product.key, { versions: product.versions.filter((other) => other.key !== range.key) })}
            />
          ))}
          <p className="product__actions">
            <button type="button" className="button button--secondary button--small" onClick={() => update(product.key, { versions: [...product.versions, emptyRange()] })}>
              {t('advisoryForm.range.add', { n: index + 1 })}
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => onChange(products.filter((other) => other.key !== product.key))}>
              {t('advisoryForm.product.remove', { n: index + 1 })}
            </button>
          </p>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button button--secondary button--small" onClick={() => onChange([...products, emptyProduct()])}>
          {t('advisoryForm.product.add')}
        </button>
      </p>
    </fieldset>
  );
}
