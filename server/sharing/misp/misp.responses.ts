/**
 * The MISP feed's JSON as misp.feed.ts emits it (MISP feed format: manifest.json and `{"Event": …}`
 * per event), for the OpenAPI document and the client's generated types.
 */
import { z } from '../../platform/http/openapi-zod.js';

const MispOrgSchema = z.object({ name: z.string(), uuid: z.uuid() });
const MispTagSchema = z.object({ name: z.string().describe('`tlp:<level>`'), colour: z.string(), exportable: z.boolean() });
const MispTimestamp = z.string().describe('Unix seconds, as a string (MISP)');

export const MispAttributeSchema = z
  .object({
    uuid: z.uuid().describe("The indicator's STIX uuid"),
    type: z.string(),
    category: z.string(),
    value: z.string(),
    to_ids: z.boolean(),
    comment: z.string(),
    timestamp: MispTimestamp,
    distribution: z.string(),
    disable_correlation: z.boolean(),
    deleted: z.boolean(),
    Tag: z.array(MispTagSchema),
  })
  .openapi('MispAttribute');

export const MispEventSchema = z
  .object({
    uuid: z.uuid().describe("The package's STIX grouping uuid"),
    info: z.string(),
    date: z.string().describe('YYYY-MM-DD'),
    threat_level_id: z.string(),
    analysis: z.string(),
    distribution: z.string().describe('0 this organization, 1 this community, 3 all communities (from the TLP)'),
    published: z.boolean(),
    timestamp: MispTimestamp,
    publish_timestamp: MispTimestamp,
    Orgc: MispOrgSchema,
    Tag: z.array(MispTagSchema),
    Attribute: z.array(MispAttributeSchema),
  })
  .openapi('MispEvent');

export const MispEventFileSchema = z.object({ Event: MispEventSchema }).openapi('MispEventFile');

/** manifest.json: event uuid → the event's header. The keys are the events' uuids, hence a record. */
export const MispManifestSchema = z
  .record(
    z.uuid(),
    z.object({
      Orgc: MispOrgSchema,
      Tag: z.array(z.object({ name: z.string(), colour: z.string() })),
      info: z.string(),
      date: z.string(),
      analysis: z.string(),
      threat_level_id: z.string(),
      timestamp: MispTimestamp,
    }),
  )
  .openapi('MispManifest');
