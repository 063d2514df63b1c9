/**
 * Attachment safety for the incident thread: an allow-list of file kinds recognised by their
 * content (magic numbers, UTF-8 text checks), never by the client's Content-Type; a size cap; a
 * random stored name under DATA_DIR/attachments (outside any web root) so no client-chosen name
 * ever reaches the file system; and a sanitized display name for Content-Disposition.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'express';
import { AppError } from '../platform/errors.js';

/** Largest accepted attachment: 10 MiB (logs, mail exports, screenshots; not disk images). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** The allow-list: kind → media type served, and the file name extensions that may claim it. */
export const ATTACHMENT_KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  txt: { mediaType: 'text/plain; charset=utf-8', extensions: ['txt', 'log'] },
  csv: { mediaType: 'text/csv; charset=utf-8', extensions: ['csv'] },
  json: { mediaType: 'application/json', extensions: ['json'] },
  zip: { mediaType: 'application/zip', extensions: ['zip'] },
  eml: { mediaType: 'message/rfc822', extensions: ['eml'] },
} as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

const KIND_BY_EXTENSION = new Map<string, AttachmentKind>(
  (Object.entries(ATTACHMENT_KINDS) as [AttachmentKind, { extensions: readonly string[] }][]).flatMap(([kind, spec]) => spec.extensions.map((ext) => [ext, kind] as const)),
);

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The binary kind the magic number announces, if any. */
function binaryKind(bytes: Uint8Array): AttachmentKind | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  return undefined;
}

// Text that a browser would render as active content if it ever ignored nosniff: refuse it outright.
const MARKUP = /<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|link|style)\b/i;

function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether text is what a text kind claims: JSON parses, an e-mail starts with header fields. */
function textMatches(kind: AttachmentKind, text: string): boolean {
  if (kind === 'json') {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }
  if (kind === 'eml') return /^[A-Za-z0-9-]+:[ \t]/.test(text.replace(/^\uFEFF/, ''));
  return kind === 'txt' || kind === 'csv';
}

/** A display name safe for headers and the UI: no path, no control characters, no leading dots. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').replace(/^[.\s]+/, '').trim().slice(0, 200);
  return cleaned.length > 0 ? cleaned : 'attachment';
}

/**
 * Decides the kind of an upload from its bytes and the extension of its name; both must agree.
 * @throws AppError UNSUPPORTED_MEDIA_TYPE for anything outside the allow-list or mismatching content
 */
export function sniffAttachment(bytes: Uint8Array, fileName: string): { kind: AttachmentKind; mediaType: string; fileName: string } {
  const safeName = sanitizeFileName(fileName);
  const extension = safeName.includes('.') ? (safeName.split('.').at(-1) ?? '').toLowerCase() : '';
  const claimed = KIND_BY_EXTENSION.get(extension);
  if (!claimed) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Allowed attachments: pdf, png, jpg, txt, log, csv, json, zip, eml.');
  const binary = binaryKind(bytes);
  if (binary) {
    if (binary !== claimed) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The content is ${binary}, not .${extension}.`);
    return { kind: binary, mediaType: ATTACHMENT_KINDS[binary].mediaType, fileName: safeName };
  }
  if (['pdf', 'png', 'jpeg', 'zip'].includes(claimed)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The content is not a ${claimed} file.`);
  const text = decodeText(bytes);
  if (text === undefined) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Text attachments must be UTF-8 without NUL bytes.');
  if (MARKUP.test(text.slice(0, 65_536))) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'HTML or other markup is not accepted; send it as a zip archive.');
  if (!textMatches(claimed, text)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The content is not a valid .${extension} file.`);
  return { kind: claimed, mediaType: ATTACHMENT_KINDS[claimed].mediaType, fileName: safeName };
}

/**
 * Reads a raw request body up to the limit (checking Content-Length first).
 * @throws AppError PAYLOAD_TOO_LARGE | UNSUPPORTED_MEDIA_TYPE (JSON bodies are parsed by the JSON middleware, not uploads) | VALIDATION_FAILED (empty)
 */
export async function readUpload(req: Request, limit = ATTACHMENT_MAX_BYTES): Promise<Buffer> {
  if (req.is('application/json') || req.is('application/*+json')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the file as application/octet-stream.');
  }
  const declared = Number(req.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new AppError('PAYLOAD_TOO_LARGE', `Attachments are at most ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new AppError('PAYLOAD_TOO_LARGE', `Attachments are at most ${limit} bytes.`);
    }
    chunks.push(chunk);
  }
  if (size === 0) throw new AppError('VALIDATION_FAILED', 'The attachment is empty.', [{ path: 'body', message: 'empty' }]);
  return Buffer.concat(chunks);
}

const STORED_NAME = /^[0-9a-f]{32}$/;

/** The directory attachments live in (created on first use). */
export function attachmentsDirectory(dataDir: string): string {
  return join(dataDir, 'attachments');
}

/** File system errors that mean "no room": the disk or the quota is full. */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Writes the bytes under a fresh random name. A full disk leaves no partial file behind.
 * @returns the stored name and the SHA-256
 * @throws AppError INSUFFICIENT_STORAGE when the file system is full
 */
export async function storeAttachment(dataDir: string, bytes: Buffer): Promise<{ storedName: string; sha256: string }> {
  const directory = attachmentsDirectory(dataDir);
  const storedName = randomBytes(16).toString('hex');
  const path = join(directory, storedName);
  try {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await writeFile(path, bytes, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !NO_SPACE.has(code)) throw error;
    await rm(path, { force: true });
    throw new AppError('INSUFFICIENT_STORAGE', 'The attachment storage is full; the file was not stored. Try again later or tell the CERT.');
  }
  return { storedName, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Removes a stored file whose database row was never committed (best effort: a leftover file is harmless, unreferenced). */
export async function discardAttachment(dataDir: string, storedName: string): Promise<void> {
  if (!STORED_NAME.test(storedName)) throw new Error('invalid stored attachment name');
  await rm(join(attachmentsDirectory(dataDir), storedName), { force: true });
}

/**
 * Reads a stored attachment. The stored name comes from the database, and is checked again so a
 * corrupted row could never point outside the directory.
 */
export async function loadAttachment(dataDir: string, storedName: string): Promise<Buffer> {
  if (!STORED_NAME.test(storedName)) throw new Error('invalid stored attachment name');
  return readFile(join(attachmentsDirectory(dataDir), storedName));
}

/** RFC 6266 Content-Disposition for a download: always `attachment`, ASCII fallback plus UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
