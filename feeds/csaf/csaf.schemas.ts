/**
 * zod schemas for what the CSAF 2.0 provider consumer reads (OASIS CSAF 2.0, §3 document, §7.1
 * distribution): provider-metadata.json (§7.1.20), aggregator.json (§7.1.21), ROLIE feeds
 * (§7.1.16, RFC 8322 JSON) and the parts of a CSAF document the mapping uses.
 *
 * The document schema here is deliberately lenient (loose objects, only the fields we map): the
 * full schema and the mandatory tests run through @secvisogram/csaf-validator-lib before mapping
 * (`csaf.verify.ts`), so this schema only gives the mapping typed access.
 */
import { z } from 'zod';

const Text = z.string().max(200_000);
const ShortText = z.string().max(2_000);

/** `public_openpgp_keys[]` entry: the key's URL and its fingerprint (≥ 40 hex digits). */
export const OpenPgpKeyRefSchema = z.looseObject({ url: z.string().max(2048), fingerprint: z.string().max(200).optional() });

export const RolieFeedRefSchema = z.looseObject({
  url: z.string().max(2048),
  tlp_label: z.string().max(40),
  summary: ShortText.optional(),
});

export const DistributionSchema = z.looseObject({
  directory_url: z.string().max(2048).optional(),
  rolie: z.looseObject({ feeds: z.array(RolieFeedRefSchema).max(100) }).optional(),
});

/** provider-metadata.json (CSAF 2.0 §7.1.20, required fields only checked where we use them). */
export const ProviderMetadataSchema = z.looseObject({
  canonical_url: z.string().max(2048),
  metadata_version: z.string().max(20).optional(),
  role: z.string().max(60).optional(),
  publisher: z.looseObject({ name: ShortText.optional(), namespace: z.string().max(2048).optional() }).optional(),
  distributions: z.array(DistributionSchema).max(100).default([]),
  public_openpgp_keys: z.array(OpenPgpKeyRefSchema).max(100).default([]),
});
export type ProviderMetadata = z.output<typeof ProviderMetadataSchema>;

/** aggregator.json (CSAF 2.0 §7.1.21): lister or aggregator with the providers it lists. */
export const AggregatorSchema = z.looseObject({
  aggregator: z.looseObject({ category: z.string().max(40), name: ShortText.optional() }),
  csaf_providers: z
    .array(
      z.looseObject({
        metadata: z.looseObject({ url: z.string().max(2048) }),
        mirrors: z.array(z.string().max(2048)).max(20).optional(),
      }),
    )
    .max(10_000)
    .default([]),
});
export type Aggregator = z.output<typeof AggregatorSchema>;

const RolieLinkSchema = z.looseObject({ rel: z.string().max(100), href: z.string().max(2048) });

/** A ROLIE feed entry (RFC 8322 §6, CSAF 2.0 §7.1.16). */
export const RolieEntrySchema = z.looseObject({
  id: z.string().max(1000).optional(),
  updated: z.string().max(60),
  link: z.array(RolieLinkSchema).max(50).default([]),
  content: z.looseObject({ src: z.string().max(2048), type: z.string().max(200).optional() }).optional(),
});
export type RolieEntry = z.output<typeof RolieEntrySchema>;

export const RolieFeedSchema = z.looseObject({
  feed: z.looseObject({
    id: z.string().max(1000).optional(),
    updated: z.string().max(60).optional(),
    entry: z.array(RolieEntrySchema).max(1_000_000).default([]),
  }),
});

const NoteSchema = z.looseObject({ category: z.string().max(60), text: Text, title: ShortText.optional() });
const ReferenceSchema = z.looseObject({ url: z.string().max(2048), category: z.string().max(60).optional(), summary: Text.optional() });

const ProductSchema = z.looseObject({
  name: ShortText,
  product_id: z.string().max(1000),
  product_identification_helper: z.looseObject({ cpe: z.string().max(2048).optional(), purl: z.string().max(2048).optional() }).optional(),
});
export type CsafProduct = z.output<typeof ProductSchema>;

export type CsafBranch = {
  category: string;
  name: string;
  product?: CsafProduct | undefined;
  branches?: CsafBranch[] | undefined;
};

// Branches nest; the validator has already bounded the depth (schema) before we map.
export const BranchSchema: z.ZodType<CsafBranch> = z.lazy(() =>
  z.looseObject({
    category: z.string().max(60),
    name: ShortText,
    product: ProductSchema.optional(),
    branches: z.array(BranchSchema).max(100_000).optional(),
  }),
);

const ProductStatusSchema = z.looseObject({
  first_affected: z.array(z.string().max(1000)).optional(),
  known_affected: z.array(z.string().max(1000)).optional(),
  last_affected: z.array(z.string().max(1000)).optional(),
  under_investigation: z.array(z.string().max(1000)).optional(),
  fixed: z.array(z.string().max(1000)).optional(),
  first_fixed: z.array(z.string().max(1000)).optional(),
  known_not_affected: z.array(z.string().max(1000)).optional(),
});

const CvssSchema = z.looseObject({ vectorString: z.string().max(300), baseScore: z.number().min(0).max(10).optional() });

export const VulnerabilitySchema = z.looseObject({
  cve: z.string().max(100).optional(),
  title: ShortText.optional(),
  notes: z.array(NoteSchema).max(1_000).optional(),
  references: z.array(ReferenceSchema).max(5_000).optional(),
  product_status: ProductStatusSchema.optional(),
  scores: z.array(z.looseObject({ cvss_v3: CvssSchema.optional(), cvss_v2: CvssSchema.optional() })).max(10_000).optional(),
  remediations: z.array(z.looseObject({ category: z.string().max(60), details: Text, product_ids: z.array(z.string()).optional() })).max(10_000).optional(),
});

/** The parts of a CSAF 2.0 (and 2.1) document the mapping reads. */
export const CsafDocumentSchema = z.looseObject({
  document: z.looseObject({
    category: z.string().max(200),
    csaf_version: z.string().max(10),
    title: ShortText,
    lang: z.string().max(40).optional(),
    publisher: z.looseObject({ name: ShortText, namespace: z.string().max(2048) }),
    aggregate_severity: z.looseObject({ text: z.string().max(200) }).optional(),
    distribution: z.looseObject({ tlp: z.looseObject({ label: z.string().max(40) }).optional() }).optional(),
    notes: z.array(NoteSchema).max(1_000).optional(),
    references: z.array(ReferenceSchema).max(5_000).optional(),
    tracking: z.looseObject({
      id: z.string().min(1).max(500),
      version: z.string().min(1).max(100),
      status: z.string().max(40).optional(),
      initial_release_date: z.string().max(60),
      current_release_date: z.string().max(60),
      revision_history: z.array(z.looseObject({ number: z.string().max(100), date: z.string().max(60), summary: Text.optional() })).max(10_000).optional(),
    }),
  }),
  product_tree: z
    .looseObject({
      branches: z.array(BranchSchema).max(100_000).optional(),
      full_product_names: z.array(ProductSchema).max(100_000).optional(),
      relationships: z
        .array(
          z.looseObject({
            product_reference: z.string().max(1000),
            relates_to_product_reference: z.string().max(1000),
            full_product_name: ProductSchema,
          }),
        )
        .max(100_000)
        .optional(),
    })
    .optional(),
  vulnerabilities: z.array(VulnerabilitySchema).max(100_000).optional(),
});
export type CsafDocument = z.output<typeof CsafDocumentSchema>;
export type CsafVulnerability = z.output<typeof VulnerabilitySchema>;
