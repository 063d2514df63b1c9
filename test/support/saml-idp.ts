import { execFileSync } from 'node:child_process';
import { createSign, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';

/** A self-signed key pair made with openssl (the same tool an IdP operator would use). */
export function makeKeyPair(dir: string, name: string): { keyFile: string; certFile: string; key: string; cert: string } {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return { keyFile, certFile, key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

export type ResponseOptions = {
  inResponseTo: string;
  audience: string;
  recipient: string;
  nameID: string;
  attributes: Record<string, string[]>;
  assertionId?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  signAssertion?: boolean;
  signResponse?: boolean;
};

const iso = (date: Date) => date.toISOString();
const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * A hand-built in-process test IdP: signs SAML responses with xml-crypto exactly as a real IdP does
 * (enveloped RSA-SHA256, exclusive c14n), with switches to break each rule the SP must enforce.
 */
export class TestIdp {
  readonly entityId = 'urn:lagebild:test-idp';
  readonly ssoUrl = 'http://127.0.0.1:9/sso';
  readonly sloUrl = 'http://127.0.0.1:9/slo';
  readonly dir = mkdtempSync(join(tmpdir(), 'lagebild-saml-'));
  readonly keys = makeKeyPair(this.dir, 'idp');

  /** Writes an IdP list file for `LAGEBILD_IDENTITY_PROVIDERS`. */
  writeConfig(provisioning: Record<string, unknown>, options: { singleLogout?: boolean } = {}): string {
    const file = join(this.dir, 'identity-providers.json');
    const idp = { id: 'test', displayName: { de: 'Test-IdP', en: 'Test IdP' }, entityId: this.entityId, ssoUrl: this.ssoUrl, ...(options.singleLogout ? { sloUrl: this.sloUrl } : {}), certificateFile: this.keys.certFile, clockSkewSeconds: 5, provisioning };
    writeFileSync(file, JSON.stringify([idp]));
    return file;
  }

  private sign(xml: string, elementName: 'Assertion' | 'Response'): string {
    const signer = new SignedXml({ privateKey: this.keys.key, publicCert: this.keys.cert });
    signer.signatureAlgorithm = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
    signer.canonicalizationAlgorithm = 'http://www.w3.org/2001/10/xml-exc-c14n#';
    const xpath = elementName === 'Assertion' ? "//*[local-name(.)='Assertion']" : "/*[local-name(.)='Response']";
    signer.addReference({
      xpath,
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    // The signature goes right after the element's Issuer, as the SAML schema demands.
    signer.computeSignature(xml, { location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' } });
    return signer.getSignedXml();
  }

  /** A base64 SAMLResponse for the HTTP-POST binding. */
  response(options: ResponseOptions): string {
    const now = new Date();
    const notBefore = options.notBefore ?? new Date(now.getTime() - 60_000);
    const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const assertionId = options.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
    const attributes = Object.entries(options.attributes)
      .map(([name, values]) => `<saml:Attribute Name="${name}">${values.map((value) => `<saml:AttributeValue>${escape(value)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
      .join('');
    let assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escape(options.nameID)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${options.inResponseTo}" NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${options.recipient}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${escape(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s${randomBytes(8).toString('hex')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
    if (options.signAssertion ?? true) assertion = this.sign(assertion, 'Assertion');
    let response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}" Destination="${options.recipient}" InResponseTo="${options.inResponseTo}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
    if (options.signResponse ?? true) response = this.sign(response, 'Response');
    return Buffer.from(response).toString('base64');
  }
}

/** What an IdP-initiated LogoutRequest says, and how it is tampered with for negative tests. */
export type LogoutRequestOptions = { destination: string; nameID: string; sessionIndex?: string; relayState?: string; id?: string; sign?: boolean; tamper?: (xml: string) => string };

/**
 * The query string of an IdP-initiated LogoutRequest in the HTTP-Redirect binding (SAML bindings
 * 3.4.4.1): DEFLATE + base64 message, then `SigAlg` and an RSA-SHA256 signature over the exact
 * `SAMLRequest=…&RelayState=…&SigAlg=…` octets, as a real IdP sends it.
 */
export function logoutRequestQuery(idp: TestIdp, options: LogoutRequestOptions): { query: string; id: string } {
  const id = options.id ?? `_l${randomBytes(16).toString('hex')}`;
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${escape(options.destination)}" NotOnOrAfter="${iso(new Date(Date.now() + 5 * 60_000))}">` +
    `<saml:Issuer>${idp.entityId}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escape(options.nameID)}</saml:NameID>` +
    `${options.sessionIndex ? `<samlp:SessionIndex>${escape(options.sessionIndex)}</samlp:SessionIndex>` : ''}</samlp:LogoutRequest>`;
  const encode = (text: string) => encodeURIComponent(deflateRawSync(Buffer.from(text)).toString('base64'));
  let signed = `SAMLRequest=${encode(xml)}${options.relayState ? `&RelayState=${encodeURIComponent(options.relayState)}` : ''}`;
  if (options.sign === false) return { query: signed, id };
  signed += `&SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(idp.keys.key, 'base64');
  // Tampering after signing: the signature no longer covers what is sent.
  const sent = options.tamper ? signed.replace(`SAMLRequest=${encode(xml)}`, `SAMLRequest=${encode(options.tamper(xml))}`) : signed;
  return { query: `${sent}&Signature=${encodeURIComponent(signature)}`, id };
}

/** The decoded XML of a redirect-binding SAML message in a URL (`SAMLRequest` or `SAMLResponse`). */
export function redirectMessage(location: string, parameter: 'SAMLRequest' | 'SAMLResponse'): string {
  return inflateRawSync(Buffer.from(new URL(location).searchParams.get(parameter) ?? '', 'base64')).toString('utf8');
}

/** The AuthnRequest id from the IdP redirect URL the SP sent the browser to. */
export function authnRequestId(location: string): string {
  const samlRequest = new URL(location).searchParams.get('SAMLRequest') ?? '';
  const xml = inflateRawSync(Buffer.from(samlRequest, 'base64')).toString('utf8');
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (!id) throw new Error(`no ID in AuthnRequest: ${xml}`);
  return id;
}
