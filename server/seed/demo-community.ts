import type { Contact, Nis2EntityType, OrganizationKind, Sector } from '../organizations/organizations.schemas.js';
import type { Role } from '../users/users.schemas.js';

export type DemoOrganization = {
  key: string;
  name: string;
  shortName?: string;
  kind: OrganizationKind;
  sector?: Sector;
  parent?: string;
  /** Real Amtlicher Gemeindeschlüssel of the Thuringian district, city or municipality. */
  ags?: string;
  /** Kreisschlüssel of the district an organization without AGS sits in (places it on the situation map). */
  districtKey?: string;
  contacts: Contact[];
  nis2EntityType?: Nis2EntityType;
  kritisOperator?: boolean;
  registeredDomains?: string[];
  emailDomains?: string[];
  ipRanges?: string[];
};

export type DemoUser = { email: string; name: string; role: Role; organization: string; locale?: 'de' | 'en' };

export type DemoSharingGroup = { name: string; description: string; members: string[] };

function contacts(domain: string, primary: string, secondary: string): Contact[] {
  return [
    { role: 'primary', name: primary, email: `it@${domain}` },
    { role: 'secondary', name: secondary, email: `bereitschaft@${domain}` },
  ];
}

/**
 * The demo community of DESIGN.md: real Thuringian districts, cities and municipalities with their
 * official AGS keys; the utilities, the savings bank and the hospital are fictional.
 */
export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { key: 'cert', name: 'CERT-Thüringen', shortName: 'CERT-TH', kind: 'cert', sector: 'public_administration', contacts: [{ role: 'primary', name: 'CERT-Thüringen Lagezentrum (TLRZ)', email: 'cert@lagebild.test' }, { role: 'emergency', name: 'CERT-Rufbereitschaft', email: 'rufbereitschaft@lagebild.test' }] },
  { key: 'tlvwa', name: 'Thüringer Landesverwaltungsamt', shortName: 'TLVwA', kind: 'state_agency', sector: 'public_administration', districtKey: '16055', contacts: contacts('tlvwa.lagebild.test', 'IT-Sicherheitsbeauftragte', 'IT-Bereitschaft') },
  { key: 'kiv', name: 'KIV Thüringen GmbH', shortName: 'KIV', kind: 'it_provider', sector: 'digital_infrastructure', districtKey: '16063', nis2EntityType: 'important', registeredDomains: ['kiv.lagebild.test'], emailDomains: ['kiv.lagebild.test'], contacts: contacts('kiv.lagebild.test', 'Security Operations', 'Rufbereitschaft Rechenzentrum') },
  { key: 'lk-gotha', name: 'Landkreis Gotha', kind: 'district', sector: 'public_administration', ags: '16067000', contacts: contacts('lk-gotha.lagebild.test', 'Informationssicherheitsbeauftragter', 'IT-Leitung') },
  { key: 'gotha', name: 'Stadt Gotha', kind: 'municipality', sector: 'public_administration', parent: 'lk-gotha', ags: '16067029', contacts: contacts('gotha.lagebild.test', 'IT-Abteilung', 'Hauptamt') },
  { key: 'waltershausen', name: 'Stadt Waltershausen', kind: 'municipality', sector: 'public_administration', parent: 'lk-gotha', ags: '16067072', contacts: contacts('waltershausen.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'ohrdruf', name: 'Stadt Ohrdruf', kind: 'municipality', sector: 'public_administration', parent: 'lk-gotha', ags: '16067053', contacts: contacts('ohrdruf.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'friedrichroda', name: 'Stadt Friedrichroda', kind: 'municipality', sector: 'public_administration', parent: 'lk-gotha', ags: '16067019', contacts: contacts('friedrichroda.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'shk', name: 'Saale-Holzland-Kreis', kind: 'district', sector: 'public_administration', ags: '16074000', contacts: contacts('shk.lagebild.test', 'Informationssicherheitsbeauftragte', 'IT-Leitung') },
  { key: 'eisenberg', name: 'Stadt Eisenberg', kind: 'municipality', sector: 'public_administration', parent: 'shk', ags: '16074018', contacts: contacts('eisenberg.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'hermsdorf', name: 'Stadt Hermsdorf', kind: 'municipality', sector: 'public_administration', parent: 'shk', ags: '16074041', contacts: contacts('hermsdorf.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'stadtroda', name: 'Stadt Stadtroda', kind: 'municipality', sector: 'public_administration', parent: 'shk', ags: '16074094', contacts: contacts('stadtroda.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'kahla', name: 'Stadt Kahla', kind: 'municipality', sector: 'public_administration', parent: 'shk', ags: '16074044', contacts: contacts('kahla.lagebild.test', 'IT-Administration', 'Hauptamt') },
  { key: 'erfurt', name: 'Stadt Erfurt', kind: 'city', sector: 'public_administration', ags: '16051000', contacts: contacts('erfurt.lagebild.test', 'Amt für Informationsverarbeitung', 'IT-Rufbereitschaft') },
  { key: 'jena', name: 'Stadt Jena', kind: 'city', sector: 'public_administration', ags: '16053000', contacts: contacts('jena.lagebild.test', 'Fachdienst IT', 'IT-Rufbereitschaft') },
  { key: 'swnt', name: 'Stadtwerke Nordthüringen GmbH', shortName: 'SWNT', kind: 'kritis_operator', sector: 'energy', districtKey: '16062', nis2EntityType: 'essential', kritisOperator: true, registeredDomains: ['swnt.lagebild.test', 'stadtwerke-nordthueringen.lagebild.test'], emailDomains: ['swnt.lagebild.test'], ipRanges: ['10.20.0.0/16', '2001:db8:20::/48'], contacts: [{ role: 'primary', name: 'SOC Stadtwerke Nordthüringen', email: 'soc@swnt.lagebild.test' }, { role: 'secondary', name: 'Netzleitstelle', email: 'leitstelle@swnt.lagebild.test' }] },
  { key: 'wvho', name: 'Wasserzweckverband Holzland-Ost', shortName: 'WZV Holzland-Ost', kind: 'kritis_operator', sector: 'water', districtKey: '16074', nis2EntityType: 'essential', kritisOperator: true, registeredDomains: ['wzv-holzland.lagebild.test'], emailDomains: ['wzv-holzland.lagebild.test'], contacts: contacts('wzv-holzland.lagebild.test', 'Technische Leitung', 'Leitwarte') },
  { key: 'ksk', name: 'Kreissparkasse Saale-Thüringen', shortName: 'KSK Saale-Thüringen', kind: 'kritis_operator', sector: 'finance', districtKey: '16073', nis2EntityType: 'important', kritisOperator: true, registeredDomains: ['ksk-saale.lagebild.test'], emailDomains: ['ksk-saale.lagebild.test'], contacts: contacts('ksk-saale.lagebild.test', 'Informationssicherheit', 'IT-Betrieb') },
  { key: 'klinikum', name: 'Klinikum Thüringer Becken', kind: 'kritis_operator', sector: 'health', districtKey: '16068', nis2EntityType: 'essential', kritisOperator: true, registeredDomains: ['klinikum-becken.lagebild.test'], emailDomains: ['klinikum-becken.lagebild.test'], contacts: contacts('klinikum-becken.lagebild.test', 'IT-Sicherheit', 'IT-Bereitschaft') },
];

/** Exactly the demo accounts of DESIGN.md. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'cert-admin@lagebild.test', name: 'Katrin Hoffmann', role: 'cert_admin', organization: 'cert' },
  { email: 'analyst@lagebild.test', name: 'Jonas Weber', role: 'cert_analyst', organization: 'cert' },
  { email: 'it@erfurt.lagebild.test', name: 'Sabine Krüger', role: 'org_admin', organization: 'erfurt' },
  { email: 'it@jena.lagebild.test', name: 'Thomas Lehmann', role: 'org_admin', organization: 'jena' },
  { email: 'isb@lk-gotha.lagebild.test', name: 'Andreas Schubert', role: 'org_admin', organization: 'lk-gotha' },
  { email: 'it@waltershausen.lagebild.test', name: 'Petra Fischer', role: 'member', organization: 'waltershausen' },
  { email: 'soc@swnt.lagebild.test', name: 'Michael Becker', role: 'org_admin', organization: 'swnt', locale: 'de' },
];

export const DEMO_SHARING_GROUPS: DemoSharingGroup[] = [
  { name: 'Energiesektor Thüringen', description: 'Betreiber von Energieanlagen und CERT-Thüringen', members: ['swnt', 'cert'] },
  { name: 'Wasserwirtschaft Thüringen', description: 'Wasserver- und Abwasserentsorger', members: ['wvho', 'cert'] },
  { name: 'Landkreis Gotha und Gemeinden', description: 'Der Landkreis Gotha und seine kreisangehörigen Gemeinden', members: ['lk-gotha', 'gotha', 'waltershausen', 'ohrdruf', 'friedrichroda'] },
  { name: 'Kommunen Thüringen', description: 'Landkreise, kreisfreie Städte, Gemeinden und ihr IT-Dienstleister', members: ['lk-gotha', 'shk', 'erfurt', 'jena', 'gotha', 'waltershausen', 'ohrdruf', 'friedrichroda', 'eisenberg', 'hermsdorf', 'stadtroda', 'kahla', 'kiv'] },
];

export type DemoAsset = { organization: string; vendor: string; product: string; version?: string; purl?: string; criticality: 'niedrig' | 'mittel' | 'hoch' | 'kritisch'; whereUsed: string };

/**
 * Demo inventories (LAGEBILD_DEMO_INVENTORY): enough for "does it affect us?" to have answers —
 * Erfurt runs the Citrix NetScaler ADC line that CitrixBleed (CVE-2023-4966) hit and a RHEL 8
 * openssl, Jena runs Fortinet and Microsoft but no Citrix.
 */
export const DEMO_ASSETS: DemoAsset[] = [
  { organization: 'erfurt', vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1-48.47', criticality: 'kritisch', whereUsed: 'Bürgerportal, VPN-Zugang der Verwaltung' },
  { organization: 'erfurt', vendor: 'Microsoft', product: 'Exchange Server', version: '15.2.1258.12', criticality: 'hoch', whereUsed: 'E-Mail der Stadtverwaltung' },
  { organization: 'erfurt', vendor: 'redhat', product: 'openssl', purl: 'pkg:rpm/redhat/openssl@1.1.1k-4.el8', criticality: 'mittel', whereUsed: 'RHEL-8-Server im Rechenzentrum' },
  { organization: 'jena', vendor: 'Fortinet', product: 'FortiOS', version: '7.2.4', criticality: 'kritisch', whereUsed: 'Firewall und SSL-VPN' },
  { organization: 'jena', vendor: 'Microsoft', product: 'Windows Server', version: '2019', criticality: 'hoch', whereUsed: 'Fachverfahren-Server' },
  { organization: 'lk-gotha', vendor: 'Ivanti', product: 'Connect Secure', version: '22.4R2.1', criticality: 'hoch', whereUsed: 'Fernzugang Kreisverwaltung' },
  { organization: 'swnt', vendor: 'Siemens', product: 'SIMATIC S7-1500 CPU', version: '2.9.7', criticality: 'kritisch', whereUsed: 'Netzleitstelle' },
];
