// Bundles and the strict/lenient split (STYLE.md "Two strictness modes"): strict for what we
// emit, lenient for feeds, custom object types only in lenient mode, and parse helpers that
// return zod results instead of throwing.
import { expect } from 'chai';
import {
  BundleSchema,
  STIX_SCHEMAS,
  TLP_MARKING_DEFINITIONS,
  TLP2_MARKING_IDS,
  parseBundle,
  parseStixObject,
} from '../../../server/stix/index.js';
import { VALID, sid, uuid, variant } from './fixtures.js';

const BUNDLE_ID = sid('bundle');

function bundle(objects: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'bundle', id: BUNDLE_ID, objects, ...extra };
}

const xMitreTactic = {
  type: 'x-mitre-tactic',
  spec_version: '2.1',
  id: sid('x-mitre-tactic'),
  created: '2018-10-17T00:14:20.652Z',
  modified: '2022-04-25T14:00:00.188Z',
  name: 'Collection',
  x_mitre_shortname: 'collection',
};

const extensionDefined = {
  type: 'lagebild-widget',
  spec_version: '2.1',
  id: sid('lagebild-widget'),
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  colour: 'blue',
  extensions: { [`extension-definition--${uuid(77)}`]: { extension_type: 'new-sdo' } },
};

describe('stix bundles', () => {
  it('registers a strict and a lenient schema for every modelled type', () => {
    const strict = [...STIX_SCHEMAS.values()].filter((entry) => entry.strict !== undefined).length;
    expect(strict).to.equal(35);
    expect(STIX_SCHEMAS.get('mutex')?.strict).to.equal(undefined);
    expect(STIX_SCHEMAS.get('mutex')?.lenient).not.to.equal(undefined);
    expect(STIX_SCHEMAS.has('bundle')).to.equal(false);
  });

  it('parses a strict bundle of every modelled type', () => {
    const result = parseBundle(bundle(Object.values(VALID)), { mode: 'strict' });
    expect(result.success, JSON.stringify(result.error?.issues)).to.equal(true);
    expect(result.data?.objects).to.have.length(Object.keys(VALID).length);
  });

  it('accepts JSON text and reports invalid JSON without echoing it', () => {
    expect(parseBundle(JSON.stringify(bundle([VALID.indicator])), { mode: 'lenient' }).success).to.equal(true);
    const broken = parseBundle('{"type": "bundle", "secret-indicator', { mode: 'strict' });
    expect(broken.success).to.equal(false);
    expect(broken.error?.issues[0]?.message).to.equal('Bundle is not valid JSON');
    expect(JSON.stringify(broken.error?.issues)).not.to.include('secret');
  });

  it('reports each problem with its path into objects', () => {
    const result = parseBundle(bundle([VALID.indicator, variant('report', { name: undefined }), variant('indicator', { pattern: '[x' })]), { mode: 'lenient' });
    expect(result.success).to.equal(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).to.include('objects.1.name');
    expect(paths).to.include('objects.2.pattern');
  });

  it('strict mode rejects custom objects, x_ properties and bundle-level extras', () => {
    expect(parseBundle(bundle([xMitreTactic]), { mode: 'strict' }).success).to.equal(false);
    expect(parseBundle(bundle([variant('tool', { x_mitre_version: '1.0' })]), { mode: 'strict' }).success).to.equal(false);
    expect(parseBundle(bundle([VALID.tool], { spec_version: '2.1' }), { mode: 'strict' }).success).to.equal(false);
    expect(parseBundle(bundle([]), { mode: 'strict' }).success).to.equal(false);
    const unknown = parseStixObject({ ...xMitreTactic }, { mode: 'strict' });
    expect(unknown.error?.issues[0]?.message).to.match(/Unknown or unsupported STIX type/);
  });

  it('lenient mode keeps x- objects and x_ properties, drops unknown properties and bundle extras', () => {
    const input = bundle([xMitreTactic, variant('tool', { x_mitre_version: '1.0', colour: 'blue' })], { spec_version: '2.1', x_feed: 'attack' });
    const result = parseBundle(input, { mode: 'lenient' });
    expect(result.success, JSON.stringify(result.error?.issues)).to.equal(true);
    expect(result.data?.objects?.[0]).to.deep.equal(xMitreTactic);
    expect(result.data?.objects?.[1]).to.deep.include({ x_mitre_version: '1.0' }).and.not.have.property('colour');
    expect(result.data).to.have.property('x_feed', 'attack');
    expect(result.data).not.to.have.property('spec_version');
    expect(parseBundle(bundle([]), { mode: 'lenient' }).success).to.equal(true);
  });

  it('lenient mode keeps extension-defined object types, optionally only registered ones', () => {
    expect(parseStixObject(extensionDefined, { mode: 'lenient' }).data).to.deep.equal(extensionDefined);
    const registered = new Set([`extension-definition--${uuid(77)}`]);
    expect(parseStixObject(extensionDefined, { mode: 'lenient', registeredExtensions: registered }).success).to.equal(true);
    const other = parseStixObject(extensionDefined, { mode: 'lenient', registeredExtensions: new Set([sid('extension-definition', 5)]) });
    expect(other.error?.issues[0]?.message).to.match(/extension-definition is not registered/);
    expect(parseBundle(bundle([extensionDefined]), { mode: 'lenient', registeredExtensions: new Set() }).success).to.equal(false);
  });

  it('keeps extensions in both modes, and toplevel-extension properties in lenient mode', () => {
    const ext = `extension-definition--${uuid(88)}`;
    const property = variant('tool', { extensions: { [ext]: { extension_type: 'property-extension', rank: 3 } } });
    expect(parseStixObject(property, { mode: 'strict' }).data).to.deep.equal(property);
    expect(parseStixObject(property, { mode: 'lenient' }).data).to.deep.equal(property);
    const toplevel = variant('tool', { extensions: { [ext]: { extension_type: 'toplevel-property-extension' } }, toolkit_rank: 3 });
    expect(parseStixObject(toplevel, { mode: 'strict' }).success).to.equal(false);
    expect(parseStixObject(toplevel, { mode: 'lenient' }).data).to.deep.include({ toolkit_rank: 3 });
  });

  it('lenient mode rejects other unknown types clearly', () => {
    const result = parseStixObject({ type: 'widget', spec_version: '2.1', id: sid('widget'), created: '2024-01-01T00:00:00Z', modified: '2024-01-01T00:00:00Z' }, { mode: 'lenient' });
    expect(result.success).to.equal(false);
    expect(result.error?.issues[0]?.message).to.equal('Unknown STIX type "widget": it is neither x- prefixed nor defined by an extension');
  });

  it('lenient mode still validates custom objects’ common properties', () => {
    expect(parseStixObject({ ...xMitreTactic, id: sid('x-mitre-matrix') }, { mode: 'lenient' }).success).to.equal(false);
    expect(parseStixObject({ ...xMitreTactic, modified: '2001-01-01T00:00:00Z' }, { mode: 'lenient' }).success).to.equal(false);
    expect(parseStixObject({ ...xMitreTactic, spec_version: undefined }, { mode: 'lenient' }).success).to.equal(false);
    expect(parseStixObject({ ...xMitreTactic, object_marking_refs: [sid('identity')] }, { mode: 'lenient' }).success).to.equal(false);
    expect(parseStixObject({ type: 'x-thing', id: sid('x-thing'), value: 1 }, { mode: 'lenient' }).success).to.equal(true);
    expect(parseStixObject({ type: 'X-Thing', id: sid('X-Thing') }, { mode: 'lenient' }).success).to.equal(false);
  });

  it('rejects non-objects and objects without a type in both modes', () => {
    for (const input of [null, 42, 'indicator', [], {}, { type: 7 }, { id: sid('indicator') }]) {
      expect(parseStixObject(input, { mode: 'strict' }).success, JSON.stringify(input)).to.equal(false);
      expect(parseStixObject(input, { mode: 'lenient' }).success, JSON.stringify(input)).to.equal(false);
    }
  });

  it('a strict bundle must carry the TLP 2.0 markings its objects reference', () => {
    const marked = variant('report', { object_marking_refs: [TLP2_MARKING_IDS.amber] });
    const missing = BundleSchema.safeParse(bundle([marked]));
    expect(missing.success).to.equal(false);
    expect(missing.error?.issues[0]?.message).to.match(/TLP 2.0\) must be included in the bundle/);
    expect(BundleSchema.safeParse(bundle([marked, TLP_MARKING_DEFINITIONS.amber])).success).to.equal(true);
    expect(parseBundle(bundle([marked]), { mode: 'lenient' }).success).to.equal(true);
  });

  it('a bundle needs type bundle and a bundle id', () => {
    expect(parseBundle({ ...bundle([VALID.tool]), type: 'report' }, { mode: 'lenient' }).success).to.equal(false);
    expect(parseBundle({ ...bundle([VALID.tool]), id: sid('report') }, { mode: 'lenient' }).success).to.equal(false);
  });
});
