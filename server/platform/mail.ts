import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.js';

/**
 * An outgoing e-mail. Plain text always (mail clients of public bodies often block HTML); an HTML
 * alternative is optional and sent as multipart/alternative.
 */
export type MailMessage = { to: string; subject: string; text: string; html?: string };

/** Sends mail; the one place that talks SMTP. */
export type Mailer = { send(message: MailMessage): Promise<void> };

/**
 * A mailer over `SMTP_URL`. Without one, mail is logged (recipient and subject only, since the
 * body may hold a reset link) so development works without a mail server.
 */
export function createMailer(smtpUrl: string | undefined, from: string, logger: Logger): Mailer {
  if (!smtpUrl) {
    return {
      send(message) {
        logger.warn({ to: message.to, subject: message.subject }, 'SMTP_URL not set: mail not sent');
        return Promise.resolve();
      },
    };
  }
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
    },
  };
}
