import { expect } from 'chai';
import { buildOpenApiDocument } from '../../../scripts/api-types.js';

// Every success response of the API is typed in the OpenAPI document, so the client's generated
// types (client/src/lib/api-types.ts) describe what it really receives. An untyped record, an empty
// schema or a JSON response without a schema would type the answer as `Record<string, unknown>`.
// Files (PDF, CSV, XML, text, NDJSON, octet-stream) have no JSON schema; an object whose keys are
// open by design says so with `x-free-form` (freeForm() in server/platform/http/openapi-zod.ts).

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  'x-free-form'?: boolean;
  [key: string]: unknown;
};
type Response = { description: string; content?: Record<string, { schema?: Schema }> };
type Document = { paths: Record<string, Record<string, { responses?: Record<string, Response> }>>; components?: { schemas?: Record<string, Schema> } };

const FILE_MEDIA_TYPES = /^(application\/(pdf|octet-stream|x-ndjson|samlmetadata\+xml|xml)|text\/(csv|plain|calendar|xml|dns))$/;
const DESCRIPTIVE_KEYS = new Set(['description', 'title', 'example', 'examples', 'deprecated', 'readOnly', 'writeOnly']);

/** Where in the schema something is untyped (empty list: fully typed). */
export function untypedPlaces(schema: Schema | undefined, components: Record<string, Schema>, at = '$', seen = new Set<string>()): string[] {
  if (!schema) return [`${at}: no schema`];
  if (schema.$ref) {
    const name = schema.$ref.split('/').at(-1)!;
    if (seen.has(name)) return [];
    return untypedPlaces(components[name], components, at, new Set([...seen, name]));
  }
  if (schema['x-free-form'] === true) return [];
  if (Object.keys(schema).every((key) => DESCRIPTIVE_KEYS.has(key))) return [`${at}: any value`];
  const places: string[] = [];
  const open = schema.additionalProperties === true || (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties).every((key) => DESCRIPTIVE_KEYS.has(key)));
  const declared = Object.keys(schema.properties ?? {}).length > 0;
  if (!declared && (open || (schema.type === 'object' && schema.additionalProperties === undefined))) places.push(`${at}: object without properties`);
  for (const [name, property] of Object.entries(schema.properties ?? {})) places.push(...untypedPlaces(property, components, `${at}.${name}`, seen));
  if (typeof schema.additionalProperties === 'object' && !open) places.push(...untypedPlaces(schema.additionalProperties, components, `${at}{*}`, seen));
  if (schema.items) places.push(...untypedPlaces(schema.items, components, `${at}[]`, seen));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) schema[key]?.forEach((part, index) => places.push(...untypedPlaces(part, components, `${at}|${key}[${index}]`, seen)));
  return places;
}

describe('OpenAPI document: typed success responses', function () {
  this.timeout(60_000);
  let document: Document;
  before(async () => {
    document = (await buildOpenApiDocument()) as Document;
  });

  it('types every success response of every route', () => {
    const components = document.components?.schemas ?? {};
    const untyped: string[] = [];
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (!/^2\d\d$/.test(status)) continue;
          const route = `${method.toUpperCase()} ${path} ${status}`;
          // 202/204 answer without a body; any other success carries one and must say what it is.
          if (!response.content) {
            if (status !== '204' && status !== '202') untyped.push(`${route}: no content declared`);
            continue;
          }
          for (const [mediaType, content] of Object.entries(response.content)) {
            checked += 1;
            if (FILE_MEDIA_TYPES.test(mediaType)) continue;
            for (const place of untypedPlaces(content.schema, components)) untyped.push(`${route} ${mediaType} ${place}`);
          }
        }
      }
    }
    expect(checked).to.be.greaterThan(100);
    expect(untyped, `untyped success responses:\n${untyped.join('\n')}`).to.deep.equal([]);
  });

  it('recognizes an untyped record, an empty schema and a free-form mark', () => {
    const components = { Loose: { type: 'object', additionalProperties: {} }, Typed: { type: 'object', properties: { id: { type: 'string' } } } };
    expect(untypedPlaces({ $ref: '#/components/schemas/Loose' }, components)).to.deep.equal(['$: object without properties']);
    expect(untypedPlaces({ type: 'object', properties: { items: { type: 'array', items: {} } } }, components)).to.deep.equal(['$.items[]: any value']);
    expect(untypedPlaces({ type: 'object', properties: { a: { $ref: '#/components/schemas/Typed' }, counts: { type: 'object', additionalProperties: { type: 'integer' } } } }, components)).to.deep.equal([]);
    expect(untypedPlaces({ type: 'object', additionalProperties: {}, 'x-free-form': true }, components)).to.deep.equal([]);
  });
});
