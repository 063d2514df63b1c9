/**
 * `npm run admin -- create-admin --email … --name … [--organization …] [--password-stdin]`,
 * `reset-password --email … [--password-stdin]` and `list-admins`.
 *
 * Without `--password-stdin` a one-time password is made: e-mailed to the user when SMTP_URL is set,
 * else printed to the operator's terminal (never to the server log); the user must replace it at the
 * first login. With `--password-stdin` the operator's password (checked against the password rules)
 * is set as it is.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword } from '../auth/password.js';
import { passwordProblem } from '../auth/password-policy.js';
import { AccountCommandError, createCertAdmin, listCertAdmins, resetAccountPassword } from '../users/admin-accounts.js';
import { EXIT, OperatorError, type CommandContext, type OperatorCommand } from './operator-command.js';

const USAGE = [
  'usage: npm run admin -- create-admin --email <address> --name <name> [--organization <name>] [--password-stdin]',
  '       npm run admin -- reset-password --email <address> [--password-stdin]',
  '       npm run admin -- list-admins',
].join('\n');

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  organization: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
} as const;

const ACTOR = { userId: null, label: 'cli:admin' };

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new OperatorError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** The password to set: the operator's from stdin, or a fresh one-time password. */
async function choosePassword(context: CommandContext, useStdin: boolean, email: string): Promise<{ password: string; hash: string; oneTime: boolean }> {
  if (useStdin) {
    const password = (context.stdin ?? '').replace(/\r?\n$/, '');
    if (!password) throw new OperatorError('--password-stdin: kein Passwort auf der Standardeingabe / no password on standard input');
    const problem = passwordProblem(password, { email });
    if (problem) throw new OperatorError(`Passwort abgelehnt / password rejected: it ${problem}`);
    return { password, hash: await hashPassword(password), oneTime: false };
  }
  const password = `LB-${randomBytes(15).toString('base64url')}`;
  return { password, hash: await hashPassword(password), oneTime: true };
}

/** Hands a one-time password to its user: by mail when a mail server is configured, else to the operator. */
async function deliverOneTimePassword(context: CommandContext, email: string, name: string, password: string): Promise<void> {
  if (context.config.smtpUrl) {
    await context.mailer.send({
      to: email,
      subject: 'Lagebild: Ihr Zugang / your account',
      text: [
        `Guten Tag ${name},`,
        '',
        `für Sie wurde ein Lagebild-Zugang eingerichtet: ${context.config.baseUrl}`,
        `Einmalpasswort: ${password}`,
        'Bei der ersten Anmeldung wählen Sie ein eigenes Passwort.',
        '',
        `An account was set up for you. One-time password: ${password} — choose your own at the first login.`,
      ].join('\n'),
    });
    context.out(`Einmalpasswort per E-Mail an ${email} gesendet / one-time password mailed\n`);
    return;
  }
  context.out(`Einmalpasswort / one-time password (nur jetzt sichtbar, bei der ersten Anmeldung zu ändern): ${password}\n`);
}

async function createAdmin(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parse(argv);
  if (!values.email || !values.name) throw new OperatorError(`--email und --name sind nötig / are required\n${USAGE}`);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) throw new OperatorError(`--email: keine gültige Adresse / not an e-mail address: ${values.email}`);
  const email = values.email.trim().toLowerCase();
  const chosen = await choosePassword(context, values['password-stdin'], email);
  const created = await createCertAdmin(
    context.database.db,
    { email, name: values.name, passwordHash: chosen.hash, oneTime: chosen.oneTime, organization: values.organization, fallbackOrganization: context.config.settings.csaf.publisherName },
    ACTOR,
  );
  context.out(`cert_admin ${email} angelegt in / created in ${created.organization}\n`);
  if (chosen.oneTime) await deliverOneTimePassword(context, email, values.name, chosen.password);
  return EXIT.ok;
}

async function resetPassword(argv: string[], context: CommandContext): Promise<number> {
  const { values } = parse(argv);
  if (!values.email) throw new OperatorError(`--email ist nötig / is required\n${USAGE}`);
  const email = values.email.trim().toLowerCase();
  const chosen = await choosePassword(context, values['password-stdin'], email);
  await resetAccountPassword(context.database.db, email, chosen.hash, chosen.oneTime, ACTOR);
  context.out(`Passwort von ${email} zurückgesetzt, alle Sitzungen beendet / password reset, all sessions ended\n`);
  if (chosen.oneTime) await deliverOneTimePassword(context, email, email, chosen.password);
  return EXIT.ok;
}

async function listAdmins(context: CommandContext): Promise<number> {
  const admins = await listCertAdmins(context.database.db);
  if (admins.length === 0) {
    context.out('keine cert_admin-Konten / no cert_admin accounts — npm run admin -- create-admin\n');
    return EXIT.ok;
  }
  for (const admin of admins) {
    const state = [admin.active ? 'aktiv' : 'deaktiviert', admin.passwordChangeRequired ? 'Einmalpasswort' : null].filter(Boolean).join(', ');
    const last = admin.lastLoginAt ? admin.lastLoginAt.toISOString() : 'nie angemeldet';
    context.out(`${admin.email}\t${admin.name}\t${admin.organization}\t${state}\t${last}\n`);
  }
  return EXIT.ok;
}

export const adminCommand: OperatorCommand = {
  name: 'admin',
  async run(argv, context) {
    const [subcommand, ...rest] = argv;
    try {
      if (subcommand === 'create-admin') return await createAdmin(rest, context);
      if (subcommand === 'reset-password') return await resetPassword(rest, context);
      if (subcommand === 'list-admins' && rest.length === 0) return await listAdmins(context);
    } catch (error) {
      if (error instanceof AccountCommandError) throw new OperatorError(error.message);
      throw error;
    }
    throw new OperatorError(USAGE);
  },
};
