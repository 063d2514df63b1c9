/**
 * The feeds' only way to the network (STYLE.md "Feeds and jobs"): every adapter gets a
 * {@link FeedHttp} from {@link createFeedHttp}. It
 * - refuses non-public addresses after DNS resolution, at connect time and on every redirect hop,
 *   unless the source is allow-listed (SSRF guard, ./address-guard.ts);
 * - goes through `HTTPS_PROXY` unless the host matches `NO_PROXY` (state networks use proxies; the
 *   proxy itself may sit on a private address, the target is still checked);
 * - sends conditional requests (If-None-Match / If-Modified-Since) and reports 304;
 * - enforces a timeout, a response-size cap (also after gunzip) and the expected content types;
 * - retries network errors, 429 and 5xx with exponential backoff and full jitter, honouring Retry-After.
 * TLS verification is always on.
 */
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { assertHostAllowed, BlockedAddressError, guardedLookup, type AddressAllowance } from './address-guard.js';
import { FeedError, type FeedHttp, type FeedRequest, type FeedResponse } from './feed.js';

const gunzipAsync = promisify(gunzip);

export type FeedHttpOptions = {
  allowance?: AddressAllowance;
  proxy?: { httpsProxy?: string | undefined; noProxy?: string | undefined };
  /** Whole-request timeout per attempt (headers and body). */
  timeoutMs?: number;
  /** Default response-size cap. */
  maxBytes?: number;
  /** Attempts after the first for retryable failures. */
  retries?: number;
  /** First backoff step; doubles per attempt, full jitter, capped at 30 s. */
  backoffBaseMs?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Injectable for tests; resolves after `ms`. */
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
};

const DEFAULTS = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024, retries: 3, backoffBaseMs: 500, maxRedirects: 5 };
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** `NO_PROXY` semantics as curl: comma/space separated hosts or domain suffixes, `*` for all, optional port. */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((raw) => {
      const entry = raw.toLowerCase();
      if (entry === '*') return true;
      const [entryHost = '', entryPort] = entry.startsWith('[') ? [entry.slice(1, entry.indexOf(']')), entry.split(']:')[1]] : entry.split(':');
      if (entryPort && entryPort !== port) return false;
      const suffix = entryHost.replace(/^\*?\./, '');
      return host === suffix || host.endsWith(`.${suffix}`);
    });
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

function acceptable(contentType: string | undefined, accept: readonly string[]): boolean {
  if (accept.length === 0 || accept.includes('*/*')) return true;
  const type = mediaType(contentType);
  if (type === undefined) return false;
  return accept.some((wanted) => {
    const w = wanted.split(';')[0]!.trim().toLowerCase();
    return w === type || (w.endsWith('/*') && type.startsWith(w.slice(0, -1)));
  });
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Abandons a response body without an unhandled 'error' from the aborted stream. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      discard(body);
      throw new FeedError(`Response from ${url} exceeds ${maxBytes} bytes`, 'too_large');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly waitMs: number | undefined,
    readonly final: FeedError,
  ) {
    super(message);
  }
}

export function createFeedHttp(options: FeedHttpOptions = {}): FeedHttp & { close(): Promise<void> } {
  const settings = { ...DEFAULTS, ...options };
  const allowance = options.allowance ?? {};
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const userAgent = options.userAgent ?? 'Lagebild-Feeds/1.0 (CERT-Thüringen)';
  const direct = new Agent({ connect: { lookup: guardedLookup(allowance) }, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs });
  const proxied = options.proxy?.httpsProxy ? new ProxyAgent({ uri: options.proxy.httpsProxy, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs }) : undefined;

  async function attempt(url: URL, feedRequest: FeedRequest, maxBytes: number): Promise<FeedResponse> {
    let current = url;
    let headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: feedRequest.accept.length ? feedRequest.accept.join(', ') : '*/*',
      ...(feedRequest.etag ? { 'if-none-match': feedRequest.etag } : {}),
      ...(feedRequest.lastModified ? { 'if-modified-since': feedRequest.lastModified } : {}),
      ...feedRequest.headers,
    };
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'https:' && current.protocol !== 'http:') throw new FeedError(`Refused non-HTTP URL ${current.href}`, 'blocked');
      const viaProxy = proxied !== undefined && !bypassesProxy(current, options.proxy?.noProxy);
      try {
        // Direct connections are checked again at connect time (guardedLookup); proxied ones only here.
        await assertHostAllowed(current.hostname, allowance);
      } catch (error) {
        if (error instanceof BlockedAddressError) throw new FeedError(error.message, 'blocked', { cause: error });
        throw new RetryableError(`Cannot resolve ${current.hostname}: ${(error as Error).message}`, undefined, new FeedError(`Cannot resolve ${current.hostname}`, 'unreachable', { cause: error }));
      }
      const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(settings.timeoutMs)]) : AbortSignal.timeout(settings.timeoutMs);
      let response: Dispatcher.ResponseData;
      try {
        response = await request(current, { method: 'GET', headers, dispatcher: viaProxy ? proxied : direct, signal });
      } catch (error) {
        const cause = (error as { cause?: unknown }).cause ?? error;
        if (cause instanceof BlockedAddressError || (cause as { code?: string }).code === 'EBLOCKEDADDRESS') throw new FeedError((cause as Error).message, 'blocked', { cause });
        if (options.signal?.aborted) throw new FeedError(`Request to ${current.href} aborted`, 'timeout', { cause: error });
        const timedOut = (error as Error).name === 'TimeoutError' || /timeout/i.test((error as Error).message);
        const final = new FeedError(`${timedOut ? 'Timed out' : 'Network error'} fetching ${current.href}: ${(error as Error).message}`, timedOut ? 'timeout' : 'unreachable', { cause: error });
        throw new RetryableError(final.message, undefined, final);
      }
      const { statusCode } = response;
      if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
        const location = header(response.headers, 'location');
        await response.body.dump();
        if (!location) throw new FeedError(`Redirect without Location from ${current.href}`, 'http_error');
        if (hop >= settings.maxRedirects) throw new FeedError(`Too many redirects from ${url.href}`, 'http_error');
        const next = new URL(location, current);
        // Credentials never follow a redirect to another origin.
        if (next.origin !== current.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
        current = next;
        continue;
      }
      const base = {
        url: current.href,
        contentType: header(response.headers, 'content-type'),
        etag: header(response.headers, 'etag'),
        lastModified: header(response.headers, 'last-modified'),
        headers: Object.fromEntries(Object.keys(response.headers).flatMap((name) => { const value = header(response.headers, name); return value === undefined ? [] : [[name.toLowerCase(), value]]; })),
      };
      if (statusCode === 304) {
        await response.body.dump();
        return { ...base, status: 304, body: Buffer.alloc(0) };
      }
      if (statusCode < 200 || statusCode >= 300) {
        await response.body.dump();
        const final = new FeedError(`HTTP ${statusCode} from ${current.href}`, 'http_error');
        if (RETRYABLE_STATUS.has(statusCode)) throw new RetryableError(final.message, retryAfterMs(header(response.headers, 'retry-after')), final);
        throw final;
      }
      const declared = Number(header(response.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        discard(response.body);
        throw new FeedError(`Response from ${current.href} declares ${declared} bytes, more than ${maxBytes}`, 'too_large');
      }
      if (!acceptable(base.contentType, feedRequest.accept)) {
        discard(response.body);
        throw new FeedError(`Unexpected content type ${base.contentType ?? '(none)'} from ${current.href}; expected ${feedRequest.accept.join(' or ')}`, 'bad_content_type');
      }
      let body = await readCapped(response.body, maxBytes, current.href);
      if (feedRequest.gunzip && body[0] === 0x1f && body[1] === 0x8b) {
        try {
          body = await gunzipAsync(body, { maxOutputLength: maxBytes });
        } catch (error) {
          const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test((error as Error).message);
          throw new FeedError(tooLarge ? `Decompressed response from ${current.href} exceeds ${maxBytes} bytes` : `Corrupt gzip from ${current.href}`, tooLarge ? 'too_large' : 'bad_document', { cause: error });
        }
      }
      return { ...base, status: 200, body };
    }
  }

  return {
    async get(rawUrl, feedRequest) {
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        throw new FeedError(`Not a URL: ${rawUrl}`, 'bad_document');
      }
      const maxBytes = feedRequest.maxBytes ?? settings.maxBytes;
      for (let retry = 0; ; retry++) {
        try {
          return await attempt(url, feedRequest, maxBytes);
        } catch (error) {
          if (!(error instanceof RetryableError)) throw error;
          if (retry >= settings.retries || options.signal?.aborted) throw error.final;
          const backoff = Math.random() * Math.min(30_000, settings.backoffBaseMs * 2 ** retry);
          await sleep(Math.min(60_000, error.waitMs ?? backoff));
        }
      }
    },
    async close() {
      await Promise.all([direct.close(), proxied?.close()]);
    },
  };
}
