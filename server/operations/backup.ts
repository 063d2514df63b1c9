/**
 * Backups of the embedded database (`npm run backup -- <file>`, `npm run restore -- <file>`).
 *
 * A backup is one gzip'd tar: `manifest.json`, `database.tar.gz` (PGlite's dump of its data
 * directory, taken between two statements — PGlite runs one at a time, so the dump is a consistent,
 * crash-safe image even while the server keeps serving), `secrets.json` (session secret, CSAF
 * signing key) and `attachments/`. The database is dumped first, the files after it, so every
 * attachment a dumped row names is in the archive.
 *
 * A restore needs the server stopped: the current database, secrets and attachments are moved aside
 * (never deleted), the backup is unpacked in their place, migrated to this release and checked —
 * row counts and the audit chain are printed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import * as tar from 'tar';
import { z } from 'zod';
import { verifyAuditChain, type AuditVerification } from '../audit/verify-audit.js';
import { createPglite, openDatabase, queryRows, type Database, type DatabaseHandle } from '../platform/db/client.js';

const BACKUP_FORMAT = 'lagebild-embedded-backup/1';

const ManifestSchema = z.object({ format: z.literal(BACKUP_FORMAT), createdAt: z.string(), files: z.array(z.string()) });
export type BackupManifest = z.infer<typeof ManifestSchema>;

/** Row count of every table of the public schema, by name. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${name.replaceAll('"', '""')}"`));
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

/**
 * Writes a backup of the embedded database held by `handle` (and of `dataDir`'s secrets and
 * attachments) to `target`.
 * @throws Error when `handle` is not the embedded database
 */
export async function writeBackup(handle: DatabaseHandle, dataDir: string, target: string): Promise<BackupManifest> {
  if (!handle.dumpEmbedded) throw new Error('only the embedded database is backed up this way; for a PostgreSQL server use pg_dump (docs/operations.md)');
  const staging = mkdtempSync(join(tmpdir(), 'lagebild-backup-'));
  try {
    const dump = await handle.dumpEmbedded();
    writeFileSync(join(staging, 'database.tar.gz'), Buffer.from(await dump.arrayBuffer()));
    const files = ['database.tar.gz'];
    if (existsSync(join(dataDir, 'secrets.json'))) {
      cpSync(join(dataDir, 'secrets.json'), join(staging, 'secrets.json'));
      files.push('secrets.json');
    }
    if (existsSync(join(dataDir, 'attachments'))) {
      cpSync(join(dataDir, 'attachments'), join(staging, 'attachments'), { recursive: true });
      files.push('attachments');
    }
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), files };
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await tar.create({ gzip: true, file: target, cwd: staging, portable: true }, ['manifest.json', ...files]);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** What a restore did. */
export type RestoreResult = { manifest: BackupManifest; movedAside: string | null; counts: Record<string, number>; audit: AuditVerification };

/** A file that is not a Lagebild backup, or a damaged one. */
export class BackupInvalidError extends Error {}

async function unpack(file: string): Promise<{ staging: string; manifest: BackupManifest }> {
  const staging = mkdtempSync(join(tmpdir(), 'lagebild-restore-'));
  try {
    await tar.extract({ file, cwd: staging, strict: true });
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(join(staging, 'manifest.json'), 'utf8')));
    if (!parsed.success || !existsSync(join(staging, 'database.tar.gz'))) throw new BackupInvalidError('not a Lagebild backup (manifest missing or of another format)');
    return { staging, manifest: parsed.data };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof BackupInvalidError) throw error;
    throw new BackupInvalidError(`not a readable Lagebild backup: ${(error as Error).message}`);
  }
}

/**
 * Restores a backup into `dataDir`; the caller holds the data directory lock (no server runs).
 * What was there is moved to `dataDir/before-restore-<time>/`.
 * @throws BackupInvalidError for a file that is not a backup
 */
export async function restoreBackup(file: string, dataDir: string): Promise<RestoreResult> {
  const { staging, manifest } = await unpack(file);
  try {
    const present = ['pglite', 'secrets.json', 'attachments'].filter((name) => existsSync(join(dataDir, name)));
    let movedAside: string | null = null;
    if (present.length > 0) {
      movedAside = join(dataDir, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(movedAside, { recursive: true });
      for (const name of present) renameSync(join(dataDir, name), join(movedAside, name));
    }
    const dump = new Blob([readFileSync(join(staging, 'database.tar.gz'))]);
    const handle = openDatabase({ driver: 'pglite', pglite: createPglite(join(dataDir, 'pglite'), { loadDataDir: dump }) });
    try {
      await handle.migrate();
      const counts = await tableCounts(handle.db);
      const audit = await verifyAuditChain(handle.db);
      if (manifest.files.includes('secrets.json')) cpSync(join(staging, 'secrets.json'), join(dataDir, 'secrets.json'));
      if (manifest.files.includes('attachments')) cpSync(join(staging, 'attachments'), join(dataDir, 'attachments'), { recursive: true });
      return { manifest, movedAside, counts, audit };
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
