/**
 * One writer per embedded database (DESIGN.md D10, docs/adr/0006-one-writer-per-data-directory.md):
 * PGlite is one process, and a second process opening the same directory "succeeds" and silently
 * loses its writes. Whoever opens the embedded database — the server or a CLI command while no server
 * runs — first takes this lock on DATA_DIR.
 *
 * The lock is proper-lockfile's (an atomic `mkdir` whose mtime the holder refreshes): a holder that
 * died stops refreshing and the lock goes stale. Besides, the holder's host and pid are written next
 * to it, so a lock left by a dead process on this host (kill -9, a container restart, where the new
 * process may even get the same pid) is taken over at once instead of after the stale period.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** The one line every refused command prints (issue 19). */
export const DATA_DIR_BUSY_MESSAGE = 'Lagebild läuft bereits auf diesem Datenverzeichnis – Befehl über den Server ausführen oder Server stoppen';

/** A lock that was not refreshed for this long belongs to a dead holder (also one on another host). */
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;

/** Who holds the lock: written beside it. */
export type LockOwner = { pid: number; host: string; since: string; role: 'server' | 'cli' };

/** The data directory is held by another live process. */
export class DataDirBusyError extends Error {
  constructor(readonly owner: LockOwner | null) {
    super(DATA_DIR_BUSY_MESSAGE);
    this.name = 'DataDirBusyError';
  }
}

/** A held lock; `release` is idempotent. */
export type DataDirLock = { release(): Promise<void> };

function lockPath(dataDir: string): string {
  return join(dataDir, 'lagebild.lock');
}

function ownerPath(dataDir: string): string {
  return join(dataDir, 'lagebild.lock.json');
}

/** The recorded holder of the lock, if any. */
export function readLockOwner(dataDir: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(ownerPath(dataDir), 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Data directories this process holds: a lock recorded with our own pid is ours only if listed here;
// otherwise it was left by an earlier process that had the same pid (a restarted container).
const heldHere = new Set<string>();

/** A lock whose recorded holder on this host no longer runs (or is this very process's pid reused). */
function isLeftByDeadProcess(dataDir: string, owner: LockOwner | null): boolean {
  if (!owner || owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !heldHere.has(dataDir);
  return !isAlive(owner.pid);
}

/**
 * Takes the exclusive lock on `dataDir` (created when missing) without waiting.
 * `onLost` runs when the lock is compromised (its directory removed or taken over while held): the
 * caller must stop writing at once.
 * @throws DataDirBusyError when another live process holds it
 */
export async function lockDataDir(dataDir: string, role: LockOwner['role'], onLost: (error: Error) => void): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const options = { lockfilePath: lockPath(dataDir), stale: STALE_MS, update: UPDATE_MS, realpath: false, retries: 0, onCompromised: onLost };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readLockOwner(dataDir);
    if (!isLeftByDeadProcess(dataDir, owner)) throw new DataDirBusyError(owner);
    rmSync(lockPath(dataDir), { recursive: true, force: true });
    try {
      release = await lockfile.lock(dataDir, options);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirBusyError(readLockOwner(dataDir));
      throw again;
    }
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), role };
  writeFileSync(ownerPath(dataDir), JSON.stringify(owner), { mode: 0o600 });
  heldHere.add(dataDir);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(dataDir);
      rmSync(ownerPath(dataDir), { force: true });
      await release().catch(() => undefined);
    },
  };
}

/** Whether a live process holds the lock on `dataDir` right now (the directory is not created). */
export async function isDataDirLocked(dataDir: string): Promise<boolean> {
  if (!existsSync(lockPath(dataDir))) return false;
  if (isLeftByDeadProcess(dataDir, readLockOwner(dataDir))) return false;
  return lockfile.check(dataDir, { lockfilePath: lockPath(dataDir), stale: STALE_MS, realpath: false });
}
