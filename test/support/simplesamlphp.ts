import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKeyPair } from './saml-idp.js';

export const SIMPLESAMLPHP_DIR = '/usr/share/simplesamlphp';

/** Why the interop suite cannot run here, or null when it can. */
export function simpleSamlPhpMissing(): string | null {
  if (!existsSync(join(SIMPLESAMLPHP_DIR, 'www', 'index.php'))) return `SimpleSAMLphp is not installed at ${SIMPLESAMLPHP_DIR} (run scripts/ci/install-simplesamlphp.sh)`;
  return null;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type RunningIdp = { baseUrl: string; metadataUrl: string; spKeyFile: string; spCertFile: string; dir: string; stop(): Promise<void> };

const php = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * Runs Debian's SimpleSAMLphp as an IdP under `php -S 127.0.0.1:<port>` with its whole configuration in a
 * temp dir (nothing under /etc is touched): exampleauth users, signed responses and assertions, and our
 * SP registered with its ACS, SLO endpoint and request-signing certificate.
 */
export async function startSimpleSamlPhp(sp: { entityId: string; acsUrl: string; sloUrl: string }, users: Record<string, Record<string, string[]>>): Promise<RunningIdp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-ssp-'));
  for (const sub of ['config', 'metadata', 'cert', 'data', 'log', 'tmp']) mkdirSync(join(dir, sub));
  makeKeyPair(join(dir, 'cert'), 'idp');
  const spKeys = makeKeyPair(join(dir, 'cert'), 'sp');
  const idpEntity = `${baseUrl}/saml2/idp/metadata.php`;
  writeFileSync(
    join(dir, 'config', 'config.php'),
    `<?php\n$config = [ 'baseurlpath' => ${php(`${baseUrl}/`)}, 'certdir' => ${php(`${dir}/cert/`)}, 'metadatadir' => ${php(`${dir}/metadata/`)},
  'datadir' => ${php(`${dir}/data/`)}, 'tempdir' => ${php(`${dir}/tmp`)}, 'loggingdir' => ${php(`${dir}/log/`)}, 'logging.handler' => 'file',
  'logging.level' => SimpleSAML\\Logger::WARNING, 'secretsalt' => 'lagebild-test-salt', 'auth.adminpassword' => 'lagebild-test-admin',
  'enable.saml20-idp' => true, 'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true, 'admin' => true],
  'store.type' => 'phpsession', 'session.cookie.secure' => false, 'timezone' => 'UTC', 'technicalcontact_email' => 'cert@lagebild.test' ];\n`,
  );
  const userEntries = Object.entries(users)
    .map(([login, attributes]) => `${php(login)} => [${Object.entries(attributes).map(([name, values]) => `${php(name)} => [${values.map(php).join(', ')}]`).join(', ')}]`)
    .join(',\n    ');
  writeFileSync(join(dir, 'config', 'authsources.php'), `<?php\n$config = [ 'admin' => ['core:AdminPassword'], 'example-userpass' => [ 'exampleauth:UserPass',\n    ${userEntries} ] ];\n`);
  writeFileSync(
    join(dir, 'metadata', 'saml20-idp-hosted.php'),
    `<?php\n$metadata[${php(idpEntity)}] = [ 'host' => '__DEFAULT__', 'privatekey' => 'idp.key', 'certificate' => 'idp.crt', 'auth' => 'example-userpass',
  'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'authproc' => [10 => ['class' => 'saml:AttributeNameID', 'attribute' => 'mail', 'Format' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress']] ];\n`,
  );
  writeFileSync(
    join(dir, 'metadata', 'saml20-sp-remote.php'),
    `<?php\n$metadata[${php(sp.entityId)}] = [ 'AssertionConsumerService' => ${php(sp.acsUrl)}, 'SingleLogoutService' => ${php(sp.sloUrl)}, 'certificate' => 'sp.crt',
  'validate.authnrequest' => true, 'validate.logout' => true, 'saml20.sign.assertion' => true, 'saml20.sign.response' => true,
  'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', 'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' ];\n`,
  );
  const child: ChildProcess = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', join(SIMPLESAMLPHP_DIR, 'www')], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: join(dir, 'config') },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(idpEntity);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('SimpleSAMLphp did not start within 15 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    baseUrl,
    metadataUrl: idpEntity,
    spKeyFile: spKeys.keyFile,
    spCertFile: spKeys.certFile,
    dir,
    async stop() {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal browser: one cookie jar per origin, redirects followed by hand. */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async fetch(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const index = pair.indexOf('=');
      if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    return response;
  }

  /** GETs `url` and follows redirects (relative ones too) until a non-redirect answer. */
  async follow(url: string, stopAt?: (url: string) => boolean): Promise<{ url: string; response: Response }> {
    let current = url;
    for (let hop = 0; hop < 15; hop += 1) {
      if (stopAt?.(current)) return { url: current, response: new Response(null, { status: 599 }) };
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current).toString();
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** The value of a named (hidden) input in an HTML form. */
export function formValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`, 'i').exec(html) ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`, 'i').exec(html);
  return match?.[1]?.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#039;', "'").replaceAll('&#x3D;', '=').replaceAll('&#43;', '+');
}

/** The action of the first form in an HTML page. */
export function formAction(html: string): string | undefined {
  return /<form[^>]*action="([^"]*)"/i.exec(html)?.[1]?.replaceAll('&amp;', '&');
}
