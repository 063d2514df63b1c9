import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { TlpBadge, type TlpLabel } from '../../components/TlpBadge';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/query';
import { asTlpLabel, type Advisory, type DirectoryUser, type Organization, type Page, type SharingGroup } from './model';
import { problemWording } from '../../lib/problem-wording';
import { worded, type Wording } from '../../lib/wording';

type Channels = { inApp: number; email: number; encryptedEmail: number; webhooks: number; mailEnabled: boolean };
/** `GET /api/v1/advisories/:id/audience-check` (server/advisories/advisories.routes.ts). */
export type AudienceCheck = {
  affectedOutsideAudience: { organizationId: string; name: string; certainty: 'confirmed' | 'possible'; reasons: { de: string; en: string }[] }[];
  addressedNotAffected: { organizationId: string; name: string }[];
  reach: { organizations: number; recipients: number; channels: Channels };
  publishable: boolean;
  problem: string | null;
};

type Loaded = { advisory: Advisory; check: AudienceCheck; names: Map<string, string> };

const TLP_MEANING: Record<TlpLabel, MessageKey> = {
  CLEAR: 'editor.tlp.clear',
  GREEN: 'editor.tlp.green',
  AMBER: 'editor.tlp.amber',
  'AMBER+STRICT': 'editor.tlp.amberStrict',
  RED: 'editor.tlp.red',
};

const PLURALS = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };

function plural(t: Translate, lang: 'de' | 'en', key: 'publishDialog.reach.people' | 'publishDialog.reach.orgs', n: number): string {
  return t(`${key}.${PLURALS[lang].select(n) === 'one' ? 'one' : 'other'}`, { n });
}

/** Names of the audience's organizations, sharing groups and people (ids stay ids when unknown). */
async function audienceNames(advisory: Advisory, signal: AbortSignal): Promise<Map<string, string>> {
  const audience = (advisory.pendingRevision ?? advisory).audience;
  const names = new Map<string, string>();
  const add = (items: { id: string; name: string }[]) => items.forEach((item) => names.set(item.id, item.name));
  await Promise.all([
    audience.organizations.length > 0 ? api.get<Page<Organization>>('/organizations', { query: { limit: 500 }, signal }).then((page) => add(page.items), () => undefined) : null,
    audience.sharingGroups.length > 0 ? api.get<Page<SharingGroup>>('/sharing-groups', { signal }).then((page) => add(page.items), () => undefined) : null,
    audience.users.length > 0 ? api.get<Page<DirectoryUser>>('/users', { query: { ids: audience.users.join(','), limit: 100 }, signal }).then((page) => add(page.items), () => undefined) : null,
  ]);
  return names;
}

/**
 * "Check your answers" before an advisory leaves the building: TLP and what it means, the audience,
 * how many people in how many organizations it reaches over which channels (as the server's policy
 * and the recipients' settings decide), who runs an affected product but is left out, and whom it
 * addresses needlessly. A revision needs a change note. A native modal `<dialog>`: the page behind
 * is inert (focus stays inside), Escape cancels, focus returns to the button that opened it
 * (`opener` when the browser lost track of it).
 */
export function PublishDialog({ advisoryId, onClose, onPublished, opener }: { advisoryId: string | null; onClose: () => void; onPublished: (advisory: Advisory) => void; opener?: RefObject<HTMLElement | null> }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<Wording | null>(null);
  const [noteDe, setNoteDe] = useState('');
  const [noteEn, setNoteEn] = useState('');
  const [noteError, setNoteError] = useState(false);
  const [problem, setProblem] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!advisoryId || !dialog) return;
    if (!dialog.open) dialog.showModal();
    setLoaded(null);
    setLoadError(null);
    setProblem(null);
    setNoteError(false);
    const controller = new AbortController();
    const { signal } = controller;
    Promise.all([api.get<Advisory>(`/advisories/${advisoryId}`, { signal }), api.get<AudienceCheck>(`/advisories/${advisoryId}/audience-check`, { signal })])
      .then(async ([advisory, check]) => setLoaded({ advisory, check, names: await audienceNames(advisory, signal) }))
      .catch((error: unknown) => {
        if (!signal.aborted) setLoadError(problemWording(error));
      });
    return () => controller.abort();
  }, [advisoryId]);

  const revision = loaded ? loaded.advisory.status !== 'draft' : false;
  const close = () => dialogRef.current?.close();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!loaded || !advisoryId) return;
    if (revision && noteDe.trim() === '') {
      setNoteError(true);
      document.getElementById(`${ids}-note`)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body = revision ? { changeNote: { de: noteDe.trim(), ...(noteEn.trim() ? { en: noteEn.trim() } : {}) } } : {};
      const published = await api.post<Advisory>(`/advisories/${advisoryId}/publish`, body);
      queryClient.setQueryData(queryKeys.advisories.detail(published.id), published);
      void queryClient.invalidateQueries({ queryKey: queryKeys.advisories.all });
      setNoteDe('');
      setNoteEn('');
      close();
      onPublished(published);
    } catch (error) {
      setProblem(problemWording(error));
    } finally {
      setBusy(false);
    }
  };

  const content = loaded ? (loaded.advisory.pendingRevision ?? loaded.advisory) : null;
  const tlp = content ? asTlpLabel(content.tlp) : null;
  const nameOf = (id: string) => loaded?.names.get(id) ?? id;

  return (
    <dialog ref={dialogRef} className="dialog dialog--publish" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-lead`} onClose={() => {
        // The browser returns focus to what had it before; a button disabled while saving had lost it.
        // Checked after the browser's own focus restoration has run.
        window.setTimeout(() => {
          if (opener?.current && (document.activeElement === document.body || document.activeElement === null)) opener.current.focus();
        }, 0);
        onClose();
      }}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id={`${ids}-title`}>{t(revision ? 'publishDialog.titleRevision' : 'publishDialog.title')}</h2>
        <p id={`${ids}-lead`}>{t('publishDialog.lead')}</p>
        {loadError ? (
          <p role="alert" className="field-error">
            {t('publishDialog.loadFailed', { detail: worded(t, loadError) ?? '' })}
          </p>
        ) : null}
        {!loaded && !loadError ? (
          <p role="status" className="loading">
            {t('publishDialog.loading')}
          </p>
        ) : null}
        {loaded && content ? (
          <>
            <dl className="facts publish-summary">
              <dt>{t('publishDialog.tlp')}</dt>
              <dd>
                {tlp ? <TlpBadge label={tlp} /> : content.tlp} {tlp ? <span>{t(TLP_MEANING[tlp])}</span> : null}
              </dd>
              <dt>{t('publishDialog.audience')}</dt>
              <dd>
                {tlp === 'CLEAR' ? t('publishDialog.audience.public') : tlp === 'GREEN' ? t('publishDialog.audience.community') : null}
                {tlp !== 'CLEAR' && tlp !== 'GREEN' ? (
                  content.audience.organizations.length + content.audience.sharingGroups.length + content.audience.users.length === 0 ? (
                    t('publishDialog.audience.none')
                  ) : (
                    <ul className="plain-list">
                      {content.audience.organizations.length > 0 ? <li>{t('publishDialog.audience.organizations')}: {content.audience.organizations.map(nameOf).join(', ')}</li> : null}
                      {content.audience.sharingGroups.length > 0 ? <li>{t('publishDialog.audience.groups')}: {content.audience.sharingGroups.map(nameOf).join(', ')}</li> : null}
                      {content.audience.users.length > 0 ? <li>{t('publishDialog.audience.people')}: {content.audience.users.map(nameOf).join(', ')}</li> : null}
                    </ul>
                  )
                ) : null}
              </dd>
              <dt>{t('publishDialog.reach')}</dt>
              <dd>
                {plural(t, lang, 'publishDialog.reach.people', loaded.check.reach.recipients)} {plural(t, lang, 'publishDialog.reach.orgs', loaded.check.reach.organizations)}
              </dd>
              <dt>{t('publishDialog.channels')}</dt>
              <dd>
                <ul className="plain-list">
                  <li>{t('publishDialog.channels.inApp', { n: loaded.check.reach.channels.inApp })}</li>
                  {/* Without SMTP no mail leaves: say so rather than count mails that are never sent. */}
                  {loaded.check.reach.channels.mailEnabled ? (
                    <li>
                      {t('publishDialog.channels.email', { n: loaded.check.reach.channels.email })}
                      {tlp === 'AMBER' || tlp === 'AMBER+STRICT' ? ` (${t('publishDialog.channels.encrypted', { n: loaded.check.reach.channels.encryptedEmail })})` : null}
                    </li>
                  ) : (
                    <li data-testid="publish-mail-off">{t('publishDialog.channels.mailOff')}</li>
                  )}
                  <li>{t('publishDialog.channels.webhooks', { n: loaded.check.reach.channels.webhooks })}</li>
                </ul>
                <span className="field-hint">
                  {t('publishDialog.channels.hint')} {(tlp === 'AMBER' || tlp === 'AMBER+STRICT') && loaded.check.reach.channels.mailEnabled ? t('publishDialog.channels.linkOnly') : tlp === 'RED' ? t('publishDialog.channels.redLinkOnly') : null}
                </span>
              </dd>
              <dt>{t('publishDialog.outside')}</dt>
              <dd>
                {loaded.check.affectedOutsideAudience.length === 0 ? (
                  t('publishDialog.none')
                ) : (
                  <>
                    <span>{t('publishDialog.outside.lead')}</span>
                    <ul className="plain-list publish-summary__warn">
                      {loaded.check.affectedOutsideAudience.map((org) => (
                        <li key={org.organizationId}>
                          <strong>{org.name}</strong> ({t(org.certainty === 'confirmed' ? 'publishDialog.outside.confirmed' : 'publishDialog.outside.possible')}): {org.reasons.map((reason) => reason[lang]).join('; ')}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </dd>
              <dt>{t('publishDialog.notAffected')}</dt>
              <dd>
                {loaded.check.addressedNotAffected.length === 0 ? (
                  t('publishDialog.none')
                ) : (
                  <>
                    <span>{t('publishDialog.notAffected.lead')}</span> {loaded.check.addressedNotAffected.map((org) => org.name).join(', ')}
                  </>
                )}
              </dd>
            </dl>
            {revision ? (
              <>
                <div className="field">
                  <label htmlFor={`${ids}-note`}>{t('publishDialog.changeNote')}</label>
                  <span id={`${ids}-note-hint`} className="field-hint">
                    {t('publishDialog.changeNoteHint')}
                  </span>
                  <textarea
                    id={`${ids}-note`}
                    rows={3}
                    maxLength={2000}
                    required
                    aria-invalid={noteError || undefined}
                    aria-describedby={noteError ? `${ids}-note-hint ${ids}-note-error` : `${ids}-note-hint`}
                    value={noteDe}
                    onChange={(event) => {
                      setNoteDe(event.target.value);
                      if (event.target.value.trim()) setNoteError(false);
                    }}
                  />
                  {noteError ? (
                    <p id={`${ids}-note-error`} className="field-error">
                      {t('publishDialog.changeNoteMissing')}
                    </p>
                  ) : null}
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-note-en`}>
                    {t('publishDialog.changeNoteEn')} <span className="field-marker">{t('editor.optional')}</span>
                  </label>
                  <textarea id={`${ids}-note-en`} rows={2} maxLength={2000} lang="en" value={noteEn} onChange={(event) => setNoteEn(event.target.value)} />
                </div>
              </>
            ) : null}
            {loaded.check.publishable ? (
              <p className="notice">{t('publishDialog.irreversible')}</p>
            ) : (
              <div role="alert" className="field-error">
                <p>{t('publishDialog.blocked')}</p>
                <p>{loaded.check.problem === 'AUDIENCE_REQUIRED' || loaded.check.problem === 'GERMAN_TEXT_REQUIRED' ? t(`publishDialog.${loaded.check.problem}`) : loaded.check.problem}</p>
              </div>
            )}
          </>
        ) : null}
        {problem ? (
          <p role="alert" className="field-error">
            {worded(t, problem)}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy || !loaded || !loaded.check.publishable}>
            {t(revision ? 'publishDialog.confirmRevision' : 'publishDialog.confirm')}
          </button>
          <button type="button" className="button button--secondary" onClick={close}>
            {t('publishDialog.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
