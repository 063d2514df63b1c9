import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { problemWording } from '../../lib/problem-wording';
import { wording, worded, type Wording } from '../../lib/wording';
import { SEVERITIES, severityLabel } from '../../lib/labels';
import type { Schema } from '../../lib/api-schemas';
import { WebhooksSection } from './WebhooksSection';
import './inventory.css';

type Preferences = Schema<'NotificationPreferences'>;
const CHANNELS = ['in_app', 'email', 'webhook'] as const;
const DIGESTS = ['immediate', 'daily', 'weekly'] as const;

/** The user's notification preferences and, for organization administrators, the organization's webhooks. */
export function NotificationPreferencesPage(_props: PageProps) {
  const { t } = useI18n();
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [message, setMessage] = useState<Wording | null>(null);
  useEffect(() => {
    api.get<Preferences>('/me/notification-preferences').then(setPrefs).catch(() => undefined);
  }, []);
  if (!prefs) return <h1>{t('prefs.title')}</h1>;
  const save = (event: FormEvent) => {
    event.preventDefault();
    api
      .put<Preferences>('/me/notification-preferences', prefs)
      .then((saved) => {
        setPrefs(saved);
        setMessage(wording('prefs.saved'));
      })
      .catch((error: unknown) => setMessage(problemWording(error)));
  };
  const toggle = (channel: Preferences['channels'][number], on: boolean) => setPrefs({ ...prefs, channels: on ? [...prefs.channels, channel] : prefs.channels.filter((c) => c !== channel) });
  return (
    <div className="prefs">
      <h1>{t('prefs.title')}</h1>
      <form className="card panel form" onSubmit={save}>
        <fieldset className="choice-list">
          <legend>{t('prefs.channels')}</legend>
          {CHANNELS.map((channel) => (
            <div className="choice" key={channel}>
              <input id={`channel-${channel}`} type="checkbox" checked={prefs.channels.includes(channel)} onChange={(event) => toggle(channel, event.target.checked)} />
              <label htmlFor={`channel-${channel}`}>{t(`prefs.channel.${channel}` as MessageKey)}</label>
            </div>
          ))}
        </fieldset>
        <div className="field field--narrow">
          <label htmlFor="prefs-severity">{t('prefs.minSeverity')}</label>
          <select id="prefs-severity" value={prefs.minSeverity} onChange={(event) => setPrefs({ ...prefs, minSeverity: event.target.value as Preferences['minSeverity'] })}>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severityLabel(t, severity)}
              </option>
            ))}
          </select>
        </div>
        <div className="choice">
          <input id="prefs-only" type="checkbox" checked={prefs.onlyAffectsUs} onChange={(event) => setPrefs({ ...prefs, onlyAffectsUs: event.target.checked })} />
          <label htmlFor="prefs-only">{t('prefs.onlyAffectsUs')}</label>
        </div>
        <div className="field field--narrow">
          <label htmlFor="prefs-digest">{t('prefs.digest')}</label>
          <select id="prefs-digest" value={prefs.digest} onChange={(event) => setPrefs({ ...prefs, digest: event.target.value as Preferences['digest'] })}>
            {DIGESTS.map((digest) => (
              <option key={digest} value={digest}>
                {t(`prefs.digest.${digest}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--narrow">
          <label htmlFor="prefs-language">{t('prefs.language')}</label>
          <select id="prefs-language" value={prefs.language} onChange={(event) => setPrefs({ ...prefs, language: event.target.value === 'en' ? 'en' : 'de' })}>
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
        </div>
        <fieldset className="fieldset">
          <legend>{t('prefs.quiet')}</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor="quiet-start">{t('prefs.quietStart')}</label>
              <input id="quiet-start" type="time" value={prefs.quietHours?.start ?? ''} onChange={(event) => setPrefs({ ...prefs, quietHours: event.target.value ? { start: event.target.value, end: prefs.quietHours?.end ?? '07:00' } : null })} />
            </div>
            <div className="field">
              <label htmlFor="quiet-end">{t('prefs.quietEnd')}</label>
              <input id="quiet-end" type="time" value={prefs.quietHours?.end ?? ''} onChange={(event) => setPrefs({ ...prefs, quietHours: event.target.value ? { start: prefs.quietHours?.start ?? '22:00', end: event.target.value } : null })} />
            </div>
          </div>
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('prefs.save')}
          </button>
        </div>
        <p role="status" aria-live="polite" className="inventory__message">
          {worded(t, message)}
        </p>
      </form>
      <WebhooksSection />
    </div>
  );
}
