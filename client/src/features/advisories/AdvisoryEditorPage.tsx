import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { PageProps } from '../../app/routes';
import { Link, navigate } from '../../app/router';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api, versionedRequest, type FieldError } from '../../lib/api';
import { problemMessage } from '../../components/ProblemNotice';
import { wording, worded, type Wording } from '../../lib/wording';
import { queryKeys } from '../../lib/query';
import { safeParseCvssVector } from '../../../../server/vulnerabilities/cvss.js';
import { AudienceField } from './editor/AudienceField';
import { draftFromContent, emptyDraft, localProblems, mergeDrafts, missingGerman, patchBody, problemsAt, requestBody, type Draft, type GermanField } from './editor/draft';
import { PapPicker, TlpPicker } from './editor/LabelPickers';
import { ProductsField } from './editor/ProductsField';
import { RepeatableField } from './editor/RepeatableField';
import { renderMarkdown } from './markdown';
import { SEVERITIES, severityLabel, type Advisory, type Organization, type Page, type SharingGroup } from './model';
import { PublishDialog } from './PublishDialog';
import './advisories.css';
import { fieldProblemText, fieldProblemsText } from '../../lib/field-problems';

type TextFieldName = 'titleDe' | 'titleEn' | 'summaryDe' | 'summaryEn' | 'bodyDe' | 'bodyEn' | 'recommendationsDe' | 'recommendationsEn';

/** The API path of each text field; German fields also own errors about the whole object (`title`). */
const TEXT_PATHS: Record<TextFieldName, string> = {
  titleDe: 'title.de',
  titleEn: 'title.en',
  summaryDe: 'summary.de',
  summaryEn: 'summary.en',
  bodyDe: 'body.de',
  bodyEn: 'body.en',
  recommendationsDe: 'recommendations.de',
  recommendationsEn: 'recommendations.en',
};

/** Errors at these top-level paths are shown next to their field; anything else goes to the summary. */
const FIELD_ROOTS = new Set(['title', 'summary', 'body', 'recommendations', 'severity', 'cves', 'cvss', 'products', 'references', 'tlp', 'pap', 'audience']);

/** The label of each German text field, for the list of those publishing still needs. */
const GERMAN_LABELS: Record<GermanField, MessageKey> = {
  titleDe: 'editor.germanField.title',
  summaryDe: 'editor.germanField.summary',
  bodyDe: 'editor.germanField.body',
  recommendationsDe: 'editor.germanField.recommendations',
};

type Loaded = { status: 'new' } | { status: 'loading' } | { status: 'unavailable' } | { status: 'ready'; advisory: Advisory };

function Preview({ source, label, lang }: { source: string; label: string; lang: 'de' | 'en' }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return (
    <div className="preview">
      <p className="preview__label">{label}</p>
      <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}

/** New advisories (`/warnmeldungen/neu`) and editing (`/warnmeldungen/:id/bearbeiten`): a draft in place, a published advisory as its next revision. */
export function AdvisoryEditorPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const ids = useId();
  const editId = params.id ?? null;
  const [loaded, setLoaded] = useState<Loaded>(editId ? { status: 'loading' } : { status: 'new' });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [savedId, setSavedId] = useState<string | null>(editId);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [publishId, setPublishId] = useState<string | null>(null);
  const publishButton = useRef<HTMLButtonElement>(null);
  // A refused save is kept as what words it — the draft as the editor's own checks saw it, or the
  // server's problem — and worded at render time, so the notice follows a language switch.
  const [failure, setFailure] = useState<{ kind: 'local'; draft: Draft } | { kind: 'server'; error: ApiError } | null>(null);
  const [message, setMessage] = useState<Wording | null>(null);
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [sharingGroups, setSharingGroups] = useState<SharingGroup[]>([]);
  const errorRef = useRef<HTMLDivElement>(null);
  // Optimistic concurrency: the ETag of the version being edited, and that version as a draft (the
  // base of reload-and-merge when someone else saved meanwhile).
  const [etag, setEtag] = useState<string | null>(null);
  const [base, setBase] = useState<Draft | null>(null);
  const [conflict, setConflict] = useState<{ current: Advisory; etag: string } | null>(null);
  const conflictRef = useRef<HTMLDialogElement>(null);

  const queryClient = useQueryClient();

  // The advisory being edited is read once, with its ETag, and not through the query cache: a live
  // refetch must never replace the version (and the If-Match) the user's unsaved changes are based
  // on. A 412 on save shows what someone else saved meanwhile (reload-and-merge below).
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    api.get<Page<Organization>>('/organizations', { query: { limit: 500 }, signal }).then((page) => setOrganizations(page.items), () => undefined);
    api.get<Page<SharingGroup>>('/sharing-groups', { signal }).then((page) => setSharingGroups(page.items), () => undefined);
    if (editId) {
      versionedRequest<Advisory>('GET', `/advisories/${encodeURIComponent(editId)}`, { signal }).then(
        ({ body: advisory, etag: loadedEtag }) => {
          if (!advisory.abilities.edit || advisory.status === 'withdrawn') return setLoaded({ status: 'unavailable' });
          const loadedDraft = draftFromContent(advisory.pendingRevision ?? advisory);
          setDraft(loadedDraft);
          setBase(loadedDraft);
          setEtag(loadedEtag);
          setLoaded({ status: 'ready', advisory });
        },
        () => {
          if (!signal.aborted) setLoaded({ status: 'unavailable' });
        },
      );
    }
    return () => controller.abort();
  }, [editId]);

  const advisory = loaded.status === 'ready' ? loaded.advisory : null;
  const revision = advisory !== null && advisory.status !== 'draft';
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const localMessages = { required: t('editor.error.required'), textRequired: t('editor.error.textRequired'), https: t('advisoryForm.error.https'), recommendationsDe: t('advisoryForm.error.recommendationsDe') };
  const errors: FieldError[] = failure === null ? [] : failure.kind === 'local' ? localProblems(failure.draft, localMessages, revision) : failure.error.errors;
  const problem = failure === null ? null : errors.length > 0 ? t('editor.errorFields') : failure.kind === 'server' ? problemMessage(t, failure.error) : null;
  const otherErrors = errors.filter((e) => !FIELD_ROOTS.has(e.path.split('.')[0] ?? ''));
  const textErrors = (field: TextFieldName) => [...problemsAt(errors, TEXT_PATHS[field]), ...(field.endsWith('De') ? problemsAt(errors, TEXT_PATHS[field].split('.')[0] ?? '', true) : [])];

  const fail = (error: unknown) => {
    const apiError = error instanceof ApiError ? error : new ApiError(0, { detail: String(error) });
    setFailure({ kind: 'server', error: apiError });
    setMessage(null);
    requestAnimationFrame(() => errorRef.current?.focus());
  };

  const save = async (): Promise<string | null> => {
    if (localProblems(draft, localMessages, revision).length > 0) {
      setFailure({ kind: 'local', draft });
      setMessage(null);
      requestAnimationFrame(() => errorRef.current?.focus());
      return null;
    }
    let saved: Advisory;
    let savedEtag: string | null;
    if (savedId) {
      try {
        ({ body: saved, etag: savedEtag } = await versionedRequest<Advisory>('PATCH', `/advisories/${savedId}`, { body: patchBody(draft), headers: etag ? { 'If-Match': etag } : {} }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 412 && error.etag && error.current) {
          setConflict({ current: error.current as Advisory, etag: error.etag });
          requestAnimationFrame(() => conflictRef.current?.showModal());
          return null;
        }
        throw error;
      }
    } else {
      ({ body: saved, etag: savedEtag } = await versionedRequest<Advisory>('POST', '/advisories', { body: requestBody(draft) }));
    }
    setEtag(savedEtag);
    // Lists, the detail page and the home page show the saved draft or revision when opened next.
    void queryClient.invalidateQueries({ queryKey: queryKeys.advisories.all });
    setBase(draftFromContent(saved.pendingRevision ?? saved));
    setSavedId(saved.id);
    setFailure(null);
    return saved.id;
  };

  /** After a 412: the current version, with every field the user changed since loading re-applied on top. */
  const reloadAndMerge = () => {
    if (!conflict) return;
    const theirs = draftFromContent(conflict.current.pendingRevision ?? conflict.current);
    setDraft(mergeDrafts(base ?? theirs, draft, theirs));
    setBase(theirs);
    setEtag(conflict.etag);
    setLoaded({ status: 'ready', advisory: conflict.current });
    conflictRef.current?.close();
    setConflict(null);
    setMessage(wording('editor.conflictMerged'));
  };

  const run = async (kind: 'save' | 'publish', event?: FormEvent) => {
    event?.preventDefault();
    setBusy(kind);
    try {
      const id = await save();
      if (!id) return;
      if (kind === 'save') {
        setMessage(wording(revision ? 'advisoryForm.revisionSaved' : 'editor.saved'));
        return;
      }
      // Saved: the confirmation summarizes TLP, audience and channels, then publishes.
      setPublishId(id);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const errorText = (id: string, list: FieldError[]): ReactNode =>
    list.length === 0 ? null : (
      <p id={id} className="field-error">
        {fieldProblemsText(t, list)}
      </p>
    );

  // A draft may be saved with only the English text; the German fields publishing still needs are
  // marked as such (not as errors). A revision of a published advisory keeps its German text.
  const germanPending = revision ? [] : missingGerman(draft);
  const hasEnglish = [draft.titleEn, draft.summaryEn, draft.bodyEn, draft.recommendationsEn].some((text) => text.trim() !== '');

  /** `german`: a German text field, required in a revision, needed to publish in a draft. */
  const textField = (field: TextFieldName, labelKey: MessageKey, german: boolean, rows: number | false) => {
    const list = textErrors(field);
    const pending = hasEnglish && list.length === 0 && (germanPending as string[]).includes(field);
    const describedBy = [pending ? `${ids}-${field}-pending` : '', list.length > 0 ? `${ids}-${field}-error` : ''].filter(Boolean).join(' ');
    const marker = german && field !== 'recommendationsDe' ? t(revision ? 'editor.required' : 'editor.neededToPublish') : t('editor.optional');
    const common = {
      id: `${ids}-${field}`,
      value: draft[field],
      required: german && revision && field !== 'recommendationsDe',
      'aria-invalid': list.length > 0 || undefined,
      'aria-describedby': describedBy || undefined,
      lang: field.endsWith('En') ? 'en' : undefined,
      onChange: (e: { target: { value: string } }) => set(field, e.target.value),
    };
    return (
      <div className={`field${list.length > 0 ? ' field--invalid' : ''}`}>
        <label htmlFor={common.id}>
          {t(labelKey)} <span className="field-marker">{marker}</span>
        </label>
        {rows ? <textarea {...common} rows={rows} /> : <input {...common} type="text" />}
        {pending ? (
          <p id={`${ids}-${field}-pending`} className="field-hint field-hint--pending">
            {t('editor.germanPending')}
          </p>
        ) : null}
        {errorText(`${ids}-${field}-error`, list)}
      </div>
    );
  };

  if (loaded.status === 'loading' || loaded.status === 'unavailable') {
    return (
      <div className="status-page">
        <h1>{t('advisoryForm.editTitle')}</h1>
        {loaded.status === 'loading' ? (
          <p role="status" className="loading">
            {t('advisory.loading')}
          </p>
        ) : (
          <p>{t('advisoryForm.unavailable')}</p>
        )}
        <p>
          <Link to={editId ? `/warnmeldungen/${editId}` : '/warnmeldungen'}>{t('advisory.back')}</Link>
        </p>
      </div>
    );
  }

  const cvssFeedback = (vector: string) => {
    const parsed = vector.trim() ? safeParseCvssVector(vector.trim()) : null;
    if (!parsed) return t('advisoryForm.cvssEmpty');
    return parsed.success ? t('advisoryForm.cvssScore', { score: parsed.data.baseScore.toFixed(1), version: parsed.data.version, severity: t(`advisoryForm.cvssSeverity.${parsed.data.severity}`) }) : t('advisoryForm.cvssInvalid');
  };

  // A draft with English text only (as one promoted from CISA KEV, NVD or an English CSAF source is): saving works, publishing needs German.
  const germanMissing = hasEnglish && germanPending.length > 0;

  return (
    <div className="editor">
      <div className="page-header">
        <h1>{t(advisory ? (revision ? 'advisoryForm.revisionTitle' : 'advisoryForm.editTitle') : 'editor.title')}</h1>
        <p className="page-header__lead">{revision ? t('advisoryForm.revisionLead', { version: advisory.version }) : t('editor.lead')}</p>
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
                    {fieldProblemText(t, e)}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
      <p role="status" className="editor__status">
        {worded(t, message)}
      </p>

      <form className="form card panel" onSubmit={(e) => void run('save', e)} noValidate>
        {germanMissing ? (
          <div className="notice" data-testid="german-missing">
            <p className="notice__title">{t('editor.germanMissing.title')}</p>
            <p>{t('editor.germanMissing.text')}</p>
            <p>{t('editor.germanMissing.fields', { fields: new Intl.ListFormat(lang, { type: 'conjunction' }).format(germanPending.map((field) => t(GERMAN_LABELS[field]))) })}</p>
          </div>
        ) : null}
        {textField('titleDe', 'editor.titleDe', true, false)}
        {textField('titleEn', 'editor.titleEn', false, false)}
        {textField('summaryDe', 'editor.summaryDe', true, 3)}
        {textField('summaryEn', 'editor.summaryEn', false, 3)}
        {textField('bodyDe', 'editor.bodyDe', true, 10)}
        {textField('bodyEn', 'editor.bodyEn', false, 6)}
        {textField('recommendationsDe', 'advisoryForm.recommendationsDe', true, 4)}
        {textField('recommendationsEn', 'advisoryForm.recommendationsEn', false, 4)}

        <section className="editor__preview" aria-labelledby={`${ids}-preview`}>
          <h2 id={`${ids}-preview`}>{t('editor.preview')}</h2>
          {draft.bodyDe.trim() ? <Preview source={draft.bodyDe} label={t('editor.bodyDe')} lang="de" /> : draft.bodyEn.trim() ? null : <p className="muted">{t('editor.previewEmpty')}</p>}
          {draft.bodyEn.trim() ? <Preview source={draft.bodyEn} label={t('editor.bodyEn')} lang="en" /> : null}
          {draft.recommendationsDe.trim() ? <Preview source={draft.recommendationsDe} label={t('advisoryForm.recommendationsDe')} lang="de" /> : null}
          {draft.recommendationsEn.trim() ? <Preview source={draft.recommendationsEn} label={t('advisoryForm.recommendationsEn')} lang="en" /> : null}
        </section>

        <div className={`field${problemsAt(errors, 'severity').length > 0 ? ' field--invalid' : ''}`}>
          <label htmlFor={`${ids}-severity`}>{t('editor.severity')}</label>
          <select id={`${ids}-severity`} value={draft.severity} onChange={(e) => set('severity', e.target.value)} aria-describedby={problemsAt(errors, 'severity').length > 0 ? `${ids}-severity-error` : undefined}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {severityLabel(t, s)}
              </option>
            ))}
          </select>
          {errorText(`${ids}-severity-error`, problemsAt(errors, 'severity'))}
        </div>

        <div className={`field${problemsAt(errors, 'cves').length > 0 ? ' field--invalid' : ''}`}>
          <label htmlFor={`${ids}-cves`}>
            {t('editor.cves')} <span className="field-marker">{t('editor.optional')}</span>
          </label>
          <input
            id={`${ids}-cves`}
            type="text"
            value={draft.cves}
            onChange={(e) => set('cves', e.target.value)}
            aria-describedby={`${ids}-cves-hint${problemsAt(errors, 'cves').length > 0 ? ` ${ids}-cves-error` : ''}`}
            aria-invalid={problemsAt(errors, 'cves').length > 0 || undefined}
            autoComplete="off"
            spellCheck={false}
          />
          <p id={`${ids}-cves-hint`} className="field-hint">
            {t('editor.cvesHint')}
          </p>
          {errorText(`${ids}-cves-error`, problemsAt(errors, 'cves'))}
        </div>

        <RepeatableField
          id={`${ids}-cvss`}
          path="cvss"
          legend={t('advisoryForm.cvss')}
          hint={t('advisoryForm.cvssHint')}
          items={draft.cvss}
          onChange={(items) => set('cvss', items)}
          itemLabel={(index) => t('advisoryForm.cvssItem', { n: index + 1 })}
          addLabel={t('advisoryForm.cvssAdd')}
          removeLabel={(index) => t('advisoryForm.cvssRemove', { n: index + 1 })}
          errors={errors}
          feedback={cvssFeedback}
        />

        <ProductsField id={`${ids}-products`} products={draft.products} onChange={(products) => set('products', products)} errors={errors} />

        <RepeatableField
          id={`${ids}-references`}
          path="references"
          legend={t('advisory.references')}
          hint={t('advisoryForm.referencesHint')}
          items={draft.references}
          onChange={(items) => set('references', items)}
          itemLabel={(index) => t('advisoryForm.referenceItem', { n: index + 1 })}
          addLabel={t('advisoryForm.referenceAdd')}
          removeLabel={(index) => t('advisoryForm.referenceRemove', { n: index + 1 })}
          errors={errors}
          inputType="url"
        />

        <TlpPicker id={`${ids}-tlp`} value={draft.tlp} onChange={(label) => set('tlp', label)} errors={errors} />
        <AudienceField
          id={`${ids}-audience`}
          tlp={draft.tlp}
          value={draft}
          onChange={(change) => setDraft((previous) => ({ ...previous, ...change }))}
          organizations={organizations}
          sharingGroups={sharingGroups}
          errors={errors}
        />
        <PapPicker id={`${ids}-pap`} value={draft.pap} onChange={(label) => set('pap', label)} allowNone={!advisory || !(advisory.pendingRevision ?? advisory).pap} errors={errors} />

        <div className="form__actions">
          <button type="submit" className="button button--secondary" disabled={busy !== null}>
            {busy === 'save' ? t('editor.saving') : t(revision ? 'advisoryForm.saveRevision' : 'editor.saveDraft')}
          </button>
          <button ref={publishButton} type="button" className="button button--primary" disabled={busy !== null} onClick={() => void run('publish')}>
            {busy === 'publish' ? t('editor.publishing') : t(revision ? 'advisoryForm.publishRevision' : 'editor.publish')}
          </button>
          {advisory ? (
            <Link to={`/warnmeldungen/${advisory.id}`} className="button button--secondary">
              {t('advisoryForm.cancel')}
            </Link>
          ) : null}
        </div>
      </form>
      <dialog ref={conflictRef} className="dialog" aria-labelledby={`${ids}-conflict-title`} aria-describedby={`${ids}-conflict-text`} onClose={() => setConflict(null)}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            reloadAndMerge();
          }}
        >
          <h2 id={`${ids}-conflict-title`}>{t('editor.conflictTitle')}</h2>
          <p id={`${ids}-conflict-text`}>{t('editor.conflictText')}</p>
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('editor.conflictMerge')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => conflictRef.current?.close()}>
              {t('editor.conflictCancel')}
            </button>
          </div>
        </form>
      </dialog>
      <PublishDialog advisoryId={publishId} onClose={() => setPublishId(null)} onPublished={(published) => navigate(`/warnmeldungen/${published.id}`)} opener={publishButton} />
    </div>
  );
}
