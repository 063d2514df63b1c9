import { createHash } from 'node:crypto';

/** The hash of the (absent) row before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row that its hash covers. */
export type AuditHashInput = {
  id: number;
  occurredAt: Date;
  actorUserId: string | null;
  actor: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  tlp: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
};

/** JSON with object keys sorted at every depth, so the hash does not depend on key order (JSONB reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 over the row's canonical content, chained to the previous row's hash. */
export function hashAuditRow(row: AuditHashInput): string {
  const content = canonicalJson({ ...row, occurredAt: row.occurredAt.toISOString() });
  return createHash('sha256').update(content).digest('hex');
}
