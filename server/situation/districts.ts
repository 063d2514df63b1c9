/**
 * Thuringia's 17 Landkreise and 5 kreisfreie Städte (since 2024; Eisenach belongs to the
 * Wartburgkreis since 2021) with their Kreisschlüssel, and their place on a schematic tile map:
 * columns west → east, rows north → south, roughly where each lies. A tile map needs no geodata and
 * gives every district the same size, so a small district with many exposures is not overlooked.
 */
export type DistrictKind = 'landkreis' | 'kreisfreie_stadt';
export type ThuringianDistrict = { key: string; name: string; short: string; kind: DistrictKind; col: number; row: number };

export const THURINGIAN_DISTRICTS: readonly ThuringianDistrict[] = [
  { key: '16061', name: 'Landkreis Eichsfeld', short: 'EIC', kind: 'landkreis', col: 1, row: 0 },
  { key: '16062', name: 'Landkreis Nordhausen', short: 'NDH', kind: 'landkreis', col: 2, row: 0 },
  { key: '16065', name: 'Kyffhäuserkreis', short: 'KYF', kind: 'landkreis', col: 3, row: 0 },
  { key: '16064', name: 'Unstrut-Hainich-Kreis', short: 'UH', kind: 'landkreis', col: 1, row: 1 },
  { key: '16068', name: 'Landkreis Sömmerda', short: 'SÖM', kind: 'landkreis', col: 2, row: 1 },
  { key: '16071', name: 'Landkreis Weimarer Land', short: 'AP', kind: 'landkreis', col: 3, row: 1 },
  { key: '16063', name: 'Wartburgkreis', short: 'WAK', kind: 'landkreis', col: 0, row: 2 },
  { key: '16067', name: 'Landkreis Gotha', short: 'GTH', kind: 'landkreis', col: 1, row: 2 },
  { key: '16051', name: 'Erfurt', short: 'EF', kind: 'kreisfreie_stadt', col: 2, row: 2 },
  { key: '16055', name: 'Weimar', short: 'WE', kind: 'kreisfreie_stadt', col: 3, row: 2 },
  { key: '16053', name: 'Jena', short: 'J', kind: 'kreisfreie_stadt', col: 4, row: 2 },
  { key: '16052', name: 'Gera', short: 'G', kind: 'kreisfreie_stadt', col: 5, row: 2 },
  { key: '16077', name: 'Landkreis Altenburger Land', short: 'ABG', kind: 'landkreis', col: 6, row: 2 },
  { key: '16066', name: 'Landkreis Schmalkalden-Meiningen', short: 'SM', kind: 'landkreis', col: 0, row: 3 },
  { key: '16070', name: 'Ilm-Kreis', short: 'IK', kind: 'landkreis', col: 1, row: 3 },
  { key: '16073', name: 'Landkreis Saalfeld-Rudolstadt', short: 'SLF', kind: 'landkreis', col: 2, row: 3 },
  { key: '16074', name: 'Saale-Holzland-Kreis', short: 'SHK', kind: 'landkreis', col: 4, row: 3 },
  { key: '16076', name: 'Landkreis Greiz', short: 'GRZ', kind: 'landkreis', col: 5, row: 3 },
  { key: '16054', name: 'Suhl', short: 'SHL', kind: 'kreisfreie_stadt', col: 0, row: 4 },
  { key: '16069', name: 'Landkreis Hildburghausen', short: 'HBN', kind: 'landkreis', col: 1, row: 4 },
  { key: '16072', name: 'Landkreis Sonneberg', short: 'SON', kind: 'landkreis', col: 2, row: 4 },
  { key: '16075', name: 'Saale-Orla-Kreis', short: 'SOK', kind: 'landkreis', col: 3, row: 4 },
];

/** An organization as the district lookup needs it. */
export type LocatedOrganization = { id: string; kind: string; parentId: string | null; ags: string | null; districtKey: string | null };

/**
 * The Kreisschlüssel an organization belongs to: its own AGS (a district, a kreisfreie Stadt or a
 * Gemeinde carries it in its first five digits), else its recorded seat (`district_key`, for a
 * utility), else that of its nearest ancestor. Null when none says where it is.
 */
export function districtKeyOf(org: LocatedOrganization, byId: ReadonlyMap<string, LocatedOrganization>): string | null {
  let current: LocatedOrganization | undefined = org;
  for (let depth = 0; current && depth < 10; depth += 1) {
    if (current.ags?.startsWith('16')) return current.ags.slice(0, 5);
    if (current.districtKey) return current.districtKey;
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return null;
}

const BY_KEY = new Map(THURINGIAN_DISTRICTS.map((district) => [district.key, district]));

/** The district of a Kreisschlüssel, when it is Thuringian. */
export function thuringianDistrict(key: string | null): ThuringianDistrict | undefined {
  return key ? BY_KEY.get(key) : undefined;
}
