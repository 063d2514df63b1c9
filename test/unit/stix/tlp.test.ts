// TLP marking-definitions pinned against the published objects, the id → level mapping, and the
// marking-definition rules that stop forged TLP markings.
import { expect } from 'chai';
import {
  MarkingDefinitionLenientSchema,
  MarkingDefinitionSchema,
  OPENCTI_AMBER_STRICT_MARKING_ID,
  TLP1_MARKING_DEFINITIONS,
  TLP1_MARKING_IDS,
  TLP2_EXTENSION_DEFINITION,
  TLP2_EXTENSION_DEFINITION_ID,
  TLP2_MARKING_IDS,
  TLP_LEVELS,
  TLP_MARKING_DEFINITIONS,
  ExtensionDefinitionSchema,
  officialTlpMarking,
  tlpLevelFromMarkingId,
} from '../../../server/stix/index.js';
import { sid } from './fixtures.js';

const EXT = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

// Copied field for field from oasis-open/cti-stix-common-objects (objects/marking-definition/ and
// extension-definition-specifications/tlp-2.0/examples/, commits 216329ae, 34337924, 7b78aacc).
const OASIS_TLP2 = [
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', created: '2022-10-01T00:00:00.000Z', name: 'TLP:CLEAR', extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'clear' } } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', created: '2022-10-01T00:00:00.000Z', name: 'TLP:GREEN', extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'green' } } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', created: '2022-10-01T00:00:00.000Z', name: 'TLP:AMBER', extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'amber' } } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', created: '2022-10-01T00:00:00.000Z', name: 'TLP:AMBER+STRICT', extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'amber+strict' } } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', created: '2022-10-01T00:00:00.000Z', name: 'TLP:RED', extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'red' } } },
];

// STIX 2.1 §7.2.1.4 (also pinned by the OASIS marking-definition.json schema).
const SPEC_TLP1 = [
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:WHITE', definition: { tlp: 'white' } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:GREEN', definition: { tlp: 'green' } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:AMBER', definition: { tlp: 'amber' } },
  { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', created: '2017-01-20T00:00:00.000Z', definition_type: 'tlp', name: 'TLP:RED', definition: { tlp: 'red' } },
];

describe('stix TLP markings', () => {
  it('pins the five TLP 2.0 marking-definitions to the OASIS objects', () => {
    expect(TLP_LEVELS).to.deep.equal(['clear', 'green', 'amber', 'amber+strict', 'red']);
    expect(TLP_LEVELS.map((level) => TLP_MARKING_DEFINITIONS[level])).to.deep.equal(OASIS_TLP2);
    expect(TLP_LEVELS.map((level) => TLP2_MARKING_IDS[level])).to.deep.equal(OASIS_TLP2.map((m) => m.id));
    expect(TLP2_EXTENSION_DEFINITION_ID).to.equal(EXT);
  });

  it('pins the four TLP 1.0 objects predefined by STIX 2.1', () => {
    expect(Object.values(TLP1_MARKING_DEFINITIONS)).to.deep.equal(SPEC_TLP1);
    expect(Object.values(TLP1_MARKING_IDS)).to.deep.equal(SPEC_TLP1.map((m) => m.id));
  });

  it('pins the TLP 2.0 extension-definition, created by CISA', () => {
    expect(ExtensionDefinitionSchema.safeParse(TLP2_EXTENSION_DEFINITION).success).to.equal(true);
    expect(TLP2_EXTENSION_DEFINITION.created_by_ref).to.equal('identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01');
    expect(TLP2_EXTENSION_DEFINITION.extension_types).to.deep.equal(['property-extension']);
  });

  it('exports deeply frozen constants', () => {
    expect(Object.isFrozen(TLP_MARKING_DEFINITIONS.red)).to.equal(true);
    expect(Object.isFrozen(TLP_MARKING_DEFINITIONS.red.extensions?.[EXT])).to.equal(true);
  });

  it('every official object passes the strict schema', () => {
    for (const marking of [...OASIS_TLP2, ...SPEC_TLP1]) {
      expect(MarkingDefinitionSchema.safeParse(marking).success, marking.name).to.equal(true);
    }
  });

  it('maps TLP 2.0, TLP 1.0 and OpenCTI ids to levels', () => {
    for (const level of TLP_LEVELS) expect(tlpLevelFromMarkingId(TLP2_MARKING_IDS[level])).to.equal(level);
    expect(tlpLevelFromMarkingId(TLP1_MARKING_IDS.white)).to.equal('clear');
    expect(tlpLevelFromMarkingId(TLP1_MARKING_IDS.green)).to.equal('green');
    expect(tlpLevelFromMarkingId(TLP1_MARKING_IDS.amber)).to.equal('amber');
    expect(tlpLevelFromMarkingId(TLP1_MARKING_IDS.red)).to.equal('red');
    expect(tlpLevelFromMarkingId(OPENCTI_AMBER_STRICT_MARKING_ID)).to.equal('amber+strict');
    expect(OPENCTI_AMBER_STRICT_MARKING_ID).to.equal('marking-definition--826578e1-40ad-459f-bc73-ede076f81f37');
  });

  it('maps nothing else, including near misses', () => {
    expect(tlpLevelFromMarkingId('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec')).to.equal(undefined);
    expect(tlpLevelFromMarkingId(TLP2_MARKING_IDS.red.toUpperCase())).to.equal(undefined);
    expect(tlpLevelFromMarkingId('TLP:RED')).to.equal(undefined);
    expect(tlpLevelFromMarkingId(sid('marking-definition'))).to.equal(undefined);
    expect(officialTlpMarking(sid('marking-definition'))).to.equal(undefined);
  });
});

describe('stix marking-definition rules', () => {
  const red2 = OASIS_TLP2[4]!;
  const red1 = SPEC_TLP1[3]!;

  it('rejects an official TLP 2.0 id carrying another level or name', () => {
    const relabelled = { ...red2, name: 'TLP:CLEAR', extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'clear' } } };
    expect(MarkingDefinitionSchema.safeParse(relabelled).success).to.equal(false);
    expect(MarkingDefinitionLenientSchema.safeParse(relabelled).success).to.equal(false);
    expect(MarkingDefinitionSchema.safeParse({ ...red2, name: 'TLP:CLEAR' }).success).to.equal(false);
    const extra = { ...red2, extensions: { [EXT]: { extension_type: 'property-extension', tlp_2_0: 'red', note: 1 } } };
    expect(MarkingDefinitionSchema.safeParse(extra).success).to.equal(false);
  });

  it('rejects the TLP 2.0 extension on any other id', () => {
    expect(MarkingDefinitionSchema.safeParse({ ...red2, id: sid('marking-definition') }).success).to.equal(false);
  });

  it('reserves definition_type "tlp" for the four predefined objects, unchanged', () => {
    expect(MarkingDefinitionSchema.safeParse({ ...red1, id: sid('marking-definition') }).success).to.equal(false);
    expect(MarkingDefinitionSchema.safeParse({ ...red1, definition: { tlp: 'white' } }).success).to.equal(false);
    expect(MarkingDefinitionSchema.safeParse({ ...red1, created: '2020-01-01T00:00:00.000Z' }).success).to.equal(false);
    expect(MarkingDefinitionSchema.safeParse({ ...red1, definition_type: 'statement', definition: { statement: 'x' } }).success).to.equal(false);
  });

  it('accepts statements and custom definition types, and needs a definition without extensions', () => {
    const base = { type: 'marking-definition', spec_version: '2.1', id: sid('marking-definition'), created: '2024-01-01T00:00:00.000Z' };
    expect(MarkingDefinitionSchema.safeParse({ ...base, definition_type: 'statement', definition: { statement: 'Copyright' } }).success).to.equal(true);
    expect(MarkingDefinitionSchema.safeParse({ ...base, definition_type: 'statement', definition: { text: 'Copyright' } }).success).to.equal(false);
    expect(MarkingDefinitionSchema.safeParse({ ...base, definition_type: 'TLP', definition: { TLP: 'TLP:AMBER+STRICT' } }).success).to.equal(true);
    expect(MarkingDefinitionSchema.safeParse(base).success).to.equal(false);
    expect(MarkingDefinitionSchema.safeParse({ ...base, definition_type: 'statement' }).success).to.equal(false);
  });

  it('is not versioned: modified is not a marking-definition property', () => {
    expect(MarkingDefinitionSchema.safeParse({ ...red1, modified: red1.created }).success).to.equal(false);
  });
});
