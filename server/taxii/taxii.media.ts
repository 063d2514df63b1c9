/**
 * TAXII 2.1 media types, content negotiation and the TAXII error message (TAXII 2.1 §1.6.8, §3.6):
 * TAXII answers never use problem+json, always `application/taxii+json;version=2.1`.
 */
import type { Response } from 'express';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

type MediaRange = { type: string; subtype: string; params: Map<string, string>; q: number };

function parseMediaRanges(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [range = '', ...rawParams] = part.split(';');
      const [type = '', subtype = ''] = range.trim().toLowerCase().split('/');
      const params = new Map<string, string>();
      for (const raw of rawParams) {
        const [key, ...value] = raw.split('=');
        if (key) params.set(key.trim().toLowerCase(), value.join('=').trim().replace(/^"|"$/g, ''));
      }
      const q = params.has('q') ? Number(params.get('q')) : 1;
      return { type, subtype, params, q: Number.isFinite(q) ? q : 0 };
    });
}

function isTaxii21(range: MediaRange): boolean {
  if (range.type !== 'application' || range.subtype !== 'taxii+json') return false;
  const version = range.params.get('version');
  return version === undefined || version === '2.1';
}

/**
 * Whether the Accept header lets us answer with TAXII 2.1: `application/taxii+json` with version
 * 2.1 or none (= the newest, 2.1), or a wildcard. A missing header accepts anything. Other versions
 * (`version=2.0`) and other media types are answered 406.
 */
export function acceptsTaxii21(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return parseMediaRanges(accept).some((range) => range.q > 0 && (isTaxii21(range) || (range.type === '*' && range.subtype === '*') || (range.type === 'application' && range.subtype === '*')));
}

/** Whether a POST body's Content-Type is TAXII 2.1 (`application/taxii+json;version=2.1`, version optional). */
export function isTaxii21ContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [range] = parseMediaRanges(contentType);
  return range !== undefined && isTaxii21(range);
}

/** Sends a TAXII resource with the TAXII media type. */
export function sendTaxii(res: Response, status: number, body: unknown): void {
  // A Buffer, so Express adds no charset parameter: the media type stays exactly TAXII's.
  res.status(status).set('Content-Type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify(body), 'utf8'));
}

/** Sends a TAXII error message (§3.6.1): title, description, http_status and machine-readable details. */
export function sendTaxiiError(res: Response, status: number, title: string, description?: string, details?: Record<string, unknown>): void {
  sendTaxii(res, status, {
    title,
    ...(description ? { description } : {}),
    http_status: String(status),
    error_code: title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, ''),
    ...(details ? { details } : {}),
  });
}
