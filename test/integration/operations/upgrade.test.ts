import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { findAdvisoryVisibleTo } from '../../../server/advisories/advisories.repo.js';
import { loadUserPrincipal, systemPrincipal } from '../../../server/auth/principal.js';
import { createPglite, MIGRATIONS_DIR, openDatabase, queryRows, type DatabaseHandle } from '../../../server/platform/db/client.js';
import { TEST_DATABASE_URL } from '../../support/database.js';

type Journal = { entries: { idx: number; tag: string; when: number }[] };

/** A copy of the migrations folder whose journal stops before the newest `dropLast` migrations: the previous release's schema. */
function previousRelease(dropLast: number): { folder: string; tags: string[] } {
  const folder = mkdtempSync(join(tmpdir(), 'lagebild-migrations-'));
  cpSync(MIGRATIONS_DIR, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  journal.entries = journal.entries.slice(0, journal.entries.length - dropLast);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, tags: journal.entries.map((entry) => entry.tag) };
}

/**
 * docs/operations.md "Upgrades": a database created by the previous release (every migration but the
 * newest), holding data, is upgraded by the normal start-up migration; the data survives and the
 * current code reads it. Migrations are additive (expand first, contract a release later), which
 * this test keeps honest.
 */
describe('operations: upgrading a database of the previous release', function () {
  this.timeout(180_000);
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
  let handle: DatabaseHandle;
  let dropDatabase: (() => Promise<void>) | undefined;
  let folder: string;

  before(async () => {
    const previous = previousRelease(1);
    folder = previous.folder;
    if (TEST_DATABASE_URL) {
      const name = `lagebild_upgrade_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`create database "${name}"`);
      await admin.end();
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${name}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await migratePg(drizzlePg(client), { migrationsFolder: folder });
      await client.end();
      handle = openDatabase({ driver: 'pg', url: url.toString(), poolSize: 2 });
      dropDatabase = async () => {
        const cleanup = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await cleanup.connect();
        await cleanup.query(`drop database if exists "${name}" with (force)`);
        await cleanup.end();
      };
    } else {
      const pglite = createPglite();
      await migratePglite(drizzlePglite(pglite), { migrationsFolder: folder });
      handle = openDatabase({ driver: 'pglite', pglite });
    }
  });

  after(async () => {
    await handle?.close();
    await dropDatabase?.();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it(`applies the newest migration (${journal.entries.at(-1)?.tag}) to a filled database of the previous release and keeps its data`, async () => {
    const applied = async () => (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n;
    expect(await applied()).to.equal(journal.entries.length - 1);

    // Data as the previous release wrote it: columns that exist since the first migrations only.
    const [org] = await queryRows<{ id: string }>(handle.db, sql`insert into organizations (name, kind, ags) values ('Gemeinde Upgradetal', 'municipality', '16067099') returning id`);
    const [user] = await queryRows<{ id: string }>(handle.db, sql`insert into users (email, name) values ('it@upgradetal.lagebild.test', 'IT Upgradetal') returning id`);
    await handle.db.execute(sql`insert into memberships (user_id, organization_id, role) values (${user!.id}, ${org!.id}, 'org_admin')`);
    const content = { title: { de: 'Vor dem Upgrade veröffentlicht' }, summary: { de: 'Alt' }, body: { de: 'Alt' }, severity: 'hoch', cvss: [], cves: ['CVE-2024-3400'], products: [], references: [], tlp: 'amber', audience: { organizations: [org!.id], sharingGroups: [], users: [] }, source: 'own' };
    const [advisory] = await queryRows<{ id: string }>(handle.db, sql`
      insert into advisories (status, version, tlp, audience_organization_ids, content, severity, cves, published_at)
      values ('published', 1, 'amber', array[${org!.id}]::uuid[], ${JSON.stringify(content)}::jsonb, 'hoch', array['CVE-2024-3400'], now()) returning id`);

    // A feed item as the previous release stored it: the whole normalized item as jsonb content.
    const [source] = await queryRows<{ id: string }>(handle.db, sql`insert into feed_sources (key, type, name, url, schedule, enabled) values ('upgrade-kev', 'cisa-kev', 'KEV', 'https://kev.example/kev.json', '0 * * * *', false) returning id`);
    const itemContent = { externalId: 'CVE-2023-4966', kind: 'vulnerability', title: { en: 'Citrix Bleed' }, summary: { en: 'Sensitive information disclosure.' }, remediation: { en: 'Apply updates.' }, cves: ['CVE-2023-4966'], cvss: [], products: [], references: ['https://kev.example/CVE-2023-4966'], tlp: 'clear', document: { cveID: 'CVE-2023-4966', vendorProject: 'Citrix' } };
    const previousInsert = (externalId: string) => sql`insert into feed_items (source_id, external_id, kind, title_en, cves, products, tlp, content, content_hash)
      select r.source_id, r.external_id, r.kind, r.title_en, r.cves, r.products, r.tlp, r.content, r.content_hash
      from jsonb_to_recordset(${JSON.stringify([{ source_id: source!.id, external_id: externalId, kind: 'vulnerability', title_en: 'Citrix Bleed', cves: ['CVE-2023-4966'], products: [], tlp: 'clear', content: itemContent, content_hash: 'h' }])}::jsonb)
      as r(source_id uuid, external_id text, kind text, title_en text, cves text[], products jsonb, tlp text, content jsonb, content_hash text)`;
    await handle.db.execute(previousInsert('CVE-2023-4966'));

    await handle.migrate();
    expect(await applied()).to.equal(journal.entries.length);

    // The stored item reads as before; an instance of the previous release, still sending jsonb
    // content during a rolling upgrade, can still write.
    await handle.db.execute(previousInsert('CVE-2023-4966-rolling'));
    const items = await queryRows<{ external_id: string; content: { summary: { en: string }; document: { vendorProject: string } } }>(handle.db, sql`select external_id, content from feed_items where source_id = ${source!.id} order by external_id`);
    expect(items.map((item) => item.external_id)).to.deep.equal(['CVE-2023-4966', 'CVE-2023-4966-rolling']);
    for (const item of items) {
      expect(item.content.summary.en).to.equal('Sensitive information disclosure.');
      expect(item.content.document.vendorProject).to.equal('Citrix');
    }

    const principal = await loadUserPrincipal(handle.db, user!.id);
    expect(principal?.organizationIds).to.deep.equal([org!.id]);
    const row = await findAdvisoryVisibleTo(handle.db, principal!, advisory!.id);
    expect(row?.content.title.de).to.equal('Vor dem Upgrade veröffentlicht');
    expect(await findAdvisoryVisibleTo(handle.db, systemPrincipal('upgrade-test'), advisory!.id)).to.not.equal(undefined);
  });
});
