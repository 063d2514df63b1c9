import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { problemWording } from '../../lib/problem-wording';
import { wording, worded, type Wording } from '../../lib/wording';
import type { Schema } from '../../lib/api-schemas';
import { useMe } from '../../lib/session';

// The API's shapes, generated from the OpenAPI document.
type Webhook = Schema<'Webhook'>;
type TestResult = Schema<'WebhookTestResult'>;
type Delivery = Schema<'Delivery'>;

/** The delivery log of one webhook, loaded when opened. */
function DeliveryLog({ orgId, hook, when }: { orgId: string; hook: Webhook; when: (iso: string) => string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Delivery[] | null>(null);
  const load = () => {
    api
      .get<{ items: Delivery[] }>(`/organizations/${orgId}/webhooks/${hook.id}/deliveries`)
      .then((page) => setItems(page.items))
      .catch(() => setItems([]));
  };
  return (
    <details onToggle={(event) => (event.currentTarget.open ? load() : undefined)}>
      <summary>{t('webhooks.log')}</summary>
      {items === null ? null : items.length === 0 ? (
        <p>{t('webhooks.logEmpty')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('webhooks.logOf', { url: hook.url })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.logAt')}</th>
              <th scope="col">{t('webhooks.events')}</th>
              <th scope="col">{t('webhooks.state')}</th>
              <th scope="col">{t('webhooks.logAttempts')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{when(item.deliveredAt ?? item.createdAt)}</td>
                <td>{item.eventType}</td>
                <td>{t(`webhooks.status.${item.status === 'sent' || item.status === 'failed' ? item.status : 'pending'}` as MessageKey)}{item.lastError ? ` – ${item.lastError}` : ''}</td>
                <td>{item.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

const EVENT_TYPES = ['advisory.published', 'advisory.revised', 'advisory.matched'] as const;

/** Why the server refuses a webhook URL (server/notifications/webhooks.routes.ts: the refusal is the field problem's message). */
const REFUSALS: Readonly<Record<string, MessageKey>> = {
  not_http: 'webhooks.refusal.notHttp',
  credentials: 'webhooks.refusal.credentials',
  private_address: 'webhooks.refusal.privateAddress',
  local_name: 'webhooks.refusal.localName',
};

/** A failed webhook request in the reader's language: a refused address says why, anything else by its code. */
function problemText(error: unknown): Wording {
  const refusal = error instanceof ApiError && error.code === 'ADDRESS_NOT_ALLOWED' ? REFUSALS[error.errors[0]?.message ?? ''] : undefined;
  return refusal ? wording(refusal) : problemWording(error, {}, { url: 'webhooks.url' });
}

/**
 * An organization's webhook endpoints, for its administrators: add (the signing secret is shown
 * once), choose event types, enable or disable, send a test delivery, see the last delivery.
 */
export function WebhooksSection() {
  const { t, lang } = useI18n();
  const me = useMe();
  const managed = me.memberships.filter((m) => m.role === 'org_admin' || m.role === 'cert_admin');
  const [orgId, setOrgId] = useState(managed[0]?.organization.id ?? '');
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>([...EVENT_TYPES]);
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<Wording | null>(null);

  const load = useCallback(() => {
    if (!orgId) return;
    api
      .get<{ items: Webhook[] }>(`/organizations/${orgId}/webhooks`)
      .then((page) => setHooks(page.items))
      .catch((error: unknown) => setMessage(problemText(error)));
  }, [orgId]);
  useEffect(load, [load]);
  if (managed.length === 0) return null;

  const when = (iso: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' });
  const lastText = (hook: Webhook) => {
    if (!hook.lastDelivery) return t('webhooks.never');
    const outcome = hook.lastDelivery.error ? t('webhooks.failed', { error: hook.lastDelivery.error }) : t('webhooks.ok', { status: String(hook.lastDelivery.status) });
    return `${when(hook.lastDelivery.at)}: ${outcome}`;
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    api
      .post<Webhook>(`/organizations/${orgId}/webhooks`, { url, eventTypes: types })
      .then((created) => {
        setSecret(created.secret ?? null);
        setUrl('');
        setMessage(wording('webhooks.added'));
        load();
      })
      .catch((error: unknown) => setMessage(problemText(error)));
  };
  const patch = (hook: Webhook, body: Record<string, unknown>) =>
    api
      .patch<Webhook>(`/organizations/${orgId}/webhooks/${hook.id}`, body)
      .then(() => {
        setMessage(wording('webhooks.saved'));
        load();
      })
      .catch((error: unknown) => setMessage(problemText(error)));
  const test = (hook: Webhook) =>
    api
      .post<TestResult>(`/organizations/${orgId}/webhooks/${hook.id}/test`)
      .then((result) => {
        setMessage(result.ok ? wording('webhooks.testOk', { status: String(result.status) }) : wording('webhooks.testFailed', { error: result.error ?? '' }));
        load();
      })
      .catch((error: unknown) => setMessage(problemText(error)));
  const remove = (hook: Webhook) => {
    if (!window.confirm(t('webhooks.removeConfirm', { url: hook.url }))) return;
    api
      .delete(`/organizations/${orgId}/webhooks/${hook.id}`)
      .then(() => {
        setMessage(wording('webhooks.removed'));
        load();
      })
      .catch((error: unknown) => setMessage(problemText(error)));
  };
  const toggleType = (list: string[], type: string, on: boolean) => (on ? [...list, type] : list.filter((entry) => entry !== type));

  return (
    <section className="card panel" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title" className="panel__title">
        {t('webhooks.title')}
      </h2>
      <p className="panel__intro">{t('webhooks.lead')}</p>
      {managed.length > 1 && (
        <div className="field field--narrow">
          <label htmlFor="webhooks-org">{t('inventory.organization')}</label>
          <select id="webhooks-org" value={orgId} onChange={(event) => setOrgId(event.target.value)}>
            {managed.map((m) => (
              <option key={m.organization.id} value={m.organization.id}>
                {m.organization.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {hooks && hooks.length === 0 && <p>{t('webhooks.empty')}</p>}
      {hooks && hooks.length > 0 && (
        <div className="table-scroll">
          <table className="table inventory__table">
            <caption className="visually-hidden">{t('webhooks.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.url')}</th>
              <th scope="col">{t('webhooks.events')}</th>
              <th scope="col">{t('webhooks.state')}</th>
              <th scope="col">{t('webhooks.last')}</th>
              <th scope="col">{t('inventory.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {hooks.map((hook) => (
              <tr key={hook.id}>
                <td>
                  <code>{hook.url}</code>
                </td>
                <td>
                  <fieldset className="choice-list webhook-events">
                    <legend className="visually-hidden">{t('webhooks.eventsOf', { url: hook.url })}</legend>
                    {EVENT_TYPES.map((type) => (
                      <div className="choice" key={type}>
                        <input
                          id={`hook-${hook.id}-${type}`}
                          type="checkbox"
                          checked={hook.eventTypes.includes(type)}
                          disabled={hook.eventTypes.length === 1 && hook.eventTypes.includes(type)}
                          onChange={(event) => void patch(hook, { eventTypes: toggleType(hook.eventTypes, type, event.target.checked) })}
                        />
                        <label htmlFor={`hook-${hook.id}-${type}`}>{t(`webhooks.event.${type}` as MessageKey)}</label>
                      </div>
                    ))}
                  </fieldset>
                </td>
                <td>{hook.enabled ? t('webhooks.enabled') : t('webhooks.disabled', { failures: String(hook.consecutiveFailures) })}</td>
                <td>
                  {lastText(hook)}
                  <DeliveryLog orgId={orgId} hook={hook} when={when} />
                </td>
                <td>
                  <div className="button-row">
                    <button type="button" className="button button--secondary button--small" onClick={() => void test(hook)} aria-label={`${t('webhooks.test')}: ${hook.url}`}>
                      {t('webhooks.test')}
                    </button>
                    <button type="button" className="button button--secondary button--small" onClick={() => void patch(hook, { enabled: !hook.enabled })} aria-label={`${hook.enabled ? t('webhooks.disable') : t('webhooks.enable')}: ${hook.url}`}>
                      {hook.enabled ? t('webhooks.disable') : t('webhooks.enable')}
                    </button>
                    <button type="button" className="button button--danger button--small" onClick={() => remove(hook)} aria-label={`${t('webhooks.remove')}: ${hook.url}`}>
                      {t('webhooks.remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
          </table>
        </div>
      )}
      <form className="form webhooks__add" onSubmit={add} aria-labelledby="webhook-add-title">
        <h3 id="webhook-add-title">{t('webhooks.add')}</h3>
        <div className="field">
          <label htmlFor="webhook-url">{t('webhooks.url')}</label>
          <input id="webhook-url" type="url" required placeholder="https://" value={url} onChange={(event) => setUrl(event.target.value)} />
        </div>
        <fieldset className="choice-list">
          <legend>{t('webhooks.events')}</legend>
          {EVENT_TYPES.map((type) => (
            <div className="choice" key={type}>
              <input id={`new-hook-${type}`} type="checkbox" checked={types.includes(type)} onChange={(event) => setTypes(toggleType(types, type, event.target.checked))} />
              <label htmlFor={`new-hook-${type}`}>{t(`webhooks.event.${type}` as MessageKey)}</label>
            </div>
          ))}
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={types.length === 0}>
            {t('webhooks.add')}
          </button>
        </div>
      </form>
      {secret && (
        <div className="card" role="region" aria-labelledby="webhook-secret-title">
          <h3 id="webhook-secret-title">{t('webhooks.secretTitle')}</h3>
          <p>{t('webhooks.secretOnce')}</p>
          <p>
            <code data-testid="webhook-secret">{secret}</code>
          </p>
        </div>
      )}
      <p role="status" aria-live="polite" className="inventory__message">
        {worded(t, message)}
      </p>
    </section>
  );
}
