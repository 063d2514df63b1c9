import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { useAnnounce } from '../../app/announcer';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n, type MessageKey } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import { formatDateTime, toApiError, useResource } from '../../lib/use-resource';
import { wording, worded, type Wording } from '../../lib/wording';
import './account.css';

/** The scopes the server knows (server/access/capabilities.ts TOKEN_SCOPES), in display order. */
const SCOPES = ['read', 'advisories:write', 'incidents:write', 'inventory:write', 'feeds:write', 'taxii', 'admin'] as const;

interface Token {
  id: string;
  name: string;
  prefix: string;
  kind: 'personal' | 'service';
  organizationId: string | null;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function scopeKey(scope: string): MessageKey | null {
  return (SCOPES as readonly string[]).includes(scope) ? (`tokens.scope.${scope}` as MessageKey) : null;
}

/** The secret of a just-created token, shown this once, with a copy button. */
function CreatedToken({ token, onDone }: { token: Token & { token: string }; onDone: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [copyState, setCopyState] = useState<Wording | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopyState(wording('tokens.created.copied'));
      announce(t('tokens.created.copied'));
    } catch {
      setCopyState(wording('tokens.created.copyFailed'));
    }
  };
  return (
    <section className="card panel" aria-labelledby="created-token-heading">
      <h2 id="created-token-heading" ref={headingRef} tabIndex={-1} className="section-title">
        {t('tokens.created.title')}
      </h2>
      <p className="notice">{t('tokens.created.once')}</p>
      <p id="created-token-label">{t('tokens.created.label', { name: token.name })}</p>
      <code className="secret" aria-labelledby="created-token-label" data-testid="created-token">
        {token.token}
      </code>
      <p role="status">{worded(t, copyState)}</p>
      <div className="form__actions">
        <button type="button" className="button button--primary" onClick={() => void copy()}>
          {t('tokens.created.copy')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('tokens.created.done')}
        </button>
      </div>
    </section>
  );
}

/** Token creation: name, scopes with plain-language descriptions, expiry, personal or service owner. */
function CreateTokenForm({ onCreated }: { onCreated: (token: Token & { token: string }) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const adminOf = me.memberships.filter((m) => m.role === 'org_admin' || m.role === 'cert_admin');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState('90');
  const [owner, setOwner] = useState('');
  const [errors, setErrors] = useState<{ name?: string; scopes?: string; days?: string }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const expiresInDays = Number(days);
    const local = {
      ...(name.trim() ? {} : { name: t('tokens.create.nameRequired') }),
      ...(scopes.length > 0 ? {} : { scopes: t('tokens.create.scopeRequired') }),
      ...(Number.isInteger(expiresInDays) && expiresInDays >= 1 && expiresInDays <= 366 ? {} : { days: t('tokens.create.expiresInvalid') }),
    };
    setErrors(local);
    const first = local.name ? 'token-name' : local.scopes ? `token-scope-${SCOPES[0]}` : local.days ? 'token-days' : null;
    if (first) {
      document.getElementById(first)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api.post<Token & { token: string }>('/tokens', {
        name: name.trim(),
        scopes,
        expiresInDays,
        ...(owner ? { organizationId: owner } : {}),
      });
      setName('');
      setScopes(['read']);
      onCreated(created);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card panel" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading" className="section-title">
        {t('tokens.create.title')}
      </h2>
      <ProblemNotice error={error} />
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-busy={busy}>
        <div className={`field${errors.name ? ' field--invalid' : ''}`}>
          <label htmlFor="token-name">{t('tokens.create.name')}</label>
          <p id="token-name-hint" className="field-hint">
            {t('tokens.create.nameHint')}
          </p>
          {errors.name ? <p id="token-name-error" className="field-error">{errors.name}</p> : null}
          <input
            id="token-name"
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={['token-name-hint', errors.name ? 'token-name-error' : ''].filter(Boolean).join(' ')}
          />
        </div>
        <fieldset className="choice-list" aria-describedby={['token-scopes-hint', errors.scopes ? 'token-scopes-error' : ''].filter(Boolean).join(' ')}>
          <legend>{t('tokens.create.scopes')}</legend>
          <p id="token-scopes-hint" className="field-hint">
            {t('tokens.create.scopesHint')}
          </p>
          {errors.scopes ? <p id="token-scopes-error" className="field-error">{errors.scopes}</p> : null}
          {SCOPES.map((scope) => (
            <div className="choice" key={scope}>
              <input
                id={`token-scope-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) => setScopes((previous) => (event.target.checked ? [...previous, scope] : previous.filter((item) => item !== scope)))}
              />
              <label htmlFor={`token-scope-${scope}`}>
                <code>{scope}</code> – {t(`tokens.scope.${scope}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <div className={`field${errors.days ? ' field--invalid' : ''}`}>
          <label htmlFor="token-days">{t('tokens.create.expires')}</label>
          {errors.days ? <p id="token-days-error" className="field-error">{errors.days}</p> : null}
          <input
            id="token-days"
            type="number"
            min={1}
            max={366}
            inputMode="numeric"
            value={days}
            onChange={(event) => setDays(event.target.value)}
            aria-invalid={errors.days ? true : undefined}
            aria-describedby={errors.days ? 'token-days-error' : undefined}
          />
        </div>
        {adminOf.length > 0 ? (
          <fieldset className="choice-list">
            <legend>{t('tokens.create.owner')}</legend>
            <div className="choice">
              <input id="token-owner-personal" type="radio" name="token-owner" checked={owner === ''} onChange={() => setOwner('')} />
              <label htmlFor="token-owner-personal">{t('tokens.create.ownerPersonal')}</label>
            </div>
            {adminOf.map((membership) => (
              <div className="choice" key={membership.organization.id}>
                <input
                  id={`token-owner-${membership.organization.id}`}
                  type="radio"
                  name="token-owner"
                  checked={owner === membership.organization.id}
                  onChange={() => setOwner(membership.organization.id)}
                />
                <label htmlFor={`token-owner-${membership.organization.id}`}>{t('tokens.create.ownerService', { org: membership.organization.name })}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('tokens.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** "API-Tokens": list (never the secrets), create (secret shown once), revoke. */
export function TokensPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { state, reload } = useResource<{ items: Token[] }>('/tokens');
  const [created, setCreated] = useState<(Token & { token: string }) | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const orgName = (id: string | null) => me.memberships.find((m) => m.organization.id === id)?.organization.name ?? id ?? '';

  const revoke = async (token: Token) => {
    setError(null);
    setDone(null);
    try {
      await api.delete(`/tokens/${token.id}`);
      setDone(wording('tokens.revoked', { name: token.name }));
      reload();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  // Expiry is judged against the moment the list was shown; render stays pure.
  const [shownAt] = useState(() => Date.now());
  const status = (token: Token) =>
    token.revokedAt ? t('tokens.status.revoked') : Date.parse(token.expiresAt) < shownAt ? t('tokens.status.expired') : t('tokens.status.active');

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('tokens.title')}</h1>
        <p className="page-header__lead">{t('tokens.lead')}</p>
      </header>
      {created ? (
        <CreatedToken token={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm
          onCreated={(token) => {
            setCreated(token);
            reload();
          }}
        />
      )}
      <section className="card panel" aria-labelledby="token-list-heading">
        <h2 id="token-list-heading" className="section-title">
          {t('tokens.list.title')}
        </h2>
        <ProblemNotice error={state.status === 'error' ? state.error : error} onRetry={state.status === 'error' ? reload : undefined} />
        <SuccessNotice message={worded(t, done)} />
        {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {state.status === 'ready' && state.data.items.length === 0 ? <EmptyState title={t('tokens.list.empty')} /> : null}
        {state.status === 'ready' && state.data.items.length > 0 ? (
          <div className="data-table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('tokens.col.name')}</th>
                  <th scope="col">{t('tokens.col.kind')}</th>
                  <th scope="col">{t('tokens.col.scopes')}</th>
                  <th scope="col">{t('tokens.col.expires')}</th>
                  <th scope="col">{t('tokens.col.lastUsed')}</th>
                  <th scope="col">{t('tokens.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((token) => (
                  <tr key={token.id}>
                    <th scope="row">
                      {token.name}
                      <br />
                      <code className="muted">{token.prefix}…</code>
                    </th>
                    <td>{token.kind === 'service' ? t('tokens.kind.service', { org: orgName(token.organizationId) }) : t('tokens.kind.personal')}</td>
                    <td>
                      {token.scopes.map((scope) => {
                        const key = scopeKey(scope);
                        return (
                          <span key={scope} className="tag" title={key ? t(key) : undefined}>
                            {scope}
                          </span>
                        );
                      })}
                    </td>
                    <td>{formatDateTime(lang, token.expiresAt)}</td>
                    <td>{token.lastUsedAt ? formatDateTime(lang, token.lastUsedAt) : t('common.never')}</td>
                    <td>
                      {status(token)}
                      {!token.revokedAt ? (
                        <>
                          {' '}
                          <button type="button" className="button button--secondary" aria-label={t('tokens.revokeLabel', { name: token.name })} onClick={() => void revoke(token)}>
                            {t('tokens.revoke')}
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
