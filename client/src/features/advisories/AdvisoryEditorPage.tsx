import { Marked } from 'marked';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { PageProps } from '../../app/routes';
import { navigate } from '../../app/router';
import { TLP_LABELS, TlpBadge, type TlpLabel } from '../../components/TlpBadge';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api, type FieldError } from '../../lib/api';
import { SEVERITIES, purify, severityLabel, type Advisory, type Organization, type Page } from './model';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

type FieldName = 'titleDe' | 'titleEn' | 'summaryDe' | 'summaryEn' | 'bodyDe' | 'bodyEn' | 'severity' | 'cves' | 'tlp' | 'audience';

interface Draft {
  titleDe: string;
  titleEn: string;
  summaryDe: string;
  summaryEn: string;
  bodyDe: string;
  bodyEn: string;
  severity: string;
  cves: string;
  tlp: TlpLabel;
  organizations: string[];
}

const EMPTY: Draft = { titleDe: '', titleEn: '', summaryDe: '', summaryEn: '', bodyDe: '', bodyEn: '', severity: 'mittel', cves: '', tlp: 'GREEN', organizations: [] };

const TLP_TEXT: Record<TlpLabel, MessageKey> = {
  CLEAR: 'editor.tlp.clear',
  GREEN: 'editor.tlp.green',
  AMBER: 'editor.tlp.amber',
  'AMBER+STRICT': 'editor.tlp.amberStrict',
  RED: 'editor.tlp.red',
};

/** Which form field a server error path (`title.de`, `cves.2`, `audience.organizations`) belongs to. */
function fieldOf(path: string): FieldName | null {
  const [head, sub] = path.split('.');
  const lang = sub === 'en' ? 'En' : 'De';
  switch (head) {
    case 'title':
      return `title${lang}`;
    case 'summary':
      return `summary${lang}`;
    case 'body':
      return `body${lang}`;
    case 'severity':
    case 'cves':
    case 'tlp':
    case 'audience':
      return head;
    default:
      return null;
  }
}

function localizedInput(de: string, en: string): { de: string; en?: string } {
  return en.trim() ? { de: de.trim(), en: en.trim() } : { de: de.trim() };
}

function requestBody(draft: Draft): Record<string, unknown> {
  const amber = draft.tlp === 'AMBER' || draft.tlp === 'AMBER+STRICT';
  return {
    title: localizedInput(draft.titleDe, draft.titleEn),
    summary: localizedInput(draft.summaryDe, draft.summaryEn),
    body: localizedInput(draft.bodyDe, draft.bodyEn),
    severity: draft.severity,
    cves: draft.cves
      .split(/[\s,;]+/)
      .map((cve) => cve.trim().toUpperCase())
      .filter(Boolean),
    tlp: draft.tlp,
    audience: { organizations: amber ? draft.organizations : [], sharingGroups: [], users: [] },
  };
}

function Preview({ source, label, lang }: { source: string; label: string; lang: 'de' | 'en' }) {
  const { t } = useI18n();
  const html = useMemo(() => purify(markdown.parse(source, { async: false })), [source]);
  return (
    <div className="preview">
      <p className="preview__label">{label}</p>
      {source.trim() ? <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: html }} /> : <p className="muted">{t('editor.previewEmpty')}</p>}
    </div>
  );
}

export function AdvisoryEditorPage(_props: PageProps) {
  const { t } = useI18n();
  const ids = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [savedId, setSavedId] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<Page<Organization>>('/organizations', { query: { limit: 500 }, signal: controller.signal })
      .then((page) => setOrganizations(page.items))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const fieldErrors = (field: FieldName) => errors.filter((e) => fieldOf(e.path) === field);
  const otherErrors = errors.filter((e) => fieldOf(e.path) === null);
  const amber = draft.tlp === 'AMBER' || draft.tlp === 'AMBER+STRICT';

  const fail = (error: unknown) => {
    const apiError = error instanceof ApiError ? error : new ApiError(0, { detail: String(error) });
    setErrors(apiError.errors);
    setProblem(apiError.errors.length > 0 ? t('editor.errorFields') : (apiError.detail ?? apiError.title));
    setMessage('');
    requestAnimationFrame(() => errorRef.current?.focus());
  };

  const validateLocally = (): FieldError[] => {
    const missing: FieldError[] = [];
    if (!draft.titleDe.trim()) missing.push({ path: 'title.de', message: t('editor.error.required') });
    if (!draft.summaryDe.trim()) missing.push({ path: 'summary.de', message: t('editor.error.required') });
    if (!draft.bodyDe.trim()) missing.push({ path: 'body.de', message: t('editor.error.required') });
    return missing;
  };

  const save = async (): Promise<string | null> => {
    const missing = validateLocally();
    if (missing.length > 0) {
      fail(new ApiError(422, { errors: missing }));
      return null;
    }
    const body = requestBody(draft);
    const advisory = savedId ? await api.patch<Advisory>(`/advisories/${savedId}`, body) : await api.post<Advisory>('/advisories', body);
    setSavedId(advisory.id);
    setErrors([]);
    setProblem(null);
    return advisory.id;
  };

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('save');
    try {
      if (await save()) setMessage(t('editor.saved'));
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const onPublish = async () => {
    setBusy('publish');
    try {
      const id = await save();
      if (!id) return;
      await api.post<Advisory>(`/advisories/${id}/publish`);
      navigate(`/warnmeldungen/${id}`);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const errorText = (field: FieldName): ReactNode => {
    const list = fieldErrors(field);
    if (list.length === 0) return null;
    return (
      <p id={`${ids}-${field}-error`} className="field-error">
        {list.map((e) => e.message).join(' ')}
      </p>
    );
  };

  const describedBy = (field: FieldName, hint = false) =>
    [hint ? `${ids}-${field}-hint` : null, fieldErrors(field).length > 0 ? `${ids}-${field}-error` : null].filter(Boolean).join(' ') || undefined;

  const textField = (field: FieldName, labelKey: MessageKey, required: boolean, multiline: false | number) => {
    const value = draft[field as keyof Draft] as string;
    const invalid = fieldErrors(field).length > 0;
    const common = {
      id: `${ids}-${field}`,
      value,
      required,
      'aria-invalid': invalid || undefined,
      'aria-describedby': describedBy(field),
      lang: field.endsWith('En') ? 'en' : undefined,
    };
    return (
      <div className={`field${invalid ? ' field--invalid' : ''}`}>
        <label htmlFor={`${ids}-${field}`}>
          {t(labelKey)} <span className="field-marker">{required ? t('editor.required') : t('editor.optional')}</span>
        </label>
        {multiline ? (
          <textarea {...common} rows={multiline} onChange={(e) => set(field as keyof Draft, e.target.value as never)} />
        ) : (
          <input {...common} type="text" onChange={(e) => set(field as keyof Draft, e.target.value as never)} />
        )}
        {errorText(field)}
      </div>
    );
  };

  return (
    <div className="editor">
      <div className="page-header">
        <h1>{t('editor.title')}</h1>
        <p className="page-header__lead">{t('editor.lead')}</p>
      </div>

      <div ref={errorRef} tabIndex={-1} className="editor__alerts" role="alert">
        {problem ? (
          <div className="notice notice--error">
            <p className="notice__title">{t('editor.errorHeading')}</p>
            <p>{problem}</p>
            {otherErrors.length > 0 ? (
              <ul>
                {otherErrors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    {e.path ? `${e.path}: ` : ''}
                    {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <p role="status" className="editor__status">
        {message}
      </p>

      <form className="form card panel" onSubmit={(e) => void onSave(e)} noValidate>
        {textField('titleDe', 'editor.titleDe', true, false)}
        {textField('titleEn', 'editor.titleEn', false, false)}
        {textField('summaryDe', 'editor.summaryDe', true, 3)}
        {textField('summaryEn', 'editor.summaryEn', false, 3)}
        {textField('bodyDe', 'editor.bodyDe', true, 10)}
        {textField('bodyEn', 'editor.bodyEn', false, 6)}

        <section className="editor__preview" aria-labelledby={`${ids}-preview`}>
          <h2 id={`${ids}-preview`}>{t('editor.preview')}</h2>
          <Preview source={draft.bodyDe} label={t('editor.bodyDe')} lang="de" />
          {draft.bodyEn.trim() ? <Preview source={draft.bodyEn} label={t('editor.bodyEn')} lang="en" /> : null}
        </section>

        <div className={`field${fieldErrors('severity').length > 0 ? ' field--invalid' : ''}`}>
          <label htmlFor={`${ids}-severity`}>{t('editor.severity')}</label>
          <select id={`${ids}-severity`} value={draft.severity} onChange={(e) => set('severity', e.target.value)} aria-describedby={describedBy('severity')}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {severityLabel(t, s)}
              </option>
            ))}
          </select>
          {errorText('severity')}
        </div>

        <div className={`field${fieldErrors('cves').length > 0 ? ' field--invalid' : ''}`}>
          <label htmlFor={`${ids}-cves`}>
            {t('editor.cves')} <span className="field-marker">{t('editor.optional')}</span>
          </label>
          <input
            id={`${ids}-cves`}
            type="text"
            value={draft.cves}
            onChange={(e) => set('cves', e.target.value)}
            aria-describedby={describedBy('cves', true)}
            aria-invalid={fieldErrors('cves').length > 0 || undefined}
            autoComplete="off"
            spellCheck={false}
          />
          <p id={`${ids}-cves-hint`} className="field-hint">
            {t('editor.cvesHint')}
          </p>
          {errorText('cves')}
        </div>

        <fieldset className="field tlp-picker" aria-describedby={describedBy('tlp')}>
          <legend>{t('editor.tlp')}</legend>
          {TLP_LABELS.map((label) => (
            <div key={label} className="tlp-picker__option">
              <input
                id={`${ids}-tlp-${label}`}
                type="radio"
                name={`${ids}-tlp`}
                value={label}
                checked={draft.tlp === label}
                disabled={label === 'RED'}
                onChange={() => set('tlp', label)}
                aria-describedby={`${ids}-tlp-${label}-text`}
              />
              <label htmlFor={`${ids}-tlp-${label}`}>
                <TlpBadge label={label} />
                <span id={`${ids}-tlp-${label}-text`} className="tlp-picker__text">
                  {t(TLP_TEXT[label])}
                </span>
              </label>
            </div>
          ))}
          {errorText('tlp')}
        </fieldset>

        {amber ? (
          <div className={`field${fieldErrors('audience').length > 0 ? ' field--invalid' : ''}`}>
            <label htmlFor={`${ids}-audience`}>{t('editor.audience')}</label>
            <select
              id={`${ids}-audience`}
              multiple
              size={8}
              value={draft.organizations}
              onChange={(e) =>
                set(
                  'organizations',
                  Array.from(e.target.selectedOptions, (option) => option.value),
                )
              }
              aria-describedby={describedBy('audience', true)}
              aria-invalid={fieldErrors('audience').length > 0 || undefined}
            >
              {organizations.map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
            </select>
            <p id={`${ids}-audience-hint`} className="field-hint">
              {t('editor.audienceHint')}
            </p>
            {errorText('audience')}
          </div>
        ) : null}

        <div className="form__actions">
          <button type="submit" className="button button--secondary" disabled={busy !== null}>
            {busy === 'save' ? t('editor.saving') : t('editor.saveDraft')}
          </button>
          <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void onPublish()}>
            {busy === 'publish' ? t('editor.publishing') : t('editor.publish')}
          </button>
        </div>
      </form>
    </div>
  );
}
