import { useState, type FormEvent } from 'react';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError } from '../../lib/api';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { formatDateTime, toApiError, useResource } from '../../lib/use-resource';
import { wording, worded, type Wording } from '../../lib/wording';

/** The key as the server read it (POST /me/openpgp-key/inspect; GET /me/openpgp-key answers `{ key }`, null when none is stored). */
interface KeyInfo {
  fingerprint: string;
  userIds: string[];
  expiresAt: string | null;
  algorithm: string;
  matchesEmail: boolean;
}

interface PlatformKey {
  fingerprint: string;
  armoredPublicKey: string;
  url: string;
}

/** "A1B2 C3D4 …": groups of four, as gpg prints it, so it can be compared by eye. */
export function groupFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

function KeyFacts({ info }: { info: KeyInfo }) {
  const { t, lang } = useI18n();
  const me = useMe();
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('pgp.fingerprint')}</dt>
          <dd>
            <code className="fingerprint">{groupFingerprint(info.fingerprint)}</code>
          </dd>
        </div>
        <div>
          <dt>{t('pgp.userIds')}</dt>
          <dd>{info.userIds.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('pgp.algorithm')}</dt>
          <dd>{info.algorithm}</dd>
        </div>
        <div>
          <dt>{t('pgp.expires')}</dt>
          <dd>{info.expiresAt ? formatDateTime(lang, info.expiresAt) : t('pgp.noExpiry')}</dd>
        </div>
      </dl>
      {info.matchesEmail ? null : (
        <p className="notice notice--warning" role="note">
          {t('pgp.emailMismatch', { email: me.user.email })}
        </p>
      )}
    </>
  );
}

/**
 * The user's OpenPGP public key: paste → the server reads it and shows the fingerprint → the user
 * confirms having compared it → stored. TLP:AMBER notifications then go out PGP/MIME-encrypted.
 */
function OwnKey() {
  const { t } = useI18n();
  const stored = useResource<{ key: KeyInfo | null }>('/me/openpgp-key');
  const [editing, setEditing] = useState(false);
  const [armored, setArmored] = useState('');
  const [candidate, setCandidate] = useState<KeyInfo | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const [busy, setBusy] = useState(false);

  const current = stored.state.status === 'ready' ? stored.state.data.key : null;
  const missing = stored.state.status === 'ready' && stored.state.data.key === null;
  const loadError = stored.state.status === 'error' ? stored.state.error : null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setEditing(false);
    setArmored('');
    setCandidate(null);
    setConfirmed(false);
  };

  const inspect = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => setCandidate(await api.post<KeyInfo>('/me/openpgp-key/inspect', { armoredKey: armored.trim() })));
  };
  const save = () =>
    void run(async () => {
      await api.put<KeyInfo>('/me/openpgp-key', { armoredKey: armored.trim(), fingerprint: candidate!.fingerprint });
      reset();
      setDone(wording('pgp.saved'));
      stored.reload();
    });
  const remove = () =>
    void run(async () => {
      await api.delete('/me/openpgp-key');
      setDone(wording('pgp.removed'));
      stored.reload();
    });

  const showForm = editing || (missing && !done);
  return (
    <>
      <ProblemNotice error={loadError ?? error} onRetry={loadError ? stored.reload : undefined} />
      <SuccessNotice message={worded(t, done)} />
      {stored.state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {current && !editing ? (
        <>
          <h3>{t('pgp.stored')}</h3>
          <KeyFacts info={current} />
          <div className="form__actions">
            <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
              {t('pgp.replace')}
            </button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={remove}>
              {t('pgp.remove')}
            </button>
          </div>
        </>
      ) : null}
      {missing && !editing && !candidate ? <p>{t('pgp.none')}</p> : null}
      {showForm && !candidate ? (
        <form className="form" onSubmit={inspect} aria-busy={busy}>
          <div className="field">
            <label htmlFor="pgp-armored">{t('pgp.armored')}</label>
            <p id="pgp-armored-hint" className="field-hint">
              {t('pgp.armoredHint')}
            </p>
            <textarea id="pgp-armored" rows={8} spellCheck={false} required value={armored} onChange={(event) => setArmored(event.target.value)} aria-describedby="pgp-armored-hint" />
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy || armored.trim() === ''}>
              {busy ? t('pgp.inspecting') : t('pgp.inspect')}
            </button>
            {editing ? (
              <button type="button" className="button button--secondary" onClick={reset}>
                {t('pgp.cancel')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {candidate ? (
        <div className="stack" role="group" aria-labelledby="pgp-confirm-heading">
          <h3 id="pgp-confirm-heading">{t('pgp.confirmTitle')}</h3>
          <p>{t('pgp.confirmLead')}</p>
          <KeyFacts info={candidate} />
          <div className="choice">
            <input id="pgp-confirm" type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
            <label htmlFor="pgp-confirm">{t('pgp.confirm')}</label>
          </div>
          <div className="form__actions">
            <button type="button" className="button button--primary" disabled={busy || !confirmed} onClick={save}>
              {t('pgp.save')}
            </button>
            <button type="button" className="button button--secondary" onClick={reset}>
              {t('pgp.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

/** The platform's signing key, so recipients can check the signature of every notification. */
function PlatformKeyFacts() {
  const { t } = useI18n();
  const { state, reload } = useResource<PlatformKey>('/platform/openpgp-key');
  return (
    <div className="platform-key">
      <h3>{t('pgp.platformTitle')}</h3>
      <p>{t('pgp.platformLead')}</p>
      <ProblemNotice error={state.status === 'error' ? state.error : null} onRetry={reload} />
      {state.status === 'ready' ? (
        <dl className="facts">
          <div>
            <dt>{t('pgp.fingerprint')}</dt>
            <dd>
              <code className="fingerprint">{groupFingerprint(state.data.fingerprint)}</code>
            </dd>
          </div>
          <div>
            <dt className="visually-hidden">{t('pgp.platformDownload')}</dt>
            <dd>
              <a href={state.data.url} download>
                {t('pgp.platformDownload')}
              </a>
            </dd>
          </div>
        </dl>
      ) : null}
    </div>
  );
}

export function OpenPgpSection() {
  const { t } = useI18n();
  return (
    <section className="card panel" aria-labelledby="pgp-heading">
      <h2 id="pgp-heading" className="section-title">
        {t('pgp.title')}
      </h2>
      <p>{t('pgp.lead')}</p>
      <OwnKey />
      <PlatformKeyFacts />
    </section>
  );
}
