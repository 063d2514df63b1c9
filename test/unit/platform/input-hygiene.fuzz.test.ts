// Fuzz properties of the input-hygiene parsers (they join `npm run fuzz` through fuzzRuns): the one
// cursor codec of every list, the UTF-8 and lone-surrogate checks of request bodies, and the charset
// reading of Content-Type. Each answers only with its typed error, and agrees with an independent oracle.
import { expect } from 'chai';
import fc from 'fast-check';
import { AppError } from '../../../server/platform/errors.js';
import { charsetOf, isUtf8Charset, verifyUtf8Body } from '../../../server/platform/http/body-guards.js';
import { CursorKey, defineCursor, MAX_CURSOR_OFFSET, readCursorEnvelope } from '../../../server/platform/http/cursor.js';
import { hasLoneSurrogate, isStorableText, isWellFormedUtf8 } from '../../../server/platform/http/text.js';
import { loneSurrogatePath } from '../../../server/platform/http/validate.js';
import { decodePosition, encodePosition } from '../../../server/taxii/taxii.stream.js';
import { fuzzRuns } from '../../support/fuzz.js';

const numRuns = fuzzRuns(300);

const ListCursor = defineCursor('fuzz.list', { createdAt: CursorKey.timestamp, id: CursorKey.uuid });
const NameCursor = defineCursor('fuzz.names', { name: CursorKey.text, id: CursorKey.uuid });
const OffsetCursor = defineCursor('fuzz.offset', { offset: CursorKey.offset });
const CODECS = [ListCursor, NameCursor, OffsetCursor] as const;

/** Decodes or throws; anything thrown must be the codec's 400. */
function decodeOrRefuse(codec: (typeof CODECS)[number], raw: string): unknown {
  try {
    return codec.decode(raw);
  } catch (error) {
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).code).to.equal('VALIDATION_FAILED');
    expect((error as AppError).errors).to.deep.equal([{ path: 'cursor', message: 'not a cursor from this list' }]);
    return undefined;
  }
}

/** Whether encodeURIComponent refuses the text (it does exactly for lone surrogates). */
function refusedByUri(text: string): boolean {
  try {
    encodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
}

/** Whether any string or key in a JSON-like value satisfies `test`. */
function anyString(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, child]) => (!Array.isArray(value) && test(key)) || anyString(child, test));
}

const utf16Units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Keys shaped like the real ones, with hostile values. */
const hostileKey = fc.record(
  { createdAt: fc.oneof(fc.string(), fc.date({ noInvalidDate: false }).map((date) => (Number.isNaN(date.getTime()) ? 'NaN' : date.toISOString())), fc.constant('2026-02-30T00:00:00.000Z')), id: fc.oneof(fc.uuid(), fc.string()), name: utf16Units, offset: fc.oneof(fc.integer(), fc.double(), fc.constant(MAX_CURSOR_OFFSET + 1)) },
  { requiredKeys: [] },
);

describe('fuzz: input hygiene (cursor codec, UTF-8 and surrogate checks, charset)', () => {
  it('a cursor codec answers any string with a key of its shape or its 400, never anything else', () => {
    const raw = fc.oneof(fc.string({ maxLength: 600 }), fc.string({ unit: 'binary', maxLength: 100 }), fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/), fc.jsonValue({ maxDepth: 3 }).map(b64), fc.record({ l: fc.constantFrom('fuzz.list', 'fuzz.names', 'fuzz.offset', 'other'), k: fc.oneof(hostileKey, fc.jsonValue({ maxDepth: 2 })) }).map(b64));
    fc.assert(
      fc.property(raw, (cursor) => {
        for (const codec of CODECS) {
          const key = decodeOrRefuse(codec, cursor) as Record<string, unknown> | undefined;
          if (key === undefined) continue;
          // Whatever passes is safe to hand to a query: exact timestamps, uuids, storable text, bounded offsets.
          if ('createdAt' in key) expect(new Date(key.createdAt as string).toISOString()).to.equal(key.createdAt);
          if ('name' in key) expect(isStorableText(key.name as string)).to.equal(true);
          if ('offset' in key) expect(key.offset).to.be.within(0, MAX_CURSOR_OFFSET);
        }
      }),
      { numRuns },
    );
  });

  it('every key round-trips through its own list and is refused by every other list', () => {
    const key = fc.oneof(
      fc.record({ createdAt: fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()), id: fc.uuid() }).map((value) => ({ codec: ListCursor, value })),
      fc.record({ name: fc.string({ maxLength: 200 }).filter(isStorableText), id: fc.uuid() }).map((value) => ({ codec: NameCursor, value })),
      fc.record({ offset: fc.integer({ min: 0, max: MAX_CURSOR_OFFSET }) }).map((value) => ({ codec: OffsetCursor, value })),
    );
    fc.assert(
      fc.property(key, ({ codec, value }) => {
        const cursor = (codec as { encode(key: unknown): string }).encode(value);
        expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
        expect(codec.decode(cursor)).to.deep.equal(value);
        for (const other of CODECS.filter((candidate) => candidate !== codec)) expect(decodeOrRefuse(other, cursor)).to.equal(undefined);
      }),
      { numRuns },
    );
  });

  it('a cursor with one character changed decodes to a valid key or is refused', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(), fc.constantFrom(...'ABCxyz019-_=+/.%'.split('')), (id, at, replacement) => {
        const cursor = NameCursor.encode({ name: 'Stadt Erfurt', id });
        const index = at % cursor.length;
        const mutated = cursor.slice(0, index) + replacement + cursor.slice(index + 1);
        const key = decodeOrRefuse(NameCursor, mutated) as { name: string } | undefined;
        if (key) expect(isStorableText(key.name)).to.equal(true);
        expect(readCursorEnvelope(mutated) === undefined || typeof readCursorEnvelope(mutated)!.l === 'string').to.equal(true);
      }),
      { numRuns },
    );
  });

  it('the TAXII `next` decodes only to positions whose key fits its rank, and round-trips', () => {
    const position = fc.record({ t: fc.oneof(fc.double(), fc.integer(), fc.constant(1_764_950_000_123.456)), r: fc.integer({ min: -1, max: 4 }), k: fc.oneof(fc.uuid(), fc.constant('static'), fc.stringMatching(/^\d{1,25}$/), fc.string({ maxLength: 70 })), i: fc.oneof(fc.nat(), fc.integer()) });
    fc.assert(
      fc.property(fc.oneof(position.map((value) => b64({ l: 'taxii', k: value })), position.map(b64), fc.string({ maxLength: 200 })), (next) => {
        const decoded = decodePosition(next);
        if (!decoded) return;
        expect(Math.abs(decoded.t)).to.be.at.most(8.64e15);
        if (decoded.r === 0) expect(decoded.k).to.equal('static');
        else if (decoded.r === 3) expect(decoded.k).to.match(/^\d{1,20}$/);
        else expect(decoded.k).to.match(/^[0-9a-f-]{36}$/i);
        expect(decodePosition(encodePosition(decoded))).to.deep.equal(decoded);
      }),
      { numRuns },
    );
  });

  it('hasLoneSurrogate agrees with encodeURIComponent (which refuses lone surrogates) on any UTF-16', () => {
    fc.assert(
      fc.property(fc.oneof(utf16Units, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 })), (text) => {
        expect(hasLoneSurrogate(text), JSON.stringify(text)).to.equal(refusedByUri(text));
      }),
      { numRuns },
    );
  });

  it('isWellFormedUtf8 agrees with a fatal TextDecoder, and verifyUtf8Body throws only MALFORMED_TEXT', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 40 }).map((text) => new TextEncoder().encode(text)),
      fc.tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([text, at, byte]) => {
        const encoded = new TextEncoder().encode(text);
        if (encoded.length > 0) encoded[at % encoded.length] = byte;
        return encoded;
      }),
      fc.constantFrom([0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf, 0x7b, 0x7d]).map((list) => Uint8Array.from(list)),
    );
    fc.assert(
      fc.property(bytes, (body) => {
        let oracle = true;
        try {
          decoder.decode(body);
        } catch {
          oracle = false;
        }
        expect(isWellFormedUtf8(body)).to.equal(oracle);
        try {
          verifyUtf8Body(undefined, undefined, Buffer.from(body));
          expect(oracle).to.equal(true);
        } catch (error) {
          expect(error).to.be.instanceOf(AppError);
          expect((error as AppError).code).to.equal('MALFORMED_TEXT');
          expect(oracle).to.equal(false);
        }
      }),
      { numRuns },
    );
  });

  it('loneSurrogatePath finds a lone surrogate anywhere in parsed JSON (values and keys), and only then', () => {
    const withUnits = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, utf16Units, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(utf16Units, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(withUnits, (value) => {
        // JSON.stringify escapes lone surrogates ("\ud800", well-formed JSON.stringify), as a client's encoder does.
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        expect(loneSurrogatePath(parsed) !== undefined).to.equal(anyString(value, refusedByUri));
      }),
      { numRuns },
    );
  });

  it('charsetOf reads any Content-Type without throwing; only UTF-8 (or none) passes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.tuple(fc.constantFrom('application/json', 'application/taxii+json;version=2.1', 'text/plain'), fc.constantFrom('charset', 'Charset', ' charset '), fc.constantFrom('utf-8', 'UTF-8', '"utf-8"', 'utf8', 'latin1', 'utf-16', '', '"')).map(([type, name, value]) => `${type}; ${name}=${value}`)), (header) => {
        const charset = charsetOf(header);
        if (charset !== undefined) expect(charset).to.equal(charset.toLowerCase());
        if (isUtf8Charset(charset)) expect(charset === undefined || charset === 'utf-8').to.equal(true);
      }),
      { numRuns },
    );
  });
});
