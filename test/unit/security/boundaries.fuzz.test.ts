// Property-based tests of the remaining boundaries that take outside input: configuration (env and
// settings file), the advisory, incident and share schemas, the Markdown sanitizer, attachment names
// and content sniffing, the NUL guard of every request, SAML pre-checks and error classification,
// the Socket.IO handshake and the per-socket token bucket. Each: no crash, no hang (time-boxed per
// call), only typed errors (zod results, AppError, ConfigError, SamlRejection).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { ConfigError, loadConfig, ROOT_DIR } from '../../../config/index.js';
import { EnvSchema } from '../../../config/env.schema.js';
import { renderMarkdown } from '../../../server/advisories/advisories.markdown.js';
import { AdvisoryContentSchema, AdvisoryListQuerySchema } from '../../../server/advisories/advisories.schemas.js';
import { classifySamlError, refuseDoctype, refuseDoctypeDeflated, SamlRejection } from '../../../server/auth/saml/saml.service.js';
import { sanitizeFileName, sniffAttachment, contentDisposition } from '../../../server/incidents/attachments.js';
import { IncidentReportSchema, ShareBodySchema, StageSubmissionBodySchema } from '../../../server/incidents/incidents.schemas.js';
import { AppError } from '../../../server/platform/errors.js';
import { nulPath } from '../../../server/platform/http/validate.js';
import { HandshakeAuthSchema } from '../../../server/realtime/events.js';
import { TokenBucket } from '../../../server/realtime/rate-limit.js';
import { advisoryBody } from '../../support/advisories.js';
import { fuzzRuns } from '../../support/fuzz.js';

const MAX_MS = 250;

function timed<T>(fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started, 'call took too long').to.be.below(MAX_MS);
  return result;
}

/** Runs `fn`; anything it throws must be one of the typed errors. */
function onlyTyped(fn: () => unknown, ...types: (abstract new (...args: never[]) => Error)[]): void {
  try {
    timed(fn);
  } catch (error) {
    if (!types.some((type) => error instanceof type)) throw error;
  }
}

/** What the browser makes of an attribute value: numeric and the usual named entities decoded. */
function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n' };
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_match, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_match, decimal: string) => String.fromCodePoint(Number(decimal) % 0x110000))
    .replace(/&([a-z]+);/gi, (match, name: string) => named[name.toLowerCase()] ?? match);
}

const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));
const numRuns = fuzzRuns(200);

describe('boundary fuzzing: config, schemas, sanitizers, SAML pre-checks, realtime', () => {
  describe('configuration', () => {
    const keys = Object.keys(EnvSchema.shape).filter((key) => key !== 'LAGEBILD_SETTINGS' && key !== 'LAGEBILD_IDENTITY_PROVIDERS');
    const dir = mkdtempSync(join(tmpdir(), 'lagebild-config-fuzz-'));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('loadConfig takes any environment and either returns a config or throws ConfigError', () => {
      const value = fc.oneof(anyText, fc.constantFrom('0', '65536', '8080', 'true', 'false', 'http://x', 'https://lagebild.test/', 'postgres://a@b/c', 'web', 'web,scheduler', 'debug', '1mb'));
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 }), (env) => {
          onlyTyped(() => loadConfig(env, ROOT_DIR), ConfigError);
        }),
        { numRuns },
      );
    });

    it('a settings file with any JSON (or none) yields a config or ConfigError', () => {
      const file = join(dir, 'settings.json');
      const settingsLike = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }).map((json) => JSON.stringify(json)),
        fc.record({ http: fc.record({ jsonBodyLimit: anyText, rateLimitPerMinute: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }), realtime: fc.dictionary(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }).map((json) => JSON.stringify(json)),
        anyText,
      );
      fc.assert(
        fc.property(settingsLike, (text) => {
          writeFileSync(file, text);
          onlyTyped(() => loadConfig({ LAGEBILD_SETTINGS: file }, ROOT_DIR), ConfigError);
        }),
        { numRuns },
      );
    });
  });

  describe('schemas', () => {
    const valid = advisoryBody();
    const mutated = fc.tuple(fc.constantFrom(...Object.keys(valid)), fc.anything({ maxDepth: 3 })).map(([key, value]) => ({ ...valid, [key]: value }));

    it('AdvisoryContentSchema returns a zod result for anything, including the valid body with one field replaced by any value', () => {
      expect(AdvisoryContentSchema.safeParse(valid).success).to.equal(true);
      fc.assert(
        fc.property(fc.oneof(fc.anything({ maxDepth: 4 }), mutated), (input) => {
          const result = timed(() => AdvisoryContentSchema.safeParse(input));
          expect(result.success === true || result.error.issues.length > 0).to.equal(true);
        }),
        { numRuns },
      );
    });

    it('list and handshake queries, incident reports, stage submissions and share bodies return zod results for anything', () => {
      const schemas = [AdvisoryListQuerySchema, HandshakeAuthSchema, IncidentReportSchema, StageSubmissionBodySchema, ShareBodySchema];
      fc.assert(
        fc.property(fc.constantFrom(...schemas.keys()), fc.oneof(fc.anything({ maxDepth: 4 }), fc.dictionary(fc.string({ maxLength: 20 }), anyText)), (index, input) => {
          const result = timed(() => schemas[index]!.safeParse(input));
          expect(typeof result.success).to.equal('boolean');
        }),
        { numRuns },
      );
    });

    it('nulPath finds a NUL character exactly when the JSON has one, in keys or values, at any depth', () => {
      const withNul = fc.jsonValue({ maxDepth: 5 });
      fc.assert(
        fc.property(withNul, (value) => {
          const found = timed(() => nulPath(value));
          expect(found !== undefined).to.equal(JSON.stringify(value).includes('\\u0000'));
        }),
        { numRuns },
      );
    });
  });

  describe('sanitizers', () => {
    const ALLOWED = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
    const HTML_PIECES = ['<script>', '</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<a href="javascript:alert(1)">', '[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](data:text/html,<script>)', '[x](java&#x73;cript&colon;a())', '<a href="jav&#x09;ascript:a()">', '[x]( javascript:a())', '<iframe srcdoc="<script>">', '<style>', '"', "'", '>', '<', '`', '<!--', '-->', '<![CDATA[', '&lt;', '&#x6a;avascript:', '<noscript><p title="</noscript><img src=x onerror=a()>">', '<math><mtext><table><mglyph><style><img src=x onerror=a()>', '\n\n', '# ', '* ', '| a | b |\n|---|---|\n', '```\n', '<details open ontoggle=a()>', '<a href="http://ok.example" onclick="a()">', '<p style="x">', '<form action=x>'];
    const markdownSoup = fc.array(fc.oneof(fc.constantFrom(...HTML_PIECES), fc.string({ maxLength: 20 })), { maxLength: 40 }).map((parts) => parts.join(''));

    it('renderMarkdown never lets a script, event handler, style, frame or script URL through', () => {
      fc.assert(
        fc.property(fc.oneof(markdownSoup, anyText), (source) => {
          const html = timed(() => renderMarkdown(source));
          for (const [, tag] of html.matchAll(/<\s*\/?\s*([a-zA-Z][\w-]*)/g)) expect(ALLOWED, `tag ${tag} in ${html}`).to.include(tag!.toLowerCase());
          expect(html).to.not.match(/<[^>]*\son\w+\s*=/i);
          expect(html).to.not.match(/<[^>]*\sstyle\s*=/i);
          // Attributes of real tags only: escaped text (`&lt;a href=…`) is harmless.
          // eslint-disable-next-line no-control-regex
          for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) expect(decodeEntities(href!).replace(/[\s\u0000-\u001f]/g, ''), html).to.match(/^(https?:|mailto:|#|\/(?!\/)|[^:]*$)/i);
        }),
        { numRuns },
      );
    });

    it('sanitizeFileName gives a plain, short, non-hidden name for any input; contentDisposition stays one header value', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, fc.array(fc.constantFrom('..', '/', '\\', '.', 'etc', 'passwd', '%2e', '\u0000', '\n', '"', ' '), { maxLength: 20 }).map((parts) => parts.join(''))), (name) => {
          const safe = timed(() => sanitizeFileName(name));
          expect(safe.length).to.be.within(1, 200);
          // eslint-disable-next-line no-control-regex
          expect(safe).to.not.match(/[\\/"\u0000-\u001f\u007f]/);
          expect(safe).to.not.match(/^[.\s]/);
          expect(contentDisposition(safe)).to.not.match(/[\r\n]/);
        }),
        { numRuns },
      );
    });

    it('sniffAttachment throws only AppError for any bytes and name', () => {
      const names = fc.oneof(anyText, fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('pdf', 'png', 'jpg', 'txt', 'log', 'csv', 'json', 'zip', 'eml', 'html', 'exe')).map(([base, ext]) => `${base}.${ext}`));
      const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), anyText.map((text) => new TextEncoder().encode(text)), fc.constantFrom('%PDF-1.7\n', '\x89PNG\r\n\x1a\n', 'PK\x03\x04', '{"a":1}', 'From: a\n', '<html>').map((text) => new TextEncoder().encode(text)));
      fc.assert(
        fc.property(bytes, names, (content, name) => {
          onlyTyped(() => sniffAttachment(content, name), AppError);
        }),
        { numRuns },
      );
    });
  });

  describe('SAML pre-checks', () => {
    it('refuseDoctype and refuseDoctypeDeflated throw only SamlRejection, and refuse every DOCTYPE', () => {
      const xmlish = fc.array(fc.oneof(fc.constantFrom('<!DOCTYPE x>', '<!ENTITY a "b">', '<!doctype', '<samlp:Response>', '</samlp:Response>', '<?xml version="1.0"?>', '&a;', '\u0000'), fc.string({ maxLength: 20 })), { maxLength: 20 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(fc.oneof(xmlish, anyText), (xml) => {
          const base64 = Buffer.from(xml).toString('base64');
          onlyTyped(() => refuseDoctype(base64), SamlRejection);
          onlyTyped(() => refuseDoctype(xml), SamlRejection);
          onlyTyped(() => refuseDoctypeDeflated(xml), SamlRejection);
          if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml.replace(/\0/g, ''))) expect(() => refuseDoctype(base64)).to.throw(SamlRejection);
        }),
        { numRuns },
      );
    });

    it('classifySamlError names a reason for anything thrown', () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), anyText.map((message) => new Error(message))), (thrown) => {
          expect(timed(() => classifySamlError(thrown))).to.match(/^[a-z_]+$/);
        }),
        { numRuns },
      );
    });
  });

  describe('realtime', () => {
    it('the per-socket token bucket never lets more than burst + rate × elapsed messages through', () => {
      const limit = fc.record({ perSecond: fc.integer({ min: 1, max: 100 }), burst: fc.integer({ min: 1, max: 100 }) });
      fc.assert(
        fc.property(limit, fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 300 }), (rate, gaps) => {
          const bucket = new TokenBucket(rate, 0);
          let now = 0;
          let accepted = 0;
          for (const gap of gaps) {
            now += gap;
            if (bucket.take(now)) accepted += 1;
            expect(accepted).to.be.at.most(rate.burst + (rate.perSecond * now) / 1000 + 1e-9);
          }
          const burstAtOnce = new TokenBucket(rate, 0);
          let first = 0;
          while (burstAtOnce.take(0)) first += 1;
          expect(first).to.equal(rate.burst);
        }),
        { numRuns },
      );
    });
  });
});
