/**
 * Inbox items for the indicators of sources that deliver bare STIX objects (TAXII collections, STIX
 * bundle imports), so their indicators get a card — and with it the warninglist check at ingestion
 * (server/feeds/indicator-warnings.ts) that MISP events get: nobody promotes 8.8.8.8 as a C2 server.
 *
 * - a `report` or `grouping` that refers to indicators of the same delivery is one item (external id
 *   = its STIX id, title = its name, CVEs = the names of the `vulnerability` objects it refers to);
 * - the indicators no report or grouping refers to are one item per delivery (collection page run or
 *   bundle), at most {@link MAX_INDICATORS_PER_ITEM} each; the external id is the bundle id, else a
 *   hash of the indicators' (id, modified), so the same delivery is the same item;
 * - an item's TLP is the most restrictive marking among it and its indicators (TLP 1.0 or 2.0 ids),
 *   else the source's default.
 * The objects themselves still go to `stix_objects` as before; the items only list their ids.
 */
import { createHash } from 'node:crypto';
import { mostRestrictive } from '../server/access/tlp.js';
import { tlpLevelFromMarkingId, type TlpLevel } from '../server/stix/tlp.js';
import type { FeedItemDraft } from './feed.js';

/** Indicators per item of unreferenced indicators (the item schema allows 100,000 STIX ids). */
export const MAX_INDICATORS_PER_ITEM = 10_000;

const CVE = /^CVE-\d{4}-\d{4,}$/;

export type StixItemContext = {
  /** The source's TLP for unmarked objects. */
  defaultTlp: TlpLevel;
  /** What delivered the objects, for the external id and the title: a TAXII collection or a bundle file. */
  origin: { kind: 'taxii-collection'; id: string; title: string } | { kind: 'bundle'; id: string | undefined; fileName: string };
};

type StixObject = Record<string, unknown>;

function markings(object: StixObject): TlpLevel[] {
  if (!Array.isArray(object.object_marking_refs)) return [];
  return object.object_marking_refs.map((ref: unknown) => (typeof ref === 'string' ? tlpLevelFromMarkingId(ref) : undefined)).filter((level): level is TlpLevel => level !== undefined);
}

function tlpOf(objects: readonly StixObject[], fallback: TlpLevel): TlpLevel {
  const levels = objects.flatMap(markings);
  return levels.length > 0 ? mostRestrictive(...levels) : fallback;
}

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined);

function modifiedOf(object: StixObject): string {
  return typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : '';
}

function plural(count: number, de: [string, string], en: [string, string]): { de: string; en: string } {
  return { de: `${count.toLocaleString('de-DE')} ${count === 1 ? de[0] : de[1]}`, en: `${count.toLocaleString('en')} ${count === 1 ? en[0] : en[1]}` };
}

/** The inbox items for the indicators among `objects` (none when there are no indicators). */
export function stixIndicatorItems(objects: readonly unknown[], context: StixItemContext): FeedItemDraft[] {
  const byId = new Map<string, StixObject>();
  for (const object of objects) {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) continue;
    const id = (object as StixObject).id;
    if (typeof id === 'string' && id.length >= 1 && id.length <= 500) byId.set(id, object as StixObject);
  }
  const isIndicator = (id: string) => byId.get(id)?.type === 'indicator';
  const items: FeedItemDraft[] = [];
  const referenced = new Set<string>();

  for (const [id, object] of byId) {
    if ((object.type !== 'report' && object.type !== 'grouping') || !Array.isArray(object.object_refs)) continue;
    const refs = [...new Set(object.object_refs.filter((ref): ref is string => typeof ref === 'string'))];
    const indicators = refs.filter(isIndicator).slice(0, MAX_INDICATORS_PER_ITEM);
    if (indicators.length === 0) continue;
    for (const ref of indicators) referenced.add(ref);
    const cves = refs
      .map((ref) => byId.get(ref))
      .filter((ref): ref is StixObject => ref?.type === 'vulnerability' && typeof ref.name === 'string' && CVE.test(ref.name))
      .map((ref) => ref.name as string);
    const count = plural(indicators.length, ['Indikator', 'Indikatoren'], ['indicator', 'indicators']);
    const description = text(object.description, 100_000);
    items.push({
      externalId: id,
      kind: 'indicators',
      title: { en: text(object.name, 500) ?? id },
      summary: { de: `${count.de} (STIX ${String(object.type)}).`, en: `${count.en} (STIX ${String(object.type)}).${description ? ` ${description}` : ''}` },
      ...(typeof object.modified === 'string' && !Number.isNaN(Date.parse(object.modified)) ? { updated: new Date(object.modified) } : {}),
      ...(typeof object.published === 'string' && !Number.isNaN(Date.parse(object.published)) ? { published: new Date(object.published) } : {}),
      cves: [...new Set(cves)].slice(0, 2000),
      tlp: tlpOf([object, ...indicators.map((ref) => byId.get(ref)!)], context.defaultTlp),
      stixObjectIds: [id, ...indicators],
      document: { stix: object },
    });
  }

  const loose = [...byId.values()].filter((object) => object.type === 'indicator' && !referenced.has(object.id as string));
  for (let start = 0; start < loose.length; start += MAX_INDICATORS_PER_ITEM) {
    const part = loose.slice(start, start + MAX_INDICATORS_PER_ITEM);
    const digest = createHash('sha256');
    for (const object of part) digest.update(`${object.id as string}|${modifiedOf(object)}\n`);
    const hash = digest.digest('hex').slice(0, 32);
    const origin = context.origin;
    const externalId =
      origin.kind === 'bundle' && origin.id && loose.length <= MAX_INDICATORS_PER_ITEM ? origin.id.slice(0, 500) : `${origin.kind === 'bundle' ? (origin.id ?? 'bundle') : `taxii:${origin.id}`}:${hash}`.slice(0, 500);
    const count = plural(part.length, ['Indikator', 'Indikatoren'], ['indicator', 'indicators']);
    const from = origin.kind === 'bundle' ? { de: `aus STIX-Bundle ${origin.fileName}`, en: `from STIX bundle ${origin.fileName}` } : { de: `aus TAXII-Collection „${origin.title}“`, en: `from TAXII collection "${origin.title}"` };
    items.push({
      externalId,
      kind: 'indicators',
      title: { de: `${count.de} ${from.de}`.slice(0, 500), en: `${count.en} ${from.en}`.slice(0, 500) },
      tlp: tlpOf(part, context.defaultTlp),
      stixObjectIds: part.map((object) => object.id as string),
    });
  }
  return items;
}
