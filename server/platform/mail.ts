import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.js';
import { contentEntity, encryptedBody, needsEncryption, rfc5322, signedBody, type MailProtection } from './openpgp-mail.js';

/**
 * An outgoing e-mail. Plain text always (mail clients of public bodies often block HTML); an HTML
 * alternative is optional. `tlp` is the label of the content: TLP:AMBER and AMBER+STRICT content is
 * sent only encrypted to a recipient's OpenPGP key, otherwise `linkOnly` (a notice without the
 * content) goes instead — a message without one is refused.
 */
export type MailMessage = { to: string; subject: string; text: string; html?: string; tlp?: string; linkOnly?: { subject: string; text: string }; attachments?: MailAttachment[] };

/** A file sent with a message (the Lagebericht's PDF); never with AMBER content's link-only variant. */
export type MailAttachment = { filename: string; contentType: string; content: Buffer };

/** Sends mail; the one place that talks SMTP. */
export type Mailer = { send(message: MailMessage): Promise<void> };

/** AMBER content about to leave without encryption. */
export class UnencryptedAmberError extends Error {
  constructor() {
    super('refusing to send TLP:AMBER content unencrypted: the recipient has no OpenPGP key and the message has no link-only variant');
    this.name = 'UnencryptedAmberError';
  }
}

function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

function label(tlp: string | undefined): string {
  return tlp ? `[TLP:${tlp.toUpperCase().replace(/^TLP:/, '')}] ` : '';
}

/** What actually goes out for `message` to a recipient with or without a key. */
function chooseContent(message: MailMessage, recipientHasKey: boolean): { subject: string; text: string; html?: string | undefined; attachments?: MailAttachment[] | undefined } {
  if (recipientHasKey || !needsEncryption(message.tlp)) return message;
  if (!message.linkOnly) throw new UnencryptedAmberError();
  return message.linkOnly;
}

/**
 * A mailer over `SMTP_URL`. With `protection`, every message is OpenPGP-signed and, for recipients
 * with an uploaded key, encrypted (PGP/MIME, server/platform/openpgp-mail.ts). Without an SMTP_URL,
 * the first unsent mail is a warning and each one a debug line (recipient and, for content that may
 * travel in clear, subject) so development works without a mail server.
 */
export function createMailer(smtpUrl: string | undefined, from: string, logger: Logger, protection?: MailProtection): Mailer {
  if (!smtpUrl) {
    // One warning says mail is off; each unsent message is a debug line, so a demo start (which
    // plans dozens of mails for its history) does not bury the URL and the accounts in warnings.
    let warned = false;
    return {
      send(message) {
        if (!warned) logger.warn('SMTP_URL not set: e-mail is off, notifications reach users in the app only');
        warned = true;
        logger.debug({ to: message.to, ...(needsEncryption(message.tlp) ? { tlp: message.tlp } : { subject: message.subject }) }, 'SMTP_URL not set: mail not sent');
        return Promise.resolve();
      },
    };
  }
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  const domain = addressOf(from).split('@')[1] ?? 'lagebild.invalid';
  return {
    async send(message) {
      if (!protection) {
        const content = chooseContent(message, false);
        await transport.sendMail({ from, to: message.to, subject: content.subject, text: content.text, ...(content.html ? { html: content.html } : {}), ...(content.attachments?.length ? { attachments: content.attachments } : {}) });
        return;
      }
      const recipientKey = await protection.recipientKey(message.to);
      const content = chooseContent(message, recipientKey !== null);
      const signer = await protection.signer();
      const built = recipientKey
        ? await encryptedBody(contentEntity(content, content.subject), signer, recipientKey)
        : await signedBody(contentEntity(content), signer);
      // Encrypted: the subject (it may name the advisory) travels inside; outside only the label.
      const subject = recipientKey ? `${label(message.tlp)}Lagebild: verschlüsselte Nachricht / encrypted message` : content.subject;
      const raw = rfc5322({ from, to: message.to, subject, contentType: built.contentType, messageIdDomain: domain }, built.body);
      await transport.sendMail({ envelope: { from: addressOf(from), to: [message.to] }, raw });
    },
  };
}
