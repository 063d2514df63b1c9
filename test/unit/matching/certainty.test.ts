import { expect } from 'chai';
import { AssetIndex, matchProducts, matchProductsNaive, type AffectedProduct, type MatchableAsset } from '../../../server/matching/engine.js';
import { cpeKeyOf, matchKeyOf, purlKeyOf } from '../../../server/matching/normalize.js';
import { kevProducts } from '../../../feeds/cisa-kev/cisa-kev.parse.js';
import { AliasIndex, seedAliasEntries } from '../../../server/products/alias-index.js';

let counter = 0;
function asset(fields: { vendor: string; product: string; version?: string | null; cpe?: string | null; purl?: string | null; organizationId?: string }, aliases?: AliasIndex): MatchableAsset {
  counter += 1;
  const { vendor, product } = fields;
  return { id: `a${counter}`, organizationId: fields.organizationId ?? `o${counter}`, vendor, product, version: fields.version ?? null, cpe: fields.cpe ?? null, purl: fields.purl ?? null, matchKey: matchKeyOf(vendor, product, aliases), cpeKey: cpeKeyOf(fields.cpe) ?? null, purlKey: purlKeyOf(fields.purl) ?? null };
}

function match(products: AffectedProduct[], assets: MatchableAsset[], aliases?: AliasIndex) {
  const hits = matchProducts(products, new AssetIndex(assets, aliases));
  expect(hits.map((hit) => hit.assetId).sort(), 'index and nested loop agree').to.deep.equal(matchProductsNaive(products, assets, aliases).map((hit) => hit.assetId).sort());
  return hits;
}

describe('matching: certainty, KEV products, aliases and purl', () => {
  const kev = kevProducts({ vendorProject: 'Citrix', product: 'NetScaler ADC and NetScaler Gateway' }).map((product) => ({ ...product, source: 'CISA KEV' }));

  it('a KEV entry (no versions) makes an operator of the product possibly affected, with the reason', () => {
    const erfurt = asset({ vendor: 'Citrix', product: 'Citrix NetScaler ADC', version: '13.1-48.47' });
    const jena = asset({ vendor: 'Fortinet', product: 'FortiOS', version: '7.2.4' });
    const hits = match(kev, [erfurt, jena]);
    expect(hits).to.have.length(1);
    expect(hits[0]).to.include({ assetId: erfurt.id, certainty: 'possible' });
    expect(hits[0]!.reasonDe).to.equal('betreibt Citrix NetScaler ADC 13.1-48.47; CISA KEV nennt keine betroffenen Versionen');
    expect(hits[0]!.reasonEn).to.equal('runs Citrix NetScaler ADC 13.1-48.47; CISA KEV names no affected versions');
  });

  it('a source with ranges confirms the version, or rules it out and with it the KEV "possible"', () => {
    const bsi: AffectedProduct = { vendor: 'Citrix Systems, Inc.', product: 'Citrix ADC', versions: [{ from: '13.1', below: '13.1-49.15' }], source: 'BSI CERT-Bund' };
    const old = asset({ vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1-48.47' });
    const patched = asset({ vendor: 'Citrix', product: 'NetScaler ADC', version: '13.1-49.15' });
    const unknown = asset({ vendor: 'Citrix', product: 'ADC' });
    const hits = match([...kev, bsi], [old, patched, unknown]);
    const byAsset = new Map(hits.map((hit) => [hit.assetId, hit]));
    expect(byAsset.get(old.id)).to.include({ certainty: 'confirmed' });
    expect(byAsset.get(old.id)!.reasonDe).to.match(/betroffen >= 13\.1 und < 13\.1-49\.15/);
    expect(byAsset.has(patched.id), 'ruled out by the BSI range').to.equal(false);
    expect(byAsset.get(unknown.id)).to.include({ certainty: 'possible' });
  });

  it('the aliases are data: a CERT alias ties a new name to the identity', () => {
    const plain = match(kev, [asset({ vendor: 'Citrix', product: 'NSADC Appliance', version: '14.1-12.30' })]);
    expect(plain).to.have.length(0);
    const aliases = new AliasIndex([...seedAliasEntries(), { kind: 'product', cpeVendor: 'citrix', cpeProduct: 'netscaler_application_delivery_controller', vendor: 'Citrix', product: 'NSADC Appliance', origin: 'cert' }]);
    const hits = match(kev, [asset({ vendor: 'Citrix', product: 'NSADC Appliance', version: '14.1-12.30' }, aliases)], aliases);
    expect(hits).to.have.length(1);
    expect(aliases.nameKey('Citrix Systems', 'NSADC Appliance')).to.equal('citrix:netscaler_application_delivery_controller');
  });

  it('an rpm purl is matched by a Red Hat fixed version that is higher, not by one that is lower (rpm EVR rules)', () => {
    const installed = asset({ vendor: 'redhat', product: 'openssl', purl: 'pkg:rpm/redhat/openssl@1.1.1k-4.el8' });
    const fixedLater: AffectedProduct = { vendor: 'Red Hat', product: 'openssl', versions: [{ below: '1:1.1.1k-8.el8_6' }], purl: 'pkg:rpm/redhat/openssl', scheme: 'rpm' };
    const fixedEarlier: AffectedProduct = { vendor: 'Red Hat', product: 'openssl', versions: [{ below: '1:1.1.1k-2.el8' }], purl: 'pkg:rpm/redhat/openssl', scheme: 'rpm' };
    const hits = match([fixedLater], [installed]);
    expect(hits).to.have.length(1);
    expect(hits[0]).to.include({ certainty: 'confirmed' });
    expect(hits[0]!.reasonEn).to.equal('runs redhat openssl 1.1.1k-4.el8, affected < 1:1.1.1k-8.el8_6');
    expect(match([fixedEarlier], [installed])).to.have.length(0);
    // "1.1.1k-10" is newer than "1.1.1k-8" by rpm rules (numeric release), which a string order gets wrong.
    expect(match([{ ...fixedLater, versions: [{ below: '1:1.1.1k-8.el8_6' }] }], [asset({ vendor: 'redhat', product: 'openssl', purl: 'pkg:rpm/redhat/openssl@1.1.1k-10.el8' })])).to.have.length(0);
  });

  it('Debian, Maven and PEP 440 versions compare by their own schemes', () => {
    const deb = asset({ vendor: 'debian', product: 'glibc', purl: 'pkg:deb/debian/glibc@2.36-9+deb12u3' });
    expect(match([{ vendor: 'Debian', product: 'glibc', versions: [{ below: '2.36-9+deb12u4' }], purl: 'pkg:deb/debian/glibc', scheme: 'deb' }], [deb])).to.have.length(1);
    expect(match([{ vendor: 'Debian', product: 'glibc', versions: [{ below: '2.36-9~bpo1' }], purl: 'pkg:deb/debian/glibc', scheme: 'deb' }], [deb])).to.have.length(0);
    const log4j = asset({ vendor: 'apache', product: 'log4j-core', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0-rc1' });
    expect(match([{ vendor: 'Apache', product: 'log4j-core', versions: [{ below: '2.15.0' }], purl: 'pkg:maven/org.apache.logging.log4j/log4j-core' }], [log4j])).to.have.length(1);
    const django = asset({ vendor: 'pypi', product: 'django', purl: 'pkg:pypi/django@4.2rc1' });
    expect(match([{ vendor: 'Django', product: 'Django', versions: [{ from: '4.2', below: '4.2.7' }], purl: 'pkg:pypi/django' }], [django]), 'a release candidate is before 4.2').to.have.length(0);
  });
});
