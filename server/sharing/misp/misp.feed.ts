/**
 * The shared indicator packages as a MISP feed (FORMATS.md "MISP formats"): one event per package
 * the caller may see, `manifest.json` keyed by event uuid, `hashes.csv` (`md5(value),event_uuid`)
 * and `<uuid>.json` = `{"Event": …}` without internal ids. The event uuid is the package's STIX
 * grouping uuid and each attribute's uuid its indicator's, so re-fetching updates instead of
 * duplicating. TLP travels as the `tlp:` tag (MISP taxonomy colours); the caller's visibility
 * comes from `visibleTo` in the indicators repo, per package and per indicator.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../auth/principal.js';
import type { TlpLevel } from '../../access/tlp.js';
import { findSharedIndicatorsVisibleTo, findSharedVisibleTo, listSharedVisibleTo } from '../../indicators/indicators.repo.js';
import type { IndicatorObjectRow } from '../../indicators/indicators.table.js';
import type { ObservableType } from '../../indicators/extract.js';
import { uuidV5 } from '../../indicators/stix-objects.js';
import type { Executor } from '../../platform/db/client.js';

/** MISP tlp taxonomy colours. */
const TLP_TAG_COLOUR: Record<TlpLevel, string> = { clear: '#ffffff', green: '#33FF00', amber: '#FFC000', 'amber+strict': '#FFC000', red: '#FF2B2B' };

/** MISP distribution of an event of this label: CLEAR to all communities, GREEN to this community, stricter to the receiving organization only. */
const DISTRIBUTION: Record<TlpLevel, string> = { clear: '3', green: '1', amber: '0', 'amber+strict': '0', red: '0' };

/** Observable type → MISP attribute type and category. */
export const MISP_ATTRIBUTE: Record<ObservableType, { type: string; category: string }> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
};

const MAX_PACKAGES = 5000;

export type MispOrg = { name: string; uuid: string };

/** CERT-Thüringen as MISP creator organisation (a stable uuid derived once from the name). */
export const CERT_ORGC: MispOrg = { name: 'CERT-Thüringen', uuid: uuidV5('misp-orgc/CERT-Thüringen') };

function uuidOf(stixId: string): string {
  return stixId.slice(stixId.indexOf('--') + 2);
}

function seconds(date: Date): string {
  return String(Math.floor(date.getTime() / 1000));
}

function tlpTag(tlp: TlpLevel) {
  return { name: `tlp:${tlp}`, colour: TLP_TAG_COLOUR[tlp], exportable: true };
}

function attribute(row: IndicatorObjectRow) {
  const mapping = MISP_ATTRIBUTE[row.valueType as ObservableType];
  return {
    uuid: uuidOf(row.stixId),
    type: mapping.type,
    category: mapping.category,
    value: row.value ?? '',
    to_ids: row.forBlocking,
    comment: typeof row.body.description === 'string' ? row.body.description : '',
    timestamp: seconds(row.modified),
    distribution: '5',
    disable_correlation: false,
    deleted: false,
    Tag: [tlpTag(row.tlp)],
  };
}

export type MispEvent = ReturnType<typeof toEvent>;

/** A MISP event of indicators the caller may see, under one title and TLP (the indicator list's export). */
export function mispEventOf(input: { uuid: string; info: string; tlp: TlpLevel; at: Date }, indicators: IndicatorObjectRow[]) {
  const timestamp = seconds(input.at);
  return {
    Event: {
      uuid: input.uuid,
      info: input.info,
      date: input.at.toISOString().slice(0, 10),
      threat_level_id: '2',
      analysis: '2',
      distribution: DISTRIBUTION[input.tlp],
      published: true,
      timestamp,
      publish_timestamp: timestamp,
      Orgc: CERT_ORGC,
      Tag: [tlpTag(input.tlp)],
      Attribute: indicators.filter((row) => row.valueType && row.valueType in MISP_ATTRIBUTE).map(attribute),
    },
  };
}

function toEvent(pkg: IndicatorObjectRow, indicators: IndicatorObjectRow[]) {
  const body = pkg.body as { name?: string; description?: string };
  const timestamp = seconds(pkg.modified);
  return {
    uuid: uuidOf(pkg.stixId),
    info: body.name ?? 'Indikatorpaket von CERT-Thüringen',
    date: pkg.createdAt.toISOString().slice(0, 10),
    threat_level_id: '2',
    analysis: '2',
    distribution: DISTRIBUTION[pkg.tlp],
    published: true,
    timestamp,
    publish_timestamp: timestamp,
    Orgc: CERT_ORGC,
    Tag: [tlpTag(pkg.tlp)],
    Attribute: indicators.filter((row) => row.valueType && row.valueType in MISP_ATTRIBUTE).map(attribute),
  };
}

async function visibleIndicators(db: Executor, principal: Principal, pkg: IndicatorObjectRow): Promise<IndicatorObjectRow[]> {
  const refs = ((pkg.body as { object_refs?: string[] }).object_refs ?? []).filter((ref) => ref.startsWith('indicator--'));
  const rows = await findSharedIndicatorsVisibleTo(db, principal, refs);
  return rows.sort((a, b) => refs.indexOf(a.stixId) - refs.indexOf(b.stixId));
}

/** Every event the principal may see (packages with at least one visible indicator), newest first. */
export async function mispEvents(db: Executor, principal: Principal): Promise<MispEvent[]> {
  const packages = await listSharedVisibleTo(db, principal, 'grouping', MAX_PACKAGES);
  const events: MispEvent[] = [];
  for (const pkg of packages) {
    const event = toEvent(pkg, await visibleIndicators(db, principal, pkg));
    if (event.Attribute.length > 0) events.push(event);
  }
  return events;
}

/** manifest.json: event uuid → the event's header fields. */
export function mispManifest(events: readonly MispEvent[]) {
  return Object.fromEntries(
    events.map((event) => [
      event.uuid,
      { Orgc: event.Orgc, Tag: event.Tag.map(({ name, colour }) => ({ name, colour })), info: event.info, date: event.date, analysis: event.analysis, threat_level_id: event.threat_level_id, timestamp: event.timestamp },
    ]),
  );
}

/** hashes.csv: one line per attribute value, `md5(value),event_uuid` (composite `a|b` values hashed per part). */
export function mispHashes(events: readonly MispEvent[]): string {
  const lines: string[] = [];
  for (const event of events) {
    for (const attr of event.Attribute) {
      for (const part of attr.value.split('|')) lines.push(`${createHash('md5').update(part, 'utf8').digest('hex')},${event.uuid}\n`);
    }
  }
  return lines.join('');
}

/** One event file `{"Event": …}` the principal may see, or undefined. */
export async function mispEvent(db: Executor, principal: Principal, uuid: string): Promise<{ Event: MispEvent } | undefined> {
  const pkg = await findSharedVisibleTo(db, principal, `grouping--${uuid}`, 'grouping');
  if (!pkg) return undefined;
  const event = toEvent(pkg, await visibleIndicators(db, principal, pkg));
  return event.Attribute.length > 0 ? { Event: event } : undefined;
}
