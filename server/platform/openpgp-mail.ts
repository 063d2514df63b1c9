/**
 * OpenPGP for outgoing mail (RFC 3156 PGP/MIME), at the transport: the Mailer hands every message
 * here before SMTP (server/platform/mail.ts).
 *
 * - Every message is signed with the platform's key (the CERT key that also signs CSAF documents,
 *   published in security.txt and on the profile page): `multipart/signed` (RFC 3156 §5).
 * - A recipient with an uploaded public key gets the message signed and encrypted in one OpenPGP
 *   message (`multipart/encrypted`, §4 and §6.2). The real subject travels inside (protected
 *   headers); outside stays only the TLP label and a neutral text.
 * - TLP:AMBER and AMBER+STRICT content never leaves unencrypted: without a recipient key the
 *   message's link-only variant is sent instead (fail closed when it has none).
 */
import { randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';

/** What the platform signs with (server/sharing/signing-key.ts provides it). */
export type MailSigner = {
  fingerprint: string;
  /** Detached armored signature over the UTF-8 bytes of `text`. */
  sign(text: string): Promise<string>;
  /** `text` signed and encrypted to `recipientArmoredKey` (and the platform key), armored. */
  signAndEncrypt(text: string, recipientArmoredKey: string): Promise<string>;
};

/** Finds the OpenPGP public key (armored) a recipient uploaded, by e-mail address. */
export type RecipientKeyLookup = (email: string) => Promise<string | null>;

/** Mail protection as the Mailer applies it. */
export type MailProtection = { signer: () => Promise<MailSigner>; recipientKey: RecipientKeyLookup };

/** The levels whose content must travel encrypted. */
const ENCRYPTED_ONLY = new Set(['amber', 'amber+strict']);

/** Whether content of `tlp` may leave only encrypted. */
export function needsEncryption(tlp: string | undefined): boolean {
  return tlp !== undefined && ENCRYPTED_ONLY.has(tlp.toLowerCase().replace(/^tlp:/, ''));
}

function boundary(): string {
  return `----=_Lagebild_${randomBytes(12).toString('hex')}`;
}

/** RFC 2047 encoded-word for a header value outside ASCII. */
export function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/**
 * The MIME entity of the content: text/plain (with an HTML alternative when given), bodies base64
 * so no transport re-encodes the signed bytes. `protectedSubject` adds the subject as a protected
 * header (inside encryption).
 */
export function contentEntity(content: { text: string; html?: string | undefined; attachments?: readonly { filename: string; contentType: string; content: Buffer }[] | undefined }, protectedSubject?: string): string {
  if (content.attachments?.length) {
    // multipart/mixed: the text (or text + HTML) first, then each file, all inside the signed/encrypted entity.
    const mark = boundary();
    const marker = protectedSubject ? '; protected-headers="v1"' : '';
    const protectedHeaders = protectedSubject ? `Subject: ${encodeHeader(protectedSubject)}\r\n` : '';
    const files = content.attachments.map(
      (file) =>
        `--${mark}\r\nContent-Type: ${file.contentType}; name="${file.filename}"\r\nContent-Disposition: attachment; filename="${file.filename}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${file.content.toString('base64').replace(/.{1,76}/g, '$&\r\n')}`,
    );
    return [`Content-Type: multipart/mixed; boundary="${mark}"${marker}\r\n${protectedHeaders}\r\n`, `--${mark}\r\n${contentEntity({ text: content.text, html: content.html })}`, ...files, `--${mark}--\r\n`].join('');
  }
  const protectedHeaders = protectedSubject ? `Subject: ${encodeHeader(protectedSubject)}\r\n` : '';
  const marker = protectedSubject ? '; protected-headers="v1"' : '';
  if (!content.html) {
    return `Content-Type: text/plain; charset=utf-8${marker}\r\nContent-Transfer-Encoding: base64\r\n${protectedHeaders}\r\n${base64Lines(content.text)}\r\n`;
  }
  const mark = boundary();
  return [
    `Content-Type: multipart/alternative; boundary="${mark}"${marker}\r\n${protectedHeaders}\r\n`,
    `--${mark}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(content.text)}\r\n`,
    `--${mark}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(content.html)}\r\n`,
    `--${mark}--\r\n`,
  ].join('');
}

async function micalgOf(armoredSignature: string): Promise<string> {
  const signature = await openpgp.readSignature({ armoredSignature });
  const algorithm = signature.packets[0]?.hashAlgorithm;
  const names = Object.entries(openpgp.enums.hash as unknown as Record<string, number>);
  const name = names.find(([, id]) => id === Number(algorithm))?.[0]?.toLowerCase() ?? 'sha256';
  return `pgp-${name}`;
}

/** A `multipart/signed` body (RFC 3156 §5) and its Content-Type. */
export async function signedBody(entity: string, signer: MailSigner): Promise<{ contentType: string; body: string }> {
  const signature = await signer.sign(entity);
  const mark = boundary();
  const micalg = await micalgOf(signature);
  return {
    contentType: `multipart/signed; micalg=${micalg}; protocol="application/pgp-signature"; boundary="${mark}"`,
    body: [
      'This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n',
      `--${mark}\r\n${entity}`,
      `--${mark}\r\nContent-Type: application/pgp-signature; name="signature.asc"\r\nContent-Description: OpenPGP digital signature\r\nContent-Disposition: attachment; filename="signature.asc"\r\n\r\n${signature.replace(/\r?\n/g, '\r\n')}\r\n`,
      `--${mark}--\r\n`,
    ].join(''),
  };
}

/** A `multipart/encrypted` body (RFC 3156 §4, signed and encrypted in one message per §6.2). */
export async function encryptedBody(entity: string, signer: MailSigner, recipientArmoredKey: string): Promise<{ contentType: string; body: string }> {
  const armored = await signer.signAndEncrypt(entity, recipientArmoredKey);
  const mark = boundary();
  return {
    contentType: `multipart/encrypted; protocol="application/pgp-encrypted"; boundary="${mark}"`,
    body: [
      'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n',
      `--${mark}\r\nContent-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n`,
      `--${mark}\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\nContent-Description: OpenPGP encrypted message\r\nContent-Disposition: inline; filename="encrypted.asc"\r\n\r\n${armored.replace(/\r?\n/g, '\r\n')}\r\n`,
      `--${mark}--\r\n`,
    ].join(''),
  };
}

/** A complete RFC 5322 message from its top headers and a body. */
export function rfc5322(headers: { from: string; to: string; subject: string; contentType: string; messageIdDomain: string }, body: string): string {
  const lines = [
    `From: ${headers.from.replace(/^([^<]*[^\x20-\x7e][^<]*)</, (_match, name: string) => `${encodeHeader(name.trim())} <`)}`,
    `To: ${headers.to}`,
    `Subject: ${encodeHeader(headers.subject)}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomBytes(16).toString('hex')}@${headers.messageIdDomain}>`,
    'MIME-Version: 1.0',
    `Content-Type: ${headers.contentType}`,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
