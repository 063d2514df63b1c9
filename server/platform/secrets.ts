import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from './db/client.js';
import { instanceSecrets } from './db/instance-secrets.table.js';

type SecretsFile = Record<string, string>;

function readSecretsFile(path: string): SecretsFile {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SecretsFile) : {};
}

/** A fresh random secret: 48 bytes, base64url. */
function randomSecret(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * A secret from configuration, else generated once and kept: in DATA_DIR/secrets.json (mode 0600)
 * for the embedded database, in the database for a PostgreSQL server (so every instance shares it).
 * `generate` makes a new value (default: random bytes); it runs only when none is stored yet, and
 * when two instances race, the first stored value wins for both.
 */
export async function resolveSecret(
  name: string,
  configured: string | undefined,
  handle: DatabaseHandle,
  dataDir: string,
  generate: () => string | Promise<string> = randomSecret,
): Promise<{ value: string; generated: boolean }> {
  if (configured) return { value: configured, generated: false };
  if (handle.driver === 'pglite') {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'secrets.json');
    const existing = readSecretsFile(path)[name];
    if (existing) return { value: existing, generated: false };
    const fresh = await generate();
    writeFileSync(path, JSON.stringify({ ...readSecretsFile(path), [name]: fresh }, null, 2), { mode: 0o600 });
    return { value: fresh, generated: true };
  }
  const stored = async () => (await handle.db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name)))[0]?.value;
  const existing = await stored();
  if (existing) return { value: existing, generated: false };
  const fresh = await generate();
  await handle.db.insert(instanceSecrets).values({ name, value: fresh }).onConflictDoNothing();
  const value = (await stored()) ?? fresh;
  return { value, generated: value === fresh };
}
