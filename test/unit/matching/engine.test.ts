import { expect } from 'chai';
import { AssetIndex, matchAsset, matchProducts, matchProductsNaive, type AffectedProduct, type MatchableAsset } from '../../../server/matching/engine.js';
import { cpeKeyOf, matchKeyOf } from '../../../server/matching/normalize.js';

let counter = 0;
function asset(vendor: string, product: string, version: string | null, cpe: string | null = null): MatchableAsset {
  counter += 1;
  return { id: `a${counter}`, organizationId: `o${counter}`, vendor, product, version, cpe, matchKey: matchKeyOf(vendor, product), cpeKey: cpeKeyOf(cpe) ?? null };
}

function affected(product: AffectedProduct, candidate: MatchableAsset): string | null {
  const hits = matchProducts([product], new AssetIndex([candidate]));
  expect(hits.length, 'index and nested loop agree').to.equal(matchProductsNaive([product], [candidate]).length);
  return hits[0]?.reasonDe ?? null;
}

describe('matching: vendor/product normalization and real vendor version schemes', () => {
  it('treats vendor legal forms, former names and marketing renames as the same product', () => {
    expect(matchKeyOf('Citrix Systems, Inc.', 'Citrix ADC')).to.equal(matchKeyOf('Citrix', 'NetScaler ADC'));
    expect(matchKeyOf('Cloud Software Group', 'NetScaler Application Delivery Controller')).to.equal('citrix:netscaler_application_delivery_controller');
    expect(matchKeyOf('Fortinet, Inc.', 'FortiGate FortiOS')).to.equal(matchKeyOf('fortinet', 'FortiOS'));
    expect(matchKeyOf('Siemens AG', 'SIMATIC S7-1500 CPU')).to.equal(matchKeyOf('siemens', 'Simatic S7 1500 CPU'));
    expect(matchKeyOf('Microsoft Corporation', 'Exchange')).to.equal(matchKeyOf('Microsoft', 'Exchange Server'));
    expect(matchKeyOf('Citrix', 'ADC')).not.to.equal(matchKeyOf('Citrix', 'Workspace App'));
  });

  it('Citrix: 13.1-48.47 is inside [13.1, 13.1-49.15), 13.1-49.15 and 14.1-12.30 are not', () => {
    const product: AffectedProduct = { vendor: 'Citrix', product: 'NetScaler ADC', versions: [{ from: '13.1', below: '13.1-49.15' }, { from: '14.1', below: '14.1-8.50' }] };
    expect(affected(product, asset('Citrix', 'Citrix ADC', '13.1-48.47'))).to.equal('betreibt Citrix ADC 13.1-48.47, betroffen >= 13.1 und < 13.1-49.15');
    expect(affected(product, asset('Citrix', 'ADC', '13.1-49.15'))).to.equal(null);
    expect(affected(product, asset('Citrix', 'ADC', '14.1-12.30'))).to.equal(null);
    expect(affected(product, asset('Citrix', 'ADC', '14.1-4.42'))).to.match(/< 14\.1-8\.50/);
  });

  it('Fortinet: build strings equal their version; upper bounds inclusive', () => {
    const product: AffectedProduct = { vendor: 'Fortinet', product: 'FortiOS', versions: [{ from: '7.2.0', upTo: '7.2.4' }, { from: '7.0.0', upTo: '7.0.12' }] };
    expect(affected(product, asset('Fortinet', 'FortiOS', 'v7.2.4,build1396 (GA)'))).to.match(/betroffen >= 7\.2\.0 und <= 7\.2\.4/);
    expect(affected(product, asset('Fortinet', 'FortiOS', '7.2.5'))).to.equal(null);
    expect(affected(product, asset('Fortinet', 'FortiOS', '7.0.12'))).not.to.equal(null);
    expect(affected(product, asset('Fortinet', 'FortiOS', '6.4.15'))).to.equal(null);
  });

  it('Microsoft: build numbers compare numerically per segment', () => {
    const exchange: AffectedProduct = { vendor: 'Microsoft', product: 'Exchange Server', versions: [{ from: '15.2.0', below: '15.2.1544.4' }] };
    expect(affected(exchange, asset('Microsoft Corporation', 'Exchange', '15.2.1118.40'))).not.to.equal(null);
    expect(affected(exchange, asset('Microsoft', 'Exchange Server', '15.2.1544.4'))).to.equal(null);
    const windows: AffectedProduct = { vendor: 'Microsoft', product: 'Windows 10', versions: [{ from: '10.0.19045.0', below: '10.0.19045.4170' }] };
    expect(affected(windows, asset('Microsoft', 'Windows 10', '10.0.19045.3803'))).not.to.equal(null);
    expect(affected(windows, asset('Microsoft', 'Windows 10', '10.0.19045.4170'))).to.equal(null);
  });

  it('Siemens firmware: V-prefix and service packs', () => {
    const product: AffectedProduct = { vendor: 'Siemens', product: 'SCALANCE X-200', versions: [{ below: 'V5.2.6' }] };
    expect(affected(product, asset('Siemens AG', 'SCALANCE X-200', 'V5.2.5'))).not.to.equal(null);
    expect(affected(product, asset('Siemens', 'Scalance X 200', 'v5.2.6'))).to.equal(null);
    const sp: AffectedProduct = { vendor: 'Siemens', product: 'SIMATIC WinCC', versions: [{ below: 'V7.5 SP2' }] };
    expect(affected(sp, asset('Siemens', 'SIMATIC WinCC', 'V7.5 SP1'))).not.to.equal(null);
    expect(affected(sp, asset('Siemens', 'SIMATIC WinCC', 'V7.5 SP2'))).to.equal(null);
  });

  it('matches by CPE vendor:product across CPE 2.2 URIs (BSI) and 2.3 strings, taking the version from the CPE', () => {
    const product: AffectedProduct = { vendor: 'Fortinet Inc.', product: 'FortiGate', versions: [{ below: '7.4.3' }], cpe: 'cpe:/o:fortinet:fortios' };
    const candidate = asset('FTNT', 'Firewall Cluster', null, 'cpe:2.3:o:fortinet:fortios:7.4.1:*:*:*:*:*:*:*');
    expect(affected(product, candidate)).to.match(/7\.4\.1, betroffen < 7\.4\.3/);
  });

  it('"all versions", an exact CPE version, and an asset without a version', () => {
    expect(matchAsset({ vendor: 'Ivanti', product: 'Connect Secure', versions: [{ all: true }] }, asset('Ivanti', 'Connect Secure', '22.7R2.3'))?.en).to.match(/all versions affected/);
    expect(affected({ vendor: 'Ivanti', product: 'Connect Secure', versions: [] }, asset('Ivanti', 'Pulse Connect Secure', '9.1R18'))).to.match(/die Quelle nennt keine betroffenen Versionen/);
    const exact: AffectedProduct = { vendor: 'Apache', product: 'Log4j', versions: [], cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*' };
    expect(affected(exact, asset('Apache Software Foundation', 'Log4j', '2.14.1'))).to.match(/= 2\.14\.1/);
    expect(affected(exact, asset('Apache', 'Log4j', '2.17.1'))).to.equal(null);
    expect(affected({ vendor: 'Citrix', product: 'ADC', versions: [{ below: '13.1-49.15' }] }, asset('Citrix', 'ADC', null))).to.match(/Version unbekannt/);
  });
});
