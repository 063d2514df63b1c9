/**
 * Finding providers (CSAF 2.0 §7.3.1): the configured URL is either a provider-metadata.json, an
 * aggregator.json (lister or aggregator: every listed provider is consumed), or a domain/base
 * URL, for which `/.well-known/csaf/provider-metadata.json` is tried first and then the `CSAF:`
 * fields of `/.well-known/security.txt` (the DNS method is left out: it needs no extra support
 * beyond giving the `https://csaf.data.security.<domain>/…` URL directly).
 */
import { FeedError, type FeedProblem } from '../feed.js';
import { TEXT_TYPES, isNotFound, parseJson, type CsafClient } from './csaf.client.js';
import { AggregatorSchema, ProviderMetadataSchema, type ProviderMetadata } from './csaf.schemas.js';

export type Provider = { metadataUrl: string; metadata: ProviderMetadata };

function parseProviderMetadata(json: unknown, url: string): ProviderMetadata {
  const result = ProviderMetadataSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new FeedError(`${url} is not a CSAF provider-metadata.json: ${issue ? `/${issue.path.join('/')} ${issue.message}` : 'invalid'}`, 'bad_document');
  }
  return result.data;
}

const isAggregator = (json: unknown): boolean => typeof json === 'object' && json !== null && 'aggregator' in json && 'csaf_providers' in json;

/** `CSAF:` URLs from a security.txt (RFC 9116 field, CSAF 2.0 §7.1.8). */
export function csafUrlsFromSecurityTxt(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => /^\s*CSAF:\s*(\S+)\s*$/i.exec(line)?.[1])
    .filter((url): url is string => url !== undefined && /^https?:\/\//i.test(url));
}

async function fetchDocument(client: CsafClient, url: string): Promise<unknown> {
  const { json } = await client.getJson(url);
  return json;
}

async function fromBaseUrl(client: CsafClient, base: string): Promise<{ url: string; json: unknown }> {
  const origin = new URL(base).origin;
  const wellKnown = `${origin}/.well-known/csaf/provider-metadata.json`;
  try {
    return { url: wellKnown, json: await fetchDocument(client, wellKnown) };
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const securityTxt = await client.getOptional(`${origin}/.well-known/security.txt`, TEXT_TYPES);
  const [url] = securityTxt?.status === 200 ? csafUrlsFromSecurityTxt(securityTxt.body.toString('utf8')) : [];
  if (url === undefined) throw new FeedError(`No provider-metadata.json at ${wellKnown} and no CSAF field in security.txt`, 'unreachable');
  return { url, json: await fetchDocument(client, url) };
}

/**
 * Resolves the configured URL to the providers to consume. A provider listed by an aggregator that
 * cannot be read becomes a problem (ref = its metadata URL); the others are still returned.
 * @throws FeedError when the configured URL itself yields nothing usable.
 */
export async function discoverProviders(client: CsafClient, sourceUrl: string, maxProviders: number): Promise<{ providers: Provider[]; problems: FeedProblem[] }> {
  const start = new URL(sourceUrl).pathname.toLowerCase().endsWith('.json')
    ? { url: sourceUrl, json: await fetchDocument(client, sourceUrl) }
    : await fromBaseUrl(client, sourceUrl);
  if (!isAggregator(start.json)) return { providers: [{ metadataUrl: start.url, metadata: parseProviderMetadata(start.json, start.url) }], problems: [] };

  const aggregator = AggregatorSchema.safeParse(start.json);
  if (!aggregator.success) throw new FeedError(`${start.url} is not a CSAF aggregator.json`, 'bad_document');
  const providers: Provider[] = [];
  const problems: FeedProblem[] = [];
  for (const listed of aggregator.data.csaf_providers.slice(0, maxProviders)) {
    const url = listed.metadata.url;
    try {
      const response = await client.get(url, ['application/json']);
      providers.push({ metadataUrl: url, metadata: parseProviderMetadata(parseJson(response.body, url), url) });
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      problems.push({ ref: url, message: `Provider listed by the aggregator is unusable: ${error.message}` });
    }
  }
  return { providers, problems };
}
