/**
 * provider-metadata.json as csaf.provider.ts emits it, for the OpenAPI document (and the client's
 * generated types): the CSAF 2.0 provider_metadata fields (spec §7.1.7) Lagebild fills in.
 */
import { z } from '../../platform/http/openapi-zod.js';

export const CsafProviderMetadataSchema = z
  .object({
    canonical_url: z.string().describe('URL of this provider-metadata.json'),
    distributions: z.array(
      z.object({
        directory_url: z.string(),
        rolie: z.object({ feeds: z.array(z.object({ summary: z.string(), tlp_label: z.enum(['WHITE', 'GREEN', 'AMBER', 'RED']), url: z.string() })) }),
      }),
    ),
    last_updated: z.string().describe('When the newest WHITE document changed'),
    list_on_CSAF_aggregators: z.boolean(),
    metadata_version: z.literal('2.0'),
    mirror_on_CSAF_aggregators: z.boolean(),
    public_openpgp_keys: z.array(z.object({ fingerprint: z.string(), url: z.string() })),
    publisher: z.object({ category: z.literal('coordinator'), name: z.string(), namespace: z.string(), contact_details: z.string(), issuing_authority: z.string() }),
    role: z.literal('csaf_trusted_provider'),
  })
  .openapi('CsafProviderMetadata');
