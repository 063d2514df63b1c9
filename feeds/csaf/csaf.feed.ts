/**
 * `csaf-provider`: consumes a CSAF 2.0 provider (BSI CERT-Bund WID, vendor PSIRTs such as Siemens
 * ProductCERT) or every provider an aggregator/lister names — configured only by URL.
 *
 * One run (CSAF 2.0 §7.3 retrieval): discover provider-metadata.json → load the published OpenPGP
 * keys (fingerprint-checked) → per distribution (ROLIE feeds of the configured TLPs, preferred over
 * the directory; else `changes.csv`, falling back to `index.txt`) list what changed since the
 * cursor, using conditional requests on the listing → fetch each changed document, check its
 * `.sha512`/`.sha256` and its `.asc` signature — a failure is quarantined (held back with the
 * reason, releasable by a cert_admin) — then the CSAF schema + mandatory tests: a document failing
 * them is accepted with findings when it has a tracking id, a title and something affected
 * (`csaf.accept.ts`), else it becomes a FeedProblem (ref = its URL). Quarantined and rejected
 * documents are retried on the next runs (up to {@link MAX_ATTEMPTS}); the rest of the run goes on.
 *
 * Cursor: per distribution the newest change time taken and the listing's ETag/Last-Modified,
 * plus the documents to retry. When `maxDocumentsPerRun` cuts a listing short, the validators are
 * not kept and the change time stops before the first document left out, so the next run goes on
 * where this one stopped.
 */
import type * as openpgp from 'openpgp';
import { z } from 'zod';
import { TLP_LEVELS, type TlpLevel } from '../../server/stix/tlp.js';
import { FeedError, type FeedAdapter, type FeedItemDraft, type FeedProblem, type FeedRunContext, type FeedRunOutput, type QuarantinedDocument } from '../feed.js';
import { authorizationHeader, CsafClient, JSON_TYPES, parseJson, SIGNATURE_TYPES, TEXT_TYPES } from './csaf.client.js';
import { discoverProviders, type Provider } from './csaf.discovery.js';
import { directoryBase, parseChangesCsv, parseIndexTxt, parseRolieFeed, type DocumentRef } from './csaf.distribution.js';
import { CsafParseError, tlpFromCsafLabel } from './csaf.parse.js';
import { CsafVerificationError, readProviderKeys, verifyHash, verifySignature, type HashAlgorithm } from './csaf.verify.js';
import { acceptCsafDocument, CsafUnacceptableError } from './csaf.accept.js';

const TLP_LABELS = ['WHITE', 'CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED', 'UNLABELED'] as const;
const MAX_ATTEMPTS = 5;
const MAX_RETRY_ENTRIES = 1_000;

export const CsafOptionsSchema = z.object({
  /** ROLIE feeds to consume, by `tlp_label` (AMBER/RED feeds need `credentials`). */
  tlps: z.array(z.enum(TLP_LABELS)).min(1).default(['WHITE', 'CLEAR', 'UNLABELED']),
  /** First run only: ignore documents last changed before this time (ISO 8601). */
  initialSince: z.iso.datetime({ offset: true }).optional(),
  /** Upper bound of documents fetched per run; the rest follows in the next runs. */
  maxDocumentsPerRun: z.number().int().min(1).max(100_000).default(1_000),
  /** Hash file tried first when both exist. */
  preferredHash: z.enum(['sha512', 'sha256']).default('sha512'),
  /** Reject documents without hash/signature files even from providers that are not `csaf_trusted_provider`. */
  requireSignature: z.boolean().default(false),
  /** Aggregators: how many listed providers to consume at most. */
  maxProviders: z.number().int().min(1).max(10_000).default(500),
  /** Documents fetched and verified in parallel. */
  concurrency: z.number().int().min(1).max(16).default(4),
});
export type CsafOptions = z.output<typeof CsafOptionsSchema>;

const DistributionCursorSchema = z.object({
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** Newest change time taken (ISO 8601). */
  lastChange: z.string().optional(),
  /** Documents the listing held last time (counted as unchanged on a 304). */
  listed: z.number().int().min(0).optional(),
  /**
   * Undated listings (index.txt) cut short by `maxDocumentsPerRun`: the documents already taken in
   * this pass, so the next run goes on with the others instead of starting over.
   */
  passDone: z.array(z.string()).max(1_000_000).optional(),
});
const RetrySchema = z.object({
  url: z.string(),
  changed: z.number().optional(),
  hashes: z.object({ sha256: z.string().optional(), sha512: z.string().optional() }).optional(),
  signature: z.string().optional(),
  tlp: z.enum(TLP_LEVELS).optional(),
  distribution: z.string(),
  attempts: z.number().int().min(1),
});
export const CsafCursorSchema = z.object({
  version: z.literal(1),
  distributions: z.record(z.string(), DistributionCursorSchema).default({}),
  retry: z.array(RetrySchema).default([]),
});
export type CsafCursor = z.output<typeof CsafCursorSchema>;
type DistributionCursor = z.output<typeof DistributionCursorSchema>;
type Retry = z.output<typeof RetrySchema>;

type Distribution = { key: string; kind: 'rolie' | 'directory'; url: string; tlp?: TlpLevel | undefined; provider: ProviderState };
type ProviderState = { provider: Provider; keys: openpgp.Key[]; strict: boolean };
type Listing = { refs: DocumentRef[]; notModified: boolean; etag?: string | undefined; lastModified?: string | undefined };

/** The distributions to read: ROLIE feeds with a wanted TLP label, else the directories. */
export function selectDistributions(state: ProviderState, tlps: readonly string[]): Distribution[] {
  const { metadata, metadataUrl } = state.provider;
  const absolute = (url: string): string => new URL(url, metadataUrl).href;
  const rolie = metadata.distributions.flatMap((d) => d.rolie?.feeds ?? []);
  if (rolie.length > 0) {
    return rolie
      .filter((feed) => tlps.includes(feed.tlp_label.toUpperCase()))
      .map((feed) => ({ key: absolute(feed.url), kind: 'rolie', url: absolute(feed.url), tlp: tlpFromCsafLabel(feed.tlp_label), provider: state }));
  }
  return metadata.distributions
    .filter((d) => d.directory_url !== undefined)
    .map((d) => {
      const url = directoryBase(absolute(d.directory_url ?? ''));
      return { key: url, kind: 'directory', url, provider: state };
    });
}

async function loadKeys(client: CsafClient, provider: Provider, problems: FeedProblem[]): Promise<openpgp.Key[]> {
  const keys: openpgp.Key[] = [];
  for (const ref of provider.metadata.public_openpgp_keys) {
    const url = new URL(ref.url, provider.metadataUrl).href;
    try {
      const response = await client.get(url, SIGNATURE_TYPES);
      keys.push(...(await readProviderKeys(response.body.toString('utf8'), ref.fingerprint)));
    } catch (error) {
      if (!(error instanceof FeedError) && !(error instanceof CsafVerificationError)) throw error;
      problems.push({ ref: url, message: `Provider key unusable: ${error.message}` });
    }
  }
  return keys;
}

async function listDistribution(client: CsafClient, distribution: Distribution, cursor: DistributionCursor | undefined): Promise<Listing> {
  const validators = { etag: cursor?.etag, lastModified: cursor?.lastModified };
  if (distribution.kind === 'rolie') {
    const { response, json } = await client.getJson(distribution.url, validators);
    if (response.status === 304) return { refs: [], notModified: true };
    return { refs: parseRolieFeed(json, response.url, distribution.tlp, distribution.key), notModified: false, etag: response.etag, lastModified: response.lastModified };
  }
  const changes = await client.getOptional(`${distribution.url}changes.csv`, TEXT_TYPES, validators);
  const response = changes ?? (await client.get(`${distribution.url}index.txt`, TEXT_TYPES, validators));
  if (response.status === 304) return { refs: [], notModified: true };
  const text = response.body.toString('utf8');
  const refs = changes ? parseChangesCsv(text, distribution.url, distribution.key) : parseIndexTxt(text, distribution.url, distribution.key);
  return { refs, notModified: false, etag: response.etag, lastModified: response.lastModified };
}

async function fetchHash(client: CsafClient, ref: DocumentRef, preferred: HashAlgorithm): Promise<{ algorithm: HashAlgorithm; text: string } | undefined> {
  const order: HashAlgorithm[] = preferred === 'sha512' ? ['sha512', 'sha256'] : ['sha256', 'sha512'];
  for (const algorithm of order) {
    const url = ref.hashes?.[algorithm] ?? `${ref.url}.${algorithm}`;
    const response = await client.getOptional(url, TEXT_TYPES);
    if (response?.status === 200) return { algorithm, text: response.body.toString('utf8') };
  }
  return undefined;
}

async function fetchSignature(client: CsafClient, ref: DocumentRef): Promise<string | undefined> {
  const url = ref.signature ?? `${ref.url}.asc`;
  const response = await client.getOptional(url, SIGNATURE_TYPES);
  return response?.status === 200 ? response.body.toString('utf8') : undefined;
}

/** CSAF 2.0 §5.1 file name of a document: lower-case tracking id, other characters → `_`. */
export function expectedFileName(json: unknown): string | undefined {
  const id = (json as { document?: { tracking?: { id?: unknown } } } | null)?.document?.tracking?.id;
  return typeof id === 'string' ? `${id.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json` : undefined;
}

type DocumentOutcome = { item: FeedItemDraft } | { problem: string } | { quarantine: QuarantinedDocument };

/** The quarantine entry of a document whose integrity failed (its JSON kept when it parses, for release). */
export function quarantineOf(ref: string, body: Buffer, check: QuarantinedDocument['check'], reason: string): QuarantinedDocument {
  let document: Record<string, unknown> | undefined;
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) document = json as Record<string, unknown>;
  } catch {
    document = undefined;
  }
  const meta = (document?.document ?? {}) as { title?: unknown; tracking?: { id?: unknown } };
  return {
    ref,
    check,
    reason,
    ...(typeof meta.tracking?.id === 'string' ? { externalId: meta.tracking.id.slice(0, 500) } : {}),
    ...(typeof meta.title === 'string' ? { title: meta.title.slice(0, 1000) } : {}),
    ...(document && body.length <= 20_000_000 ? { document } : {}),
  };
}

/** Hash and signature of a fetched document; a failure is a quarantine, never a silent skip. */
async function checkIntegrity(context: FeedRunContext, client: CsafClient, options: CsafOptions, ref: DocumentRef, state: ProviderState, body: Uint8Array): Promise<{ check: QuarantinedDocument['check']; reason: string } | undefined> {
  const requireAll = state.strict || options.requireSignature;
  const hash = await fetchHash(client, ref, options.preferredHash);
  try {
    if (hash) verifyHash(body, hash.text, hash.algorithm);
    else if (requireAll) return { check: 'hash', reason: 'No .sha512 or .sha256 file for the document, which this provider must publish' };
    else context.log('warn', 'CSAF document without hash file', { url: ref.url });
  } catch (error) {
    if (error instanceof CsafVerificationError) return { check: 'hash', reason: error.message };
    throw error;
  }
  const signature = await fetchSignature(client, ref);
  // A provider that publishes no key at all (allowed below csaf_trusted_provider) cannot be checked;
  // one that publishes keys none of which verified is suspicious and gets no benefit of the doubt.
  const published = state.provider.metadata.public_openpgp_keys.length;
  const uncheckable = signature !== undefined && !requireAll && published === 0;
  if (signature !== undefined && !uncheckable) {
    try {
      await verifySignature(body, signature, state.keys);
    } catch (error) {
      if (!(error instanceof CsafVerificationError)) throw error;
      // No key of the provider could be used (fingerprint mismatch, unreadable): the key is wrong, not the document.
      return published > 0 && state.keys.length === 0 ? { check: 'provider_key', reason: `None of the provider's published OpenPGP keys is usable (see the key problems of this run): ${error.message}` } : { check: 'signature', reason: error.message };
    }
  } else if (requireAll) return { check: 'signature', reason: 'No .asc signature for the document, which this provider must publish' };
  else context.log('warn', uncheckable ? 'CSAF signature not checked: the provider publishes no OpenPGP key' : 'CSAF document without signature', { url: ref.url });
  return undefined;
}

async function processDocument(context: FeedRunContext, client: CsafClient, options: CsafOptions, ref: DocumentRef, state: ProviderState): Promise<DocumentOutcome> {
  const response = await client.get(ref.url, JSON_TYPES);
  const failed = await checkIntegrity(context, client, options, ref, state, new Uint8Array(response.body));
  if (failed) return { quarantine: quarantineOf(ref.url, response.body, failed.check, failed.reason) };
  const json = parseJson(response.body, ref.url);
  const expectedName = expectedFileName(json);
  if (expectedName !== undefined && !response.url.endsWith(`/${expectedName}`)) {
    context.log('warn', 'CSAF file name does not follow the tracking id (CSAF 2.0 §5.1)', { url: response.url, expected: expectedName });
  }
  let accepted: Awaited<ReturnType<typeof acceptCsafDocument>>;
  try {
    accepted = await acceptCsafDocument(json, { url: response.url, defaultTlp: context.source.defaultTlp, ...(ref.tlp ? { channelTlp: ref.tlp } : {}) });
  } catch (error) {
    // Not even acceptable with findings: held with the reason in the run view, never silently dropped.
    if (error instanceof CsafUnacceptableError) return { quarantine: quarantineOf(ref.url, response.body, 'unacceptable', error.message) };
    throw error;
  }
  const { item, findings } = accepted;
  if (findings.length > 0) context.log('warn', 'CSAF document accepted with findings', { url: ref.url, findings: findings.length, first: `${findings[0]!.test} ${findings[0]!.path}: ${findings[0]!.message}` });
  return { item };
}

async function safelyProcess(context: FeedRunContext, client: CsafClient, options: CsafOptions, ref: DocumentRef, state: ProviderState): Promise<DocumentOutcome> {
  try {
    return await processDocument(context, client, options, ref, state);
  } catch (error) {
    if (error instanceof CsafVerificationError || error instanceof CsafParseError || error instanceof FeedError) return { problem: error.message };
    throw error;
  }
}

async function forEachLimited<T>(values: readonly T[], limit: number, signal: AbortSignal, work: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < values.length) {
      if (signal.aborted) throw new FeedError('CSAF run aborted', 'timeout', { cause: signal.reason });
      const value = values[next++] as T;
      await work(value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
}

function startCursor(raw: unknown): CsafCursor {
  const parsed = CsafCursorSchema.safeParse(raw);
  return parsed.success ? parsed.data : { version: 1, distributions: {}, retry: [] };
}

const isoOf = (ms: number): string => new Date(ms).toISOString();

async function run(context: FeedRunContext): Promise<FeedRunOutput> {
  const parsedOptions = CsafOptionsSchema.safeParse(context.source.options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0];
    throw new FeedError(`Invalid csaf-provider options: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`, 'bad_document');
  }
  const options = parsedOptions.data;
  const cursor = startCursor(context.cursor);
  const client = new CsafClient(context.http, context.source.url, authorizationHeader(context.source.credentials));
  const { providers, problems } = await discoverProviders(client, context.source.url, options.maxProviders);

  const distributions: Distribution[] = [];
  for (const provider of providers) {
    const keys = await loadKeys(client, provider, problems);
    const state: ProviderState = { provider, keys, strict: provider.metadata.role === 'csaf_trusted_provider' };
    const selected = selectDistributions(state, options.tlps);
    if (selected.length === 0) problems.push({ ref: provider.metadataUrl, message: `No distribution for the TLPs ${options.tlps.join(', ')}` });
    distributions.push(...selected);
  }

  const next: CsafCursor = { version: 1, distributions: { ...cursor.distributions }, retry: [] };
  const byKey = new Map(distributions.map((d) => [d.key, d]));
  const candidates: DocumentRef[] = [];
  const seen = new Set<string>();
  const listings = new Map<string, Listing>();
  let unchanged = 0;
  for (const distribution of distributions) {
    const previous = cursor.distributions[distribution.key];
    let listing: Listing;
    try {
      listing = await listDistribution(client, distribution, previous);
    } catch (error) {
      if (!(error instanceof FeedError) || distributions.length === 1) throw error;
      problems.push({ ref: distribution.url, message: `Distribution unreadable: ${error.message}` });
      continue;
    }
    listings.set(distribution.key, listing);
    if (listing.notModified) {
      unchanged += previous?.listed ?? 0;
      continue;
    }
    const since = previous?.lastChange ?? (previous === undefined ? options.initialSince : undefined);
    const sinceMs = since === undefined ? -Infinity : Date.parse(since);
    const passDone = new Set(previous?.passDone ?? []);
    for (const ref of listing.refs) {
      if (ref.changed !== undefined ? ref.changed <= sinceMs : passDone.has(ref.url)) unchanged += 1;
      else if (!seen.has(ref.url)) {
        seen.add(ref.url);
        candidates.push(ref);
      }
    }
  }

  const retries = cursor.retry.filter((r) => byKey.has(r.distribution) && !seen.has(r.url));
  candidates.sort((a, b) => (a.changed ?? 0) - (b.changed ?? 0));
  const budget = Math.max(0, options.maxDocumentsPerRun - retries.length);
  const taken = [...retries, ...candidates.slice(0, budget)];
  const leftOut = candidates.slice(budget);

  const items: FeedItemDraft[] = [];
  const quarantined: QuarantinedDocument[] = [];
  const attempts = new Map(retries.map((r) => [r.url, r.attempts]));
  await forEachLimited(taken, options.concurrency, context.signal, async (ref) => {
    const distribution = byKey.get(ref.distribution);
    if (!distribution) return;
    const outcome = await safelyProcess(context, client, options, ref, distribution.provider);
    if ('item' in outcome) {
      items.push(outcome.item);
      return;
    }
    if ('quarantine' in outcome) {
      quarantined.push(outcome.quarantine);
      context.log('warn', 'CSAF document quarantined', { url: ref.url, check: outcome.quarantine.check, reason: outcome.quarantine.reason });
    } else {
      problems.push({ ref: ref.url, message: outcome.problem });
      context.log('warn', 'CSAF document rejected', { url: ref.url, reason: outcome.problem });
    }
    const tries = (attempts.get(ref.url) ?? 0) + 1;
    if (tries < MAX_ATTEMPTS && next.retry.length < MAX_RETRY_ENTRIES) next.retry.push(toRetry(ref, tries));
  });

  for (const [key, listing] of listings) {
    const previous = cursor.distributions[key];
    if (listing.notModified) continue;
    const fromHere = listing.refs.filter((r) => r.changed !== undefined).map((r) => r.changed as number);
    const firstLeft = leftOut.filter((r) => r.distribution === key && r.changed !== undefined).map((r) => r.changed as number);
    const truncated = leftOut.some((r) => r.distribution === key);
    const newest = truncated ? (firstLeft.length > 0 ? Math.min(...firstLeft) - 1 : undefined) : fromHere.length > 0 ? Math.max(...fromHere) : undefined;
    const previousMs = previous?.lastChange === undefined ? -Infinity : Date.parse(previous.lastChange);
    const lastChange = newest !== undefined && newest > previousMs ? isoOf(newest) : previous?.lastChange;
    const undatedTaken = taken.filter((r) => r.distribution === key && r.changed === undefined).map((r) => r.url);
    const passDone = truncated && undatedTaken.length > 0 ? [...(previous?.passDone ?? []), ...undatedTaken] : undefined;
    next.distributions[key] = {
      ...(truncated ? {} : { etag: listing.etag, lastModified: listing.lastModified }),
      ...(lastChange !== undefined ? { lastChange } : {}),
      listed: listing.refs.length,
      ...(passDone ? { passDone } : {}),
    };
  }
  context.log('info', 'CSAF run finished', { providers: providers.length, distributions: distributions.length, fetched: taken.length, items: items.length, quarantined: quarantined.length, problems: problems.length, requests: client.requests });
  return { items, stixObjects: [], enrichments: [], problems, cursor: next, unchanged, quarantined, records: { total: taken.length + unchanged, noun: 'documents', storedAs: 'items' } };
}

function toRetry(ref: DocumentRef, attempts: number): Retry {
  return {
    url: ref.url,
    distribution: ref.distribution,
    attempts,
    ...(ref.changed !== undefined ? { changed: ref.changed } : {}),
    ...(ref.hashes ? { hashes: ref.hashes } : {}),
    ...(ref.signature !== undefined ? { signature: ref.signature } : {}),
    ...(ref.tlp !== undefined ? { tlp: ref.tlp } : {}),
  };
}

export const csafProviderAdapter: FeedAdapter = {
  type: 'csaf-provider',
  optionsSchema: CsafOptionsSchema,
  run,
};
