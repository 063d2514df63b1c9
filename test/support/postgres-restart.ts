import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TEST_DATABASE_URL } from './database.js';

/**
 * Why this run may NOT restart the PostgreSQL server, or null when it may: the server must be ours
 * (127.0.0.1, root, Debian cluster 15/main) and LAGEBILD_TEST_NO_PG_RESTART unset. Every test that
 * restarts the server asks this (mocha runs files one after another, so two restarts never overlap).
 */
export function mayRestartPostgres(): string | null {
  if (!TEST_DATABASE_URL) return 'needs DATABASE_URL';
  const host = new URL(TEST_DATABASE_URL).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') return `DATABASE_URL points at ${host}, not a server this test owns`;
  if (process.env.LAGEBILD_TEST_NO_PG_RESTART) return 'LAGEBILD_TEST_NO_PG_RESTART is set';
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/etc/postgresql/15/main')) return 'no root or no Debian PostgreSQL 15 cluster to restart';
  return null;
}

/** Restarts the local PostgreSQL 15 cluster (fast shutdown: every session is terminated). */
export function restartPostgres(): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'restart'], { stdio: 'ignore' });
}
