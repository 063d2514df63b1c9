/**
 * Traffic Light Protocol markings as STIX 2.1 marking-definitions (FORMATS.md "TLP markings as
 * STIX 2.1 marking-definitions").
 *
 * - TLP 2.0 is not predefined by STIX 2.1; OASIS publishes it in cti-stix-common-objects as five
 *   marking-definitions using the property extension
 *   `extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`. The objects below copy
 *   `objects/marking-definition/*.json` and `extension-definition-specifications/tlp-2.0/examples`
 *   field for field. The published marking objects carry no `created_by_ref`; CISA's identity
 *   (`identity--b3bca3c2-…`) is the `created_by_ref` of the extension-definition only.
 * - TLP 1.0 (WHITE, GREEN, AMBER, RED) is predefined in STIX 2.1 (§7.2.1.4,
 *   `definition_type: "tlp"`).
 *
 * This file maps ids to levels; ordering, comparison and access decisions live in
 * `server/access/`, the only place that decides who sees what.
 */
import type { MarkingDefinition } from './marking-definition.js';

/** TLP 2.0 levels, from least to most restrictive. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** The OASIS TLP 2.0 extension-definition id. */
export const TLP2_EXTENSION_DEFINITION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** CISA's identity, creator of the TLP 2.0 extension-definition. */
export const TLP2_EXTENSION_CREATOR_ID = 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01';

/** The OASIS TLP 2.0 marking-definition ids (created 2022-10-01). */
export const TLP2_MARKING_IDS = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
} as const satisfies Record<TlpLevel, string>;

/** The four TLP 1.0 marking-definition ids predefined by STIX 2.1 (§7.2.1.4). */
export const TLP1_MARKING_IDS = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
} as const;
export type Tlp1Color = keyof typeof TLP1_MARKING_IDS;

/** OpenCTI's own TLP:AMBER+STRICT marking (TLP 1.0 had no AMBER+STRICT), accepted on ingest. */
export const OPENCTI_AMBER_STRICT_MARKING_ID = 'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37';

const TLP2_NAMES: Readonly<Record<TlpLevel, string>> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  'amber+strict': 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

const TLP1_TO_LEVEL: Readonly<Record<Tlp1Color, TlpLevel>> = { white: 'clear', green: 'green', amber: 'amber', red: 'red' };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function tlp2Marking(level: TlpLevel): MarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: TLP2_NAMES[level],
    extensions: {
      [TLP2_EXTENSION_DEFINITION_ID]: { extension_type: 'property-extension', tlp_2_0: level },
    },
  };
}

function tlp1Marking(color: Tlp1Color): MarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP1_MARKING_IDS[color],
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${color.toUpperCase()}`,
    definition: { tlp: color },
  };
}

/** The five OASIS TLP 2.0 marking-definition objects, by level (deeply frozen). */
export const TLP_MARKING_DEFINITIONS: Readonly<Record<TlpLevel, MarkingDefinition>> = deepFreeze({
  clear: tlp2Marking('clear'),
  green: tlp2Marking('green'),
  amber: tlp2Marking('amber'),
  'amber+strict': tlp2Marking('amber+strict'),
  red: tlp2Marking('red'),
});

/** The four STIX 2.1 predefined TLP 1.0 marking-definition objects, by colour (deeply frozen). */
export const TLP1_MARKING_DEFINITIONS: Readonly<Record<Tlp1Color, MarkingDefinition>> = deepFreeze({
  white: tlp1Marking('white'),
  green: tlp1Marking('green'),
  amber: tlp1Marking('amber'),
  red: tlp1Marking('red'),
});

/** The OASIS TLP 2.0 extension-definition object (cti-stix-common-objects). */
export const TLP2_EXTENSION_DEFINITION = deepFreeze({
  id: TLP2_EXTENSION_DEFINITION_ID,
  type: 'extension-definition',
  spec_version: '2.1',
  name: 'TLP 2.0',
  description: 'This defines TLP 2.0 as a STIX extension',
  created: '2022-10-01T00:00:00.000Z',
  modified: '2022-10-01T00:00:00.000Z',
  created_by_ref: TLP2_EXTENSION_CREATOR_ID,
  schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0',
  version: '1.0.0',
  extension_types: ['property-extension'],
} as const);

const LEVEL_BY_MARKING_ID: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  ...TLP_LEVELS.map((level): [string, TlpLevel] => [TLP2_MARKING_IDS[level], level]),
  ...(Object.keys(TLP1_MARKING_IDS) as Tlp1Color[]).map((c): [string, TlpLevel] => [TLP1_MARKING_IDS[c], TLP1_TO_LEVEL[c]]),
  [OPENCTI_AMBER_STRICT_MARKING_ID, 'amber+strict'],
]);

/**
 * The TLP level a marking-definition id stands for: the TLP 2.0 ids, the TLP 1.0 ids (WHITE →
 * clear) and OpenCTI's AMBER+STRICT id. `undefined` for any other marking (statements, PAP, …).
 */
export function tlpLevelFromMarkingId(id: string): TlpLevel | undefined {
  return LEVEL_BY_MARKING_ID.get(id);
}

/** The official marking-definition object for a TLP 1.0 or TLP 2.0 id, if it is one. */
export function officialTlpMarking(id: string): MarkingDefinition | undefined {
  const all = [...Object.values(TLP_MARKING_DEFINITIONS), ...Object.values(TLP1_MARKING_DEFINITIONS)];
  return all.find((marking) => marking.id === id);
}
