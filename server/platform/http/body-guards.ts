/**
 * Guards around the JSON body parser, so text is stored exactly as sent or not at all: a JSON body
 * must be UTF-8 (another declared charset is 415; body-parser would transcode UTF-16 and replace
 * invalid bytes with U+FFFD), its bytes well-formed UTF-8, and no string a lone surrogate.
 */
import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { isWellFormedUtf8 } from './text.js';
import { loneSurrogatePath } from './validate.js';

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** The `charset` parameter of a Content-Type header, lower-cased and unquoted; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const [name = '', ...value] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset') return value.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/** Whether a declared charset is UTF-8 (or none is declared, which for JSON means UTF-8: RFC 8259 §8.1). */
export function isUtf8Charset(charset: string | undefined): boolean {
  return charset === undefined || charset === 'utf-8';
}

function hasJsonBody(req: Request): boolean {
  return typeof req.is(JSON_MEDIA_TYPES) === 'string';
}

/** Before the parser: a JSON body declared in any charset but UTF-8 is 415. */
export const jsonCharsetGuard: RequestHandler = (req, _res, next) => {
  if (hasJsonBody(req) && !isUtf8Charset(charsetOf(req.get('content-type')))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'JSON bodies must be UTF-8 (Content-Type: application/json; charset=utf-8).');
  }
  next();
};

/** The parser's `verify` hook: bytes that are not well-formed UTF-8 are refused before decoding replaces them. */
export function verifyUtf8Body(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isWellFormedUtf8(body)) throw new AppError('MALFORMED_TEXT', 'The request body is not well-formed UTF-8.');
}

/** After the parser: a lone UTF-16 surrogate in any string or key of the body is 400. */
export const wellFormedJsonGuard: RequestHandler = (req, _res, next) => {
  if (hasJsonBody(req) && req.body !== undefined) {
    const path = loneSurrogatePath(req.body);
    if (path !== undefined) throw new AppError('MALFORMED_TEXT', 'The request body holds malformed text.', [{ path, message: 'lone UTF-16 surrogate' }]);
  }
  next();
};
