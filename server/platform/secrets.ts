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

/**
 * A secret from configuration, else generated once and kept: in DATA_DIR/secrets.json (mode 0600)
 * for the embedded database, in the database for a PostgreSQL server (so every instance shares it).
 */
export async function resolveSecret(
  name: string,
  configured: string | undefined,
  handle: DatabaseHandle,
  dataDir: string,
): Promise<{ value: string; generated: boolean }> {
  if (configured) return { value: configured, generated: false };
  const fresh = randomBytes(48).toString('base64url');
  if (handle.driver === 'pglite') {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'secrets.json');
    const secrets = readSecretsFile(path);
    const existing = secrets[name];
    if (existing) return { value: existing, generated: false };
    writeFileSync(path, JSON.stringify({ ...secrets, [name]: fresh }, null, 2), { mode: 0o600 });
    return { value: fresh, generated: true };
  }
  await handle.db.insert(instanceSecrets).values({ name, value: fresh }).onConflictDoNothing();
  const [row] = await handle.db.select().from(instanceSecrets).where(eq(instanceSecrets.name, name));
  return { value: row?.value ?? fresh, generated: row?.value === fresh };
}
