import { readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import type { IdentityProviderConfig } from '../../../config/identity-providers.schema.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** What the SP needs to know about an IdP, from its metadata or the explicit config. */
export type ResolvedIdp = { entityId: string; ssoUrl: string; sloUrl: string | undefined; certificates: string[] };

function pem(certificate: string): string {
  const body = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

function endpoint(descriptor: Element, tag: string): string | undefined {
  const nodes = Array.from(descriptor.getElementsByTagNameNS(MD, tag));
  const preferred = nodes.find((node) => node.getAttribute('Binding') === REDIRECT) ?? nodes[0];
  return preferred?.getAttribute('Location') ?? undefined;
}

/** Reads IdP metadata XML: entity id, redirect-binding SSO/SLO endpoints and the signing certificates. */
export function parseIdpMetadata(xml: string): ResolvedIdp {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const entity = doc.getElementsByTagNameNS(MD, 'EntityDescriptor')[0];
  const descriptor = entity?.getElementsByTagNameNS(MD, 'IDPSSODescriptor')[0];
  if (!entity || !descriptor) throw new Error('IdP metadata has no EntityDescriptor/IDPSSODescriptor');
  const ssoUrl = endpoint(descriptor, 'SingleSignOnService');
  if (!ssoUrl) throw new Error('IdP metadata has no SingleSignOnService');
  const certificates = Array.from(descriptor.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(DS, 'X509Certificate')).map((node) => pem(node.textContent ?? '')));
  if (certificates.length === 0) throw new Error('IdP metadata has no signing certificate');
  return { entityId: entity.getAttribute('entityID') ?? '', ssoUrl, sloUrl: endpoint(descriptor, 'SingleLogoutService'), certificates };
}

/** Resolves an IdP entry to endpoints and certificates (metadata file wins over explicit fields). */
export function resolveIdp(idp: IdentityProviderConfig): ResolvedIdp {
  if (idp.metadataFile) return parseIdpMetadata(readFileSync(idp.metadataFile, 'utf8'));
  const certificate = idp.certificate ?? readFileSync(idp.certificateFile ?? '', 'utf8');
  return { entityId: idp.entityId ?? '', ssoUrl: idp.ssoUrl ?? '', sloUrl: idp.sloUrl, certificates: [pem(certificate)] };
}
