/**
 * Where a running server's local admin API listens, and the token that opens it: `DATA_DIR/admin.json`
 * (mode 0600). Whoever can read it can already read the database files, so it grants nothing new;
 * the API itself listens on 127.0.0.1 only (server/operations/admin-api.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const AdminEndpointSchema = z.object({ url: z.url(), token: z.string().min(32), pid: z.number().int() });
export type AdminEndpoint = z.infer<typeof AdminEndpointSchema>;

function endpointPath(dataDir: string): string {
  return join(dataDir, 'admin.json');
}

/** Publishes the endpoint of this server. */
export function writeAdminEndpoint(dataDir: string, endpoint: AdminEndpoint): void {
  writeFileSync(endpointPath(dataDir), JSON.stringify(endpoint), { mode: 0o600 });
}

/** The published endpoint, or null when there is none (or it is unreadable). */
export function readAdminEndpoint(dataDir: string): AdminEndpoint | null {
  try {
    const parsed = AdminEndpointSchema.safeParse(JSON.parse(readFileSync(endpointPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Withdraws the endpoint (server stopping). */
export function removeAdminEndpoint(dataDir: string): void {
  rmSync(endpointPath(dataDir), { force: true });
}
