/**
 * Builds the load-test database for `npm run bench -- api` (issue: 100,000 advisories and 1,000,000
 * STIX objects): a database `lagebild_bench` on the PostgreSQL server of `DATABASE_URL`, migrated,
 * seeded with the demo community, then filled in SQL with generate_series — realistic German/English
 * advisories over real vendor and product names, all TLP labels (AMBER addressed to real demo
 * organizations, RED to a named user) and indicator objects with valid STIX patterns.
 *
 * Idempotent: a filled database is reused (the counts are checked), so only the first run pays.
 * `npm run bench:data` runs it alone; the api benchmark runs it when the data is missing.
 */
import pg from 'pg';
import { openDatabase } from '../../server/platform/db/client.js';
import { seedDemoCommunity } from '../../server/seed/seed.js';
import { DEMO_PASSWORD } from '../../test/support/config.js';

export const BENCH_DATABASE = 'lagebild_bench';

export type LoadDataSize = { advisories: number; stixObjects: number };

export const DEFAULT_SIZE: LoadDataSize = {
  advisories: Number(process.env.BENCH_ADVISORIES ?? 100_000),
  stixObjects: Number(process.env.BENCH_STIX_OBJECTS ?? 1_000_000),
};

export function benchDatabaseUrl(serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'): string {
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

const VENDORS = `array['Citrix|NetScaler ADC','Citrix|NetScaler Gateway','Fortinet|FortiOS','Fortinet|FortiGate','Microsoft|Exchange Server','Microsoft|Windows Server','Microsoft|SharePoint Server','Siemens|SIMATIC S7-1500','Siemens|SCALANCE X','Cisco|IOS XE','Ivanti|Connect Secure','Palo Alto Networks|PAN-OS','VMware|vCenter Server','VMware|ESXi','SAP|NetWeaver','Apache|HTTP Server','Atlassian|Confluence Data Center','Juniper|Junos OS','Zimbra|Collaboration Suite','Sophos|Firewall','Veeam|Backup & Replication','Progress|MOVEit Transfer','Schneider Electric|Modicon M580','Phoenix Contact|PLCnext','WAGO|PFC200']`;
const IMPACTS_DE = `array['die Ausführung beliebigen Programmcodes','das Umgehen der Authentifizierung','einen Denial-of-Service-Angriff','das Offenlegen vertraulicher Informationen','eine Rechteausweitung','das Einschleusen von Befehlen','Cross-Site-Scripting']`;
const IMPACTS_EN = `array['arbitrary code execution','authentication bypass','denial of service','disclosure of confidential information','privilege escalation','command injection','cross-site scripting']`;
const SEVERITIES = `array['niedrig','mittel','hoch','kritisch']`;

async function admin<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates (if needed) and fills the bench database; returns its URL. */
export async function ensureLoadData(size: LoadDataSize = DEFAULT_SIZE, log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<string> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = benchDatabaseUrl(serverUrl);
  await admin(serverUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE]);
    if (rowCount === 0) await client.query(`create database "${BENCH_DATABASE}"`);
  });
  const handle = openDatabase({ driver: 'pg', url, poolSize: 2 });
  try {
    await handle.migrate();
    await seedDemoCommunity(handle.db, DEMO_PASSWORD);
  } finally {
    await handle.close();
  }
  await admin(url, async (client) => {
    const have = async (table: string) => Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n ?? 0);
    const ids = (await client.query<{ cert: string; analyst: string; erfurt: string; jena: string; gotha: string; group: string }>(`
      select (select id from organizations where name like 'CERT-Th%' limit 1) as cert,
             (select id from users where email = 'analyst@lagebild.test') as analyst,
             (select id from organizations where name = 'Stadt Erfurt') as erfurt,
             (select id from organizations where name = 'Stadt Jena') as jena,
             (select id from organizations where name like 'Landkreis Gotha%' limit 1) as gotha,
             (select id from sharing_groups order by name limit 1) as "group"`)).rows[0]!;
    let advisories = await have('advisories');
    if (advisories < size.advisories) {
      const started = Date.now();
      const batch = 20_000;
      for (let from = advisories; from < size.advisories; from += batch) {
        const to = Math.min(size.advisories, from + batch) - 1;
        await client.query(
          `with g as (
             select i, (${VENDORS})[1 + i % 25] as vp, (${IMPACTS_DE})[1 + i % 7] as impact_de, (${IMPACTS_EN})[1 + i % 7] as impact_en,
                    (${SEVERITIES})[1 + (i / 7) % 4] as severity,
                    format('CVE-%s-%s', 2015 + i % 12, lpad((10000 + i)::text, 5, '0')) as cve,
                    case when i % 20 < 10 then 'clear' when i % 20 < 16 then 'green' when i % 20 < 18 then 'amber' when i % 20 < 19 then 'amber+strict' else 'red' end as tlp,
                    now() - (i * interval '23 minutes') as at
             from generate_series($1::int, $2::int) as i
           ), c as (
             select g.*, split_part(vp, '|', 1) as vendor, split_part(vp, '|', 2) as product,
               case tlp when 'amber' then array[(case when i % 3 = 0 then $3 else $4 end)::uuid] when 'amber+strict' then array[$5::uuid] else '{}'::uuid[] end as orgs,
               case when tlp = 'amber' and i % 3 = 1 then array[$6::uuid] else '{}'::uuid[] end as groups,
               case when tlp = 'red' then array[$7::uuid] else '{}'::uuid[] end as people
             from g
           )
           insert into advisories (status, version, tlp, audience_organization_ids, audience_sharing_group_ids, audience_user_ids, author_organization_id, author_user_id,
                                   content, severity, cves, vendors, product_names, source, created_at, updated_at, published_at)
           select 'published', 1, tlp, orgs, groups, people, $8::uuid, $7::uuid,
             jsonb_build_object(
               'title', jsonb_build_object('de', format('Schwachstelle in %s %s ermöglicht %s (%s)', vendor, product, impact_de, cve), 'en', format('Vulnerability in %s %s allows %s (%s)', vendor, product, impact_en, cve)),
               'summary', jsonb_build_object('de', format('Ein entfernter, anonymer Angreifer kann eine Schwachstelle in %s %s ausnutzen, um %s herbeizuführen. Betroffen sind Versionen vor %s.%s.', vendor, product, impact_de, 10 + i % 9, i % 50),
                                             'en', format('A remote, anonymous attacker can exploit a vulnerability in %s %s to cause %s. Versions before %s.%s are affected.', vendor, product, impact_en, 10 + i % 9, i % 50)),
               'body', jsonb_build_object('de', format(E'## Beschreibung\\n\\n%s %s enthält eine Schwachstelle (%s). Der Hersteller stuft sie als %s ein. Kommunen und Betreiber kritischer Infrastrukturen in Thüringen, die das Produkt einsetzen, sollten umgehend handeln.\\n\\n## Hintergrund\\n\\nDie Schwachstelle wird laut Hersteller aktiv ausgenutzt. Protokolle auf Auffälligkeiten prüfen.', vendor, product, cve, severity),
                                          'en', format(E'## Description\\n\\n%s %s contains a vulnerability (%s), rated %s by the vendor. Municipalities and critical infrastructure operators should act at once.', vendor, product, cve, severity)),
               'severity', severity, 'cvss', '[]'::jsonb, 'cves', jsonb_build_array(cve),
               'products', jsonb_build_array(jsonb_build_object('vendor', vendor, 'product', product, 'versions', jsonb_build_array(jsonb_build_object('below', format('%s.%s', 10 + i % 9, i % 50))))),
               'recommendations', jsonb_build_object('de', format('Aktualisieren Sie %s %s auf die aktuelle Version und prüfen Sie Ihre Systeme auf Kompromittierung.', vendor, product)),
               'references', jsonb_build_array(format('https://www.cve.org/CVERecord?id=%s', cve)),
               'tlp', tlp, 'source', 'own',
               'audience', jsonb_build_object('organizations', to_jsonb(orgs), 'sharingGroups', to_jsonb(groups), 'users', to_jsonb(people))),
             severity, array[cve], array[lower(vendor)], array[lower(product)], 'own', at, at, at
           from c`,
          [from, to, ids.erfurt, ids.jena, ids.gotha, ids.group, ids.analyst, ids.cert],
        );
        log(`  advisories: ${to + 1} / ${size.advisories}`);
      }
      await client.query(`insert into advisory_revisions (advisory_id, version, content, published_at, published_by)
                          select id, 1, content, published_at, author_user_id from advisories a
                          where status = 'published' and not exists (select 1 from advisory_revisions r where r.advisory_id = a.id)`);
      advisories = await have('advisories');
      log(`advisories: ${advisories} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    let objects = await have('stix_objects');
    if (objects < size.stixObjects) {
      const started = Date.now();
      const batch = 100_000;
      for (let from = objects; from < size.stixObjects; from += batch) {
        const to = Math.min(size.stixObjects, from + batch) - 1;
        await client.query(
          `with g as (
             select i, gen_random_uuid() as uuid, now() - (i * interval '7 seconds') as at,
               case when i % 10 < 5 then 'clear' when i % 10 < 8 then 'green' when i % 10 < 9 then 'amber' else 'red' end as tlp,
               case i % 4
                 when 0 then format('[ipv4-addr:value = ''%s.%s.%s.%s'']', 1 + i % 223, (i / 223) % 256, (i / 57088) % 256, 1 + i % 254)
                 when 1 then format('[domain-name:value = ''c2-%s.example-bad.net'']', i)
                 when 2 then format('[url:value = ''https://phish-%s.example.org/login'']', i)
                 else format('[file:hashes.''SHA-256'' = ''%s'']', encode(sha256(i::text::bytea), 'hex'))
               end as pattern
             from generate_series($1::int, $2::int) as i
           )
           insert into stix_objects (stix_id, type, created, modified, source, tlp, audience_organization_ids, audience_user_ids, author_organization_id, body, search_vector, added_at)
           select 'indicator--' || uuid, 'indicator', at, at, 'feed:bench', tlp,
             case when tlp = 'amber' then array[$3::uuid] else '{}'::uuid[] end,
             case when tlp = 'red' then array[$4::uuid] else '{}'::uuid[] end,
             $5::uuid,
             jsonb_build_object('type', 'indicator', 'spec_version', '2.1', 'id', 'indicator--' || uuid,
               'created', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'modified', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'name', format('Indikator %s aus Kampagne %s', i, i % 97), 'pattern', pattern, 'pattern_type', 'stix',
               'valid_from', to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'object_marking_refs', jsonb_build_array(case tlp when 'clear' then 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487'
                 when 'green' then 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb' when 'amber' then 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'
                 else 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1' end)),
             to_tsvector('simple', format('Indikator %s aus Kampagne %s %s', i, i % 97, pattern)), at
           from g`,
          [from, to, ids.erfurt, ids.analyst, ids.cert],
        );
        log(`  stix objects: ${to + 1} / ${size.stixObjects}`);
      }
      objects = await have('stix_objects');
      log(`stix objects: ${objects} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    // VACUUM also merges the GIN indexes' pending lists, which every search would otherwise scan.
    await client.query('vacuum analyze');
  });
  return url;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = await ensureLoadData();
  process.stdout.write(`load data ready in ${url}\n`);
}
