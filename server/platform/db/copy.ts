/**
 * Bulk writes through `COPY … FROM STDIN` (PostgreSQL's text format), for ingestion's large inserts.
 * COPY hands each row to the columns' input functions once; `INSERT … SELECT FROM
 * json_to_recordset($1)` first parses the whole parameter as JSON, then splits it into records and
 * parses every field again (measured on 5,000 CVE item rows: about a third of the server time on
 * PostgreSQL, about half on PGlite — docs/benchmarks.md "ingest", 2026-12-07, second entry).
 *
 * Drizzle has no COPY, so the driver's own connection of the transaction is used: `pg-copy-streams`
 * on a PostgreSQL client, PGlite's `/dev/blob` device on the embedded database. Both run inside the
 * caller's transaction (or savepoint), so a failed COPY rolls back with it like any statement.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Executor } from './client.js';

/** The text format's NULL. */
export const COPY_NULL = '\\N';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value in the text format (backslash, tab, newline and carriage return escaped); null → `\N`. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char]!) : value;
}

/**
 * JSON text (from `JSON.stringify`, which never leaves a raw control character) in the text format:
 * only its backslashes need doubling.
 */
export function copyJson(json: string | null | undefined): string {
  if (json === null || json === undefined) return COPY_NULL;
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

/** A `text[]` value: an array literal with every element quoted, then escaped for the text format. */
export function copyTextArray(values: readonly string[]): string {
  return copyText(`{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
}

/** One row: its fields (already in the text format) joined by tabs. */
export function copyRow(fields: readonly string[]): string {
  return `${fields.join('\t')}\n`;
}

/**
 * Rows in the text format, written as UTF-8 into buffers as they are made. A chunk's lines held as
 * strings until joined survive the young generation's collections and are copied there; bytes
 * outside the JavaScript heap are not. Full buffers are kept, not grown (growing copies them).
 */
export class CopyLines {
  static readonly #SEGMENT = 4 << 20;
  readonly #full: Buffer[] = [];
  #current = Buffer.allocUnsafe(0);
  #used = 0;
  #length = 0;
  #rows = 0;

  /** Adds one row (see {@link copyRow}). */
  add(line: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const room = line.length * 3;
    if (this.#used + room > this.#current.length) {
      if (this.#used > 0) this.#full.push(this.#current.subarray(0, this.#used));
      this.#current = Buffer.allocUnsafe(Math.max(CopyLines.#SEGMENT, room));
      this.#used = 0;
    }
    const written = this.#current.write(line, this.#used, 'utf8');
    this.#used += written;
    this.#length += written;
    this.#rows += 1;
  }

  get rows(): number {
    return this.#rows;
  }

  /** The rows so far, in one buffer of exactly their length. */
  bytes(): Buffer {
    return Buffer.concat([...this.#full, this.#current.subarray(0, this.#used)], this.#length);
  }
}

type DriverClient = PGlite | PgliteTransaction | pg.ClientBase;

/**
 * The connection behind a Drizzle transaction. Drizzle keeps it on its session (`_.session.client`),
 * which its types do not expose; the integration suites exercise this on both drivers.
 */
function driverClient(executor: Executor): DriverClient {
  const client = (executor as unknown as { _?: { session?: { client?: unknown } } })._?.session?.client;
  if (typeof client !== 'object' || client === null || typeof (client as { query?: unknown }).query !== 'function') throw new Error('COPY needs a transaction of a PGlite or PostgreSQL database');
  if ('totalCount' in client) throw new Error('COPY needs a transaction: a pool has no single connection to stream on');
  return client as DriverClient;
}

function isPglite(client: DriverClient): client is PGlite | PgliteTransaction {
  // A PGlite instance and its transactions answer `query(text, params, { blob })`; a pg client has `connection`.
  return !('connection' in client);
}

/**
 * Streams `rows` (text format, one `\n`-terminated line per row, see {@link copyRow}; gathered in
 * {@link CopyLines}, or as bytes) into `table`'s
 * `columns` inside the transaction `executor`.
 * @throws the driver's error (e.g. unique_violation 23505) — the caller's savepoint rolls back.
 */
export async function copyRows(executor: Executor, table: string, columns: readonly string[], rows: string | CopyLines | Uint8Array): Promise<void> {
  const client = driverClient(executor);
  const target = `${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')})`;
  const bytes = typeof rows === 'string' ? Buffer.from(rows, 'utf8') : rows instanceof CopyLines ? rows.bytes() : Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength);
  if (isPglite(client)) {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: bytesBlob(bytes) });
    return;
  }
  await pipeline(Readable.from([bytes]), client.query(copyFrom(`copy ${target} from stdin`)));
}

/**
 * The rows' bytes as PGlite's `/dev/blob` takes them. PGlite reads the blob only through
 * `arrayBuffer()` (its `_handleBlob`; the COPY tests on PGlite fail if that changes), so the bytes
 * are handed over as they are: a real Blob copies them into its storage, and Node's `arrayBuffer()`
 * streams that back in chunks and concatenates them, about 6 % of a first CVE run's CPU on PGlite
 * (docs/benchmarks.md "ingest", 2026-12-07, fourth entry).
 */
function bytesBlob(bytes: Buffer): Blob {
  // The buffer is handed out whole, so it must hold exactly these bytes (small Buffers share a pool).
  const buffer = (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : new Uint8Array(bytes).buffer) as ArrayBuffer;
  const blob: Pick<Blob, 'arrayBuffer' | 'size'> = { size: buffer.byteLength, arrayBuffer: () => Promise.resolve(buffer) };
  return blob as Blob;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
