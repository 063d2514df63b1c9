import { useEffect, useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';

interface IdentityProvider {
  id: string;
  displayName: { de: string; en: string };
  loginUrl: string;
}

/** SAML rejection reasons (server/auth/saml/saml.service.ts classifySamlError) grouped by what the user can do. */
function reasonKey(reason: string): MessageKey {
  if (reason === 'invalid_signature' || reason === 'wrong_issuer') return 'auth.saml.reason.signature';
  if (reason === 'expired' || reason === 'not_yet_valid') return 'auth.saml.reason.time';
  if (reason === 'in_response_to_mismatch' || reason === 'assertion_replayed') return 'auth.saml.reason.request';
  if (reason === 'wrong_audience' || reason === 'wrong_recipient' || reason === 'wrong_destination') return 'auth.saml.reason.config';
  if (reason.startsWith('provisioning_')) return 'auth.saml.reason.account';
  return 'auth.saml.reason.other';
}

/** The reason the ACS sent the browser back with (`/?samlError=<reason>&idp=<id>`), if any. */
export function samlErrorFromLocation(search: string): string | null {
  const reason = new URLSearchParams(search).get('samlError');
  return reason && /^[a-z_]{1,60}$/.test(reason) ? reason : null;
}

/** The explanation of a failed SAML login, for the login page's alert area. */
export function SamlError({ reason }: { reason: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice--error">
      <p className="notice__title">{t('auth.saml.errorTitle')}</p>
      <p>{t(reasonKey(reason))}</p>
      <p className="muted">{t('auth.saml.reasonCode', { code: reason })}</p>
    </div>
  );
}

/**
 * One button per configured identity provider. Plain links: the login leaves the app for the IdP
 * and comes back through the ACS, which returns to the page the user asked for (RelayState).
 */
export function IdpButtons() {
  const { t, lang } = useI18n();
  const [providers, setProviders] = useState<IdentityProvider[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get<{ items: IdentityProvider[] }>('/auth/providers', { signal: controller.signal })
      // Without the list the local form still works; the buttons are an addition.
      .then((result) => setProviders(result.items), () => setProviders([]));
    return () => controller.abort();
  }, []);
  if (providers.length === 0) return null;
  const returnTo = `${window.location.pathname}${window.location.search.replace(/[?&]samlError=[^&]*(&idp=[^&]*)?/, '')}`;
  return (
    <section className="idp-login" aria-labelledby="idp-heading">
      <h2 id="idp-heading" className="idp-login__heading">
        {t('auth.idp.heading')}
      </h2>
      <ul className="idp-login__list">
        {providers.map((provider) => (
          <li key={provider.id}>
            <a className="button button--secondary button--block" href={`${provider.loginUrl}?RelayState=${encodeURIComponent(returnTo)}`}>
              {t('auth.idp.button', { name: lang === 'en' ? provider.displayName.en : provider.displayName.de })}
            </a>
          </li>
        ))}
      </ul>
      <p className="idp-login__or">{t('auth.idp.or')}</p>
    </section>
  );
}
