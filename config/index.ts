import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { EnvSchema } from './env.schema.js';
import { SettingsSchema, type Settings } from './settings.schema.js';
import { IdentityProvidersSchema, type IdentityProviderConfig } from './identity-providers.schema.js';
import { FEED_CREDENTIAL_ENV_PATTERN, FeedCatalogSchema, type FeedSourceEntry } from './feeds.schema.js';

/** The repository root (config/ lives directly below it). */
export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Thrown when the environment or a settings file is invalid; `lines` names each variable and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

/** The parsed, frozen configuration every other module receives. */
export type Config = Readonly<{
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Redis for the shared limits; unset: the database server, or in-process for PGlite. */
  redisUrl: string | undefined;
  sessionSecret: string | undefined;
  /** Bearer token for `/metrics`; unset: the endpoint is not served. */
  metricsToken: string | undefined;
  /** Secrets of earlier sessions, still verified after a rotation. */
  previousSessionSecrets: readonly string[];
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean | number | string;
  demo: Readonly<{ enabled: boolean; password: string | undefined; inventory: boolean; history: boolean }>;
  roles: ReadonlySet<'web' | 'scheduler'>;
  proxy: Readonly<{ httpsProxy: string | undefined; noProxy: string | undefined }>;
  cookieSecure: boolean;
  /** OpenPGP key of the CSAF provider; both unset: generated at first start (server/sharing/signing-key.ts). */
  csafSigningKey: Readonly<{ file: string | undefined; passphrase: string | undefined }>;
  settings: Readonly<Settings>;
  /** SAML IdPs; file paths in them are absolute. */
  identityProviders: readonly IdentityProviderConfig[];
  /** The default feed source catalog (config/feeds.json or LAGEBILD_FEEDS). */
  feeds: readonly FeedSourceEntry[];
  /**
   * The `FEED_*` environment variables as they were at boot: feed credentials are looked up here by
   * the names a source's `credentialEnv` gives (never any other variable).
   */
  feedCredentials: Readonly<Record<string, string>>;
}>;

/** Resolves a source's `credentialEnv` (name → variable) to values; unset variables are left out. */
export function resolveFeedCredentials(config: Pick<Config, 'feedCredentials'>, credentialEnv: Readonly<Record<string, string>>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, variable] of Object.entries(credentialEnv)) {
    const value = FEED_CREDENTIAL_ENV_PATTERN.test(variable) ? config.feedCredentials[variable] : undefined;
    if (value !== undefined) resolved[name] = value;
  }
  return resolved;
}

function describeIssues(issues: z.core.$ZodIssue[], source: Record<string, unknown>, prefix = ''): string[] {
  return issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(root)';
    const given = issue.path.length === 1 ? source[String(issue.path[0])] : undefined;
    const shown = typeof given === 'string' && !/SECRET|PASSWORD|PASSPHRASE|TOKEN|DATABASE_URL|SMTP_URL|REDIS_URL/.test(key) ? ` (got "${given}")` : '';
    return `${prefix}${key}: ${issue.message}${shown}`;
  });
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function readSettings(path: string): unknown {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
}

function deepMerge(base: unknown, override: unknown): unknown {
  // Arrays (allow-lists) are replaced, not merged index by index.
  if (typeof base !== 'object' || base === null || typeof override !== 'object' || override === null || Array.isArray(override)) return override ?? base;
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(merged[key], value);
  return merged;
}

const IDP_PATH_KEYS = ['metadataFile', 'certificateFile', 'spPrivateKeyFile', 'spCertificateFile'] as const;

function resolveIdpPaths(idp: IdentityProviderConfig, baseDir: string): IdentityProviderConfig {
  const resolved = { ...idp };
  for (const key of IDP_PATH_KEYS) {
    const path = resolved[key];
    if (path !== undefined) resolved[key] = isAbsolute(path) ? path : resolve(baseDir, path);
  }
  return resolved;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Parses the environment and `config/settings.json` (plus `LAGEBILD_SETTINGS`) once.
 * @throws ConfigError listing every invalid variable, one line each.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, rootDir = ROOT_DIR): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsedEnv = EnvSchema.safeParse(present);
  if (!parsedEnv.success) throw new ConfigError(describeIssues(parsedEnv.error.issues, present));
  const e = parsedEnv.data;

  const settingsFile = resolve(rootDir, 'config/settings.json');
  let rawSettings = readSettings(settingsFile);
  if (e.LAGEBILD_SETTINGS) rawSettings = deepMerge(rawSettings, readSettings(resolve(e.LAGEBILD_SETTINGS)));
  const parsedSettings = SettingsSchema.safeParse(rawSettings);
  if (!parsedSettings.success) throw new ConfigError(describeIssues(parsedSettings.error.issues, {}, 'settings.'));

  const idpFile = e.LAGEBILD_IDENTITY_PROVIDERS ? resolve(e.LAGEBILD_IDENTITY_PROVIDERS) : resolve(rootDir, 'config/identity-providers.json');
  const parsedIdps = IdentityProvidersSchema.safeParse(existsSync(idpFile) ? readSettings(idpFile) : []);
  if (!parsedIdps.success) throw new ConfigError(describeIssues(parsedIdps.error.issues, {}, `${idpFile}: `));
  const identityProviders = parsedIdps.data.map((idp) => resolveIdpPaths(idp, dirname(idpFile)));

  const feedsFile = e.LAGEBILD_FEEDS ? resolve(e.LAGEBILD_FEEDS) : resolve(rootDir, 'config/feeds.json');
  const parsedFeeds = FeedCatalogSchema.safeParse(existsSync(feedsFile) ? readSettings(feedsFile) : { sources: [] });
  if (!parsedFeeds.success) throw new ConfigError(describeIssues(parsedFeeds.error.issues, {}, `${feedsFile}: `));
  const feedCredentials = Object.fromEntries(Object.entries(present).filter(([name]) => FEED_CREDENTIAL_ENV_PATTERN.test(name))) as Record<string, string>;

  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return deepFreeze({
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    dataDir: isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(process.cwd(), e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    sessionSecret: e.SESSION_SECRET,
    metricsToken: e.METRICS_TOKEN,
    previousSessionSecrets: (e.SESSION_SECRET_PREVIOUS ?? '').split(',').map((secret) => secret.trim()).filter(Boolean),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    demo: { enabled: e.LAGEBILD_DEMO, password: e.LAGEBILD_DEMO_PASSWORD, inventory: e.LAGEBILD_DEMO_INVENTORY, history: e.LAGEBILD_DEMO_HISTORY },
    roles: new Set(e.SERVER_ROLES.split(',') as ('web' | 'scheduler')[]),
    proxy: { httpsProxy: e.HTTPS_PROXY, noProxy: e.NO_PROXY },
    cookieSecure: e.COOKIE_SECURE ?? baseUrl.startsWith('https:'),
    csafSigningKey: { file: e.CSAF_SIGNING_KEY_FILE ? resolve(e.CSAF_SIGNING_KEY_FILE) : undefined, passphrase: e.CSAF_SIGNING_KEY_PASSPHRASE },
    settings: parsedSettings.data,
    identityProviders,
    feeds: parsedFeeds.data.sources,
    feedCredentials,
  });
}
