/**
 * MISP feeds (FORMATS.md "MISP formats"): a directory with `manifest.json` (event uuid →
 * {Orgc, Tag[], info, date, analysis, threat_level_id, timestamp}), `hashes.csv`
 * (`md5(value),event_uuid` per attribute value, composite `a|b` values hashed separately) and one
 * `<uuid>.json` per event (`{"Event": {uuid, info, date, timestamp, Orgc, Tag[], Attribute[],
 * Object[{Attribute[]}]}}`, MISP core format).
 *
 * An event becomes STIX 2.1: an identity for the creating org (`Orgc`), one SCO per observable
 * attribute, an indicator with a validated STIX pattern for each `to_ids` attribute, and a report
 * (`report_types: ['threat-report']`) referencing them all, every object marked with the event's
 * TLP (tags `tlp:white|clear|green|amber|amber+strict|red`; the most restrictive wins, the
 * source's default applies when none is present). Plus one 'indicators' inbox item.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { mostRestrictive } from '../../server/access/tlp.js';
import { classifyObservable, type Observable } from '../../server/indicators/extract.js';
import { observablePattern, observableSco, uuidV5 } from '../../server/indicators/stix-objects.js';
import { isStixId } from '../../server/stix/common.js';
import { parseStixObject } from '../../server/stix/index.js';
import { quoteString, validatePattern } from '../../server/stix/pattern/index.js';
import { TLP_MARKING_DEFINITIONS, TLP2_MARKING_IDS, type TlpLevel } from '../../server/stix/tlp.js';
import { extractCveIds } from '../../server/vulnerabilities/cve-id.js';
import type { FeedItemDraft, FeedProblem } from '../feed.js';
import { decodeJson, describeIssues, parseOrThrow, toDate } from '../source-util.js';

const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Expected a UUID');
/** MISP writes integers both as numbers and as strings. */
const IntLike = z.union([z.number().int(), z.string().regex(/^\d{1,15}$/).transform(Number)]);
const TagSchema = z.looseObject({ name: z.string().max(1000) });
const OrgSchema = z.looseObject({ name: z.string().max(500), uuid: Uuid.optional() });

const AttributeSchema = z.looseObject({
  uuid: Uuid,
  type: z.string().max(100),
  category: z.string().max(100).optional(),
  value: z.string().max(100_000),
  to_ids: z.union([z.boolean(), z.literal('0'), z.literal('1'), z.literal(0), z.literal(1)]).optional(),
  comment: z.string().max(100_000).optional(),
  timestamp: IntLike.optional(),
  deleted: z.boolean().optional(),
  Tag: z.array(TagSchema).max(1000).optional(),
});
type MispAttribute = z.infer<typeof AttributeSchema>;

export const MispEventSchema = z.looseObject({
  uuid: Uuid,
  info: z.string().max(100_000),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timestamp: IntLike,
  publish_timestamp: IntLike.optional(),
  threat_level_id: IntLike.optional(),
  analysis: IntLike.optional(),
  Orgc: OrgSchema.optional(),
  Tag: z.array(TagSchema).max(1000).optional(),
  Attribute: z.array(z.unknown()).max(100_000).optional(),
  Object: z
    .array(z.looseObject({ name: z.string().max(200), uuid: Uuid.optional(), Attribute: z.array(z.unknown()).max(100_000).optional() }))
    .max(100_000)
    .optional(),
});
export type MispEvent = z.infer<typeof MispEventSchema>;

export const MispManifestEntrySchema = z.looseObject({
  info: z.string().max(100_000).optional(),
  date: z.string().max(20).optional(),
  timestamp: IntLike,
  Orgc: OrgSchema.optional(),
  Tag: z.array(TagSchema).max(1000).optional(),
});
export type MispManifestEntry = z.infer<typeof MispManifestEntrySchema>;

export type MispManifest = { events: Map<string, MispManifestEntry>; problems: FeedProblem[] };

/**
 * Parses `manifest.json`. Entries with a bad uuid key or shape become problems.
 * @throws FeedError bad_document when it is not a JSON object
 */
export function parseMispManifest(input: unknown): MispManifest {
  const value = typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, 'MISP manifest') : input;
  const record = parseOrThrow(z.record(z.string(), z.unknown()), value, 'MISP manifest');
  const events = new Map<string, MispManifestEntry>();
  const problems: FeedProblem[] = [];
  for (const [uuid, raw] of Object.entries(record)) {
    const ref = uuid.slice(0, 60);
    if (!Uuid.safeParse(uuid).success) {
      problems.push({ ref, message: 'Manifest key is not an event UUID' });
      continue;
    }
    const entry = MispManifestEntrySchema.safeParse(raw);
    if (!entry.success) {
      problems.push({ ref, message: `Manifest entry is invalid: ${describeIssues(entry.error)}` });
      continue;
    }
    events.set(uuid.toLowerCase(), entry.data);
  }
  return { events, problems };
}

/**
 * Parses `hashes.csv` (`md5,event_uuid` per line) into event uuid → set of MD5 digests.
 * Malformed lines become problems.
 */
export function parseMispHashes(input: string | Buffer): { hashes: Map<string, Set<string>>; problems: FeedProblem[] } {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const hashes = new Map<string, Set<string>>();
  const problems: FeedProblem[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const match = /^([0-9a-f]{32}),([0-9a-f-]{36})$/i.exec(line.trim());
    if (!match || !Uuid.safeParse(match[2]).success) {
      if (problems.length < 100) problems.push({ ref: `hashes.csv line ${index + 1}`, message: 'Expected md5,event_uuid' });
      return;
    }
    const uuid = match[2]!.toLowerCase();
    let set = hashes.get(uuid);
    if (!set) hashes.set(uuid, (set = new Set()));
    set.add(match[1]!.toLowerCase());
  });
  return { hashes, problems };
}

/** The MD5 digests MISP lists in `hashes.csv` for one attribute value (composites split on `|`). */
export function mispValueHashes(value: string): string[] {
  return value.split('|').map((part) => createHash('md5').update(part).digest('hex'));
}

const TLP_TAGS: Readonly<Record<string, TlpLevel>> = {
  'tlp:white': 'clear',
  'tlp:clear': 'clear',
  'tlp:green': 'green',
  'tlp:amber': 'amber',
  'tlp:amber+strict': 'amber+strict',
  'tlp:red': 'red',
};

/** The TLP level of a tag list (most restrictive TLP tag), or undefined without one. */
export function tlpFromMispTags(tags: readonly { name: string }[] | undefined): TlpLevel | undefined {
  const levels = (tags ?? []).map((tag) => TLP_TAGS[tag.name.trim().toLowerCase()]).filter((l): l is TlpLevel => l !== undefined);
  return levels.length > 0 ? mostRestrictive(...levels) : undefined;
}

type Candidate = { pattern: string; sco: Record<string, unknown> & { id: string } };

const HASH_TYPES: Readonly<Record<string, { name: string; length: number }>> = {
  md5: { name: 'MD5', length: 32 },
  sha1: { name: 'SHA-1', length: 40 },
  sha256: { name: 'SHA-256', length: 64 },
  sha512: { name: 'SHA-512', length: 128 },
};

function fromObservable(observable: Observable | undefined): Candidate | undefined {
  if (!observable) return undefined;
  return { pattern: observablePattern(observable), sco: observableSco(observable) };
}

function network(value: string, allowed: readonly Observable['type'][]): Candidate | undefined {
  const observable = classifyObservable(value.trim());
  return observable && allowed.includes(observable.type) ? fromObservable(observable) : undefined;
}

function fileHash(kind: string, value: string): Candidate | undefined {
  const spec = HASH_TYPES[kind];
  const digest = value.trim().toLowerCase();
  if (!spec || digest.length !== spec.length || !/^[0-9a-f]+$/.test(digest)) return undefined;
  const path = /^[A-Z0-9]+$/.test(spec.name) ? `file:hashes.${spec.name}` : `file:hashes.${quoteString(spec.name)}`;
  return {
    pattern: `[${path} = ${quoteString(digest)}]`,
    sco: { type: 'file', spec_version: '2.1', id: `file--${uuidV5(`file/${digest}`)}`, hashes: { [spec.name]: digest } },
  };
}

function fileName(value: string): Candidate | undefined {
  const name = value.trim();
  if (name === '' || name.length > 1000) return undefined;
  return {
    pattern: `[file:name = ${quoteString(name)}]`,
    sco: { type: 'file', spec_version: '2.1', id: `file--${uuidV5(`file-name/${name}`)}`, name },
  };
}

/** The observables one MISP attribute stands for (none for context types such as text or link). */
export function attributeCandidates(type: string, value: string): Candidate[] {
  const ip = ['ipv4', 'ipv6'] as const;
  const parts = value.split('|');
  const out: (Candidate | undefined)[] = [];
  switch (type) {
    case 'ip-src':
    case 'ip-dst':
      out.push(network(value, ip));
      break;
    case 'ip-src|port':
    case 'ip-dst|port':
      out.push(network(parts[0] ?? '', ip));
      break;
    case 'domain':
    case 'hostname':
      out.push(network(value, ['domain']));
      break;
    case 'domain|ip':
    case 'hostname|port':
      out.push(network(parts[0] ?? '', ['domain']));
      if (type === 'domain|ip') out.push(network(parts[1] ?? '', ip));
      break;
    case 'url':
      out.push(network(value, ['url']));
      break;
    case 'email':
    case 'email-src':
    case 'email-dst':
      out.push(network(value, ['email']));
      break;
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      out.push(fileHash(type, value));
      break;
    case 'filename':
      out.push(fileName(value));
      break;
    default:
      if (type.startsWith('filename|')) {
        out.push(fileHash(type.slice('filename|'.length), parts[1] ?? ''));
      }
  }
  return out.filter((c): c is Candidate => c !== undefined && validatePattern(c.pattern).ok);
}

export type MispEventResult = {
  uuid: string;
  timestamp: number;
  tlp: TlpLevel;
  item: FeedItemDraft;
  stixObjects: Record<string, unknown>[];
  problems: FeedProblem[];
  /** Attributes without a STIX mapping (context such as text, comments, links). */
  skipped: number;
};

function stixIdFor(type: string, uuid: string): string {
  const id = `${type}--${uuid.toLowerCase()}`;
  return isStixId(id) ? id : `${type}--${uuidV5(`misp/${type}/${uuid.toLowerCase()}`)}`;
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/**
 * Converts one MISP event (`{"Event": …}` or the bare event) to STIX 2.1 objects and an
 * 'indicators' inbox item. Invalid attributes become problems; an invalid event throws.
 * @throws FeedError bad_document when the event itself is invalid
 */
export function parseMispEvent(input: unknown, options: { defaultTlp: TlpLevel; url?: string }): MispEventResult {
  const value = typeof input === 'string' || Buffer.isBuffer(input) ? decodeJson(input, 'MISP event') : input;
  const wrapped = value !== null && typeof value === 'object' && 'Event' in value ? (value).Event : value;
  const event = parseOrThrow(MispEventSchema, wrapped, 'MISP event');
  const uuid = event.uuid.toLowerCase();
  const tlp = tlpFromMispTags(event.Tag) ?? options.defaultTlp;
  const marking = TLP2_MARKING_IDS[tlp];
  const problems: FeedProblem[] = [];
  const eventTime = isoSeconds(event.timestamp);
  const identityId = event.Orgc ? stixIdFor('identity', event.Orgc.uuid ?? uuidV5(`misp-org/${event.Orgc.name}`)) : undefined;
  const objects = new Map<string, Record<string, unknown>>();
  const refs: string[] = [];
  const references: string[] = [];
  const cves = new Set<string>(extractCveIds(event.info));
  let skipped = 0;

  const attributes: { raw: unknown; ref: string }[] = [
    ...(event.Attribute ?? []).map((raw, i) => ({ raw, ref: `${uuid}/Attribute[${i}]` })),
    ...(event.Object ?? []).flatMap((object, o) => (object.Attribute ?? []).map((raw, i) => ({ raw, ref: `${uuid}/Object[${o}].Attribute[${i}]` }))),
  ];
  for (const { raw, ref } of attributes) {
    const parsed = AttributeSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ ref, message: `MISP attribute is invalid: ${describeIssues(parsed.error)}` });
      continue;
    }
    const attribute: MispAttribute = parsed.data;
    if (attribute.deleted === true) continue;
    if (attribute.type === 'link' && /^https?:\/\//i.test(attribute.value) && attribute.value.length <= 2048) references.push(attribute.value);
    if (attribute.type === 'vulnerability') for (const cve of extractCveIds(attribute.value)) cves.add(cve);
    const candidates = attributeCandidates(attribute.type, attribute.value);
    if (candidates.length === 0) {
      skipped += 1;
      continue;
    }
    const toIds = attribute.to_ids === true || attribute.to_ids === '1' || attribute.to_ids === 1;
    const attributeTlp = tlpFromMispTags(attribute.Tag);
    const objectMarking = attributeTlp !== undefined ? TLP2_MARKING_IDS[mostRestrictive(tlp, attributeTlp)] : marking;
    const created = attribute.timestamp !== undefined ? isoSeconds(attribute.timestamp) : eventTime;
    candidates.forEach((candidate, index) => {
      if (!objects.has(candidate.sco.id)) {
        objects.set(candidate.sco.id, { ...candidate.sco, object_marking_refs: [objectMarking] });
        refs.push(candidate.sco.id);
      }
      if (!toIds) return;
      const indicatorId = index === 0 ? stixIdFor('indicator', attribute.uuid) : `indicator--${uuidV5(`misp/${attribute.uuid}/${index}`)}`;
      objects.set(indicatorId, {
        type: 'indicator',
        spec_version: '2.1',
        id: indicatorId,
        created,
        modified: created,
        ...(identityId ? { created_by_ref: identityId } : {}),
        name: `${attribute.type}: ${attribute.value}`.slice(0, 1000),
        ...(attribute.comment ? { description: attribute.comment } : {}),
        indicator_types: ['malicious-activity'],
        pattern: candidate.pattern,
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: created,
        object_marking_refs: [objectMarking],
        ...(attribute.category ? { labels: [attribute.category] } : {}),
      });
      refs.push(indicatorId);
    });
  }

  // Every object we authored must pass the strict STIX schemas; one that does not is a problem, not a crash.
  for (const [id, object] of objects) {
    const result = parseStixObject(object, { mode: 'strict' });
    if (!result.success) {
      problems.push({ ref: id, message: `STIX object rejected: ${describeIssues(result.error)}` });
      objects.delete(id);
      refs.splice(refs.indexOf(id), 1);
    }
  }

  const out: Record<string, unknown>[] = [];
  if (identityId && event.Orgc) {
    out.push({ type: 'identity', spec_version: '2.1', id: identityId, created: eventTime, modified: eventTime, name: event.Orgc.name, identity_class: 'organization' });
  }
  out.push(...objects.values());
  const labels = (event.Tag ?? []).map((tag) => tag.name).filter((name) => TLP_TAGS[name.trim().toLowerCase()] === undefined).slice(0, 100);
  const reportId = stixIdFor('report', uuid);
  if (refs.length > 0) {
    out.push({
      type: 'report',
      spec_version: '2.1',
      id: reportId,
      created: isoSeconds(event.timestamp),
      modified: eventTime,
      ...(identityId ? { created_by_ref: identityId } : {}),
      name: event.info.slice(0, 1000) || uuid,
      report_types: ['threat-report'],
      published: `${event.date}T00:00:00.000Z`,
      object_refs: refs,
      object_marking_refs: [marking],
      ...(labels.length > 0 ? { labels } : {}),
      external_references: [{ source_name: 'misp', external_id: uuid, ...(options.url !== undefined ? { url: options.url } : {}) }],
    });
  }
  for (const object of out.filter((o) => o.type === 'identity' || o.type === 'report')) {
    const result = parseStixObject(object, { mode: 'strict' });
    if (!result.success) {
      problems.push({ ref: String(object.id), message: `STIX object rejected: ${describeIssues(result.error)}` });
      out.splice(out.indexOf(object), 1);
    }
  }
  out.push(TLP_MARKING_DEFINITIONS[tlp]);

  const indicatorCount = [...objects.values()].filter((o) => o.type === 'indicator').length;
  const item: FeedItemDraft = {
    externalId: uuid,
    kind: 'indicators',
    title: { en: event.info.trim().slice(0, 500) || `MISP event ${uuid}` },
    summary: { en: `${indicatorCount} indicators, ${objects.size - indicatorCount} observables${event.Orgc ? ` from ${event.Orgc.name}` : ''}.` },
    ...(options.url !== undefined ? { url: options.url } : {}),
    published: new Date(`${event.date}T00:00:00Z`),
    ...(toDate(event.timestamp) ? { updated: toDate(event.timestamp)! } : {}),
    revision: String(event.timestamp),
    cves: [...cves].slice(0, 2000),
    references: [...new Set(references)].slice(0, 500),
    tlp,
    stixObjectIds: out.map((o) => String(o.id)).filter((id) => !id.startsWith('marking-definition--')),
    document: { Event: wrapped },
  };
  return { uuid, timestamp: event.timestamp, tlp, item, stixObjects: out, problems, skipped };
}
