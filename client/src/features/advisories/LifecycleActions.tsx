import { useId, useRef, useState } from 'react';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import type { Advisory } from './model';
import { PublishDialog } from './PublishDialog';
import { wording, worded, type Wording } from '../../lib/wording';
import { problemWording } from '../../lib/problem-wording';

/**
 * What CERT staff can do with an advisory, as the server's `abilities` allow: edit a draft or
 * prepare the next revision, publish it after checking the summary (PublishDialog), and withdraw a
 * published advisory after confirming in a modal dialog (native `<dialog>`: focus moves into it, Escape cancels, focus returns afterwards).
 */
export function LifecycleActions({ advisory, onChange }: { advisory: Advisory; onChange: (advisory: Advisory) => void }) {
  const { t } = useI18n();
  const ids = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Wording | null>(null);
  const [message, setMessage] = useState<Wording | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const { abilities, status } = advisory;
  if (!abilities.edit && !abilities.publish) return null;
  const published = status === 'published' || status === 'revised';
  const pending = advisory.pendingRevision !== null;

  const act = async (action: () => Promise<Advisory>, done: Wording) => {
    setBusy(true);
    setProblem(null);
    try {
      onChange(await action());
      setMessage(done);
      return true;
    } catch (error) {
      setProblem(problemWording(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  // Publishing goes through the confirmation (PublishDialog), which posts and hands back the result.
  const afterPublish = (next: Advisory) => {
    onChange(next);
    setMessage(wording(pending ? 'advisoryLifecycle.revisionPublished' : 'advisory.published.done'));
  };
  const withdraw = async () => {
    const body = reason.trim() ? { reason: reason.trim() } : {};
    if (await act(() => api.post<Advisory>(`/advisories/${advisory.id}/withdraw`, body), wording('advisoryLifecycle.withdrawn'))) dialogRef.current?.close();
  };

  return (
    <section className="card panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        {t('advisoryLifecycle.title')}
      </h2>
      {pending ? <p className="notice">{t('advisoryLifecycle.pending')}</p> : null}
      <p role="status">{worded(t, message)}</p>
      {problem && !confirming ? (
        <p role="alert" className="field-error">
          {worded(t, problem)}
        </p>
      ) : null}
      <div className="lifecycle__actions">
        {abilities.edit && status !== 'withdrawn' ? (
          <Link to={`/warnmeldungen/${advisory.id}/bearbeiten`} className="button button--secondary">
            {t(status === 'draft' ? 'advisoryLifecycle.edit' : pending ? 'advisoryLifecycle.editRevision' : 'advisoryLifecycle.revise')}
          </Link>
        ) : null}
        {abilities.publish && (status === 'draft' || pending) ? (
          <button type="button" className="button button--primary" disabled={busy} onClick={() => setPublishing(true)}>
            {t(status === 'draft' ? 'advisory.publish' : 'advisoryLifecycle.publishRevision')}
          </button>
        ) : null}
        {abilities.publish && published ? (
          <button type="button" className="button button--danger" disabled={busy} onClick={() => {
              setProblem(null);
              setConfirming(true);
              dialogRef.current?.showModal();
            }}>
            {t('advisoryLifecycle.withdraw')}
          </button>
        ) : null}
      </div>
      <PublishDialog advisoryId={publishing ? advisory.id : null} onClose={() => setPublishing(false)} onPublished={afterPublish} />
      <dialog ref={dialogRef} className="dialog" aria-labelledby={`${ids}-dialog-title`} aria-describedby={`${ids}-dialog-text`} onClose={() => setConfirming(false)}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            void withdraw();
          }}
        >
          <h2 id={`${ids}-dialog-title`}>{t('advisoryLifecycle.confirmTitle')}</h2>
          <p id={`${ids}-dialog-text`}>{t('advisoryLifecycle.confirmText')}</p>
          <div className="field">
            <label htmlFor={`${ids}-reason`}>
              {t('advisoryLifecycle.reason')} <span className="field-marker">{t('editor.optional')}</span>
            </label>
            <textarea id={`${ids}-reason`} rows={3} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} />
          </div>
          {problem ? (
            <p role="alert" className="field-error">
              {worded(t, problem)}
            </p>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--danger" disabled={busy}>
              {t('advisoryLifecycle.confirmWithdraw')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => dialogRef.current?.close()}>
              {t('advisoryLifecycle.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
