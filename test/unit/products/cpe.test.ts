import { expect } from 'chai';
import {
  compareCpeValues,
  CPE_ANY,
  CPE_NA,
  CpeParseError,
  CpeSchema,
  cpeMatches,
  cpeValueText,
  formatCpe23,
  isCpe,
  parseCpe,
  safeParseCpe,
  type Cpe,
  type CpeValue,
} from '../../../server/products/cpe.js';

const value = (v: string, extra: { leading?: string; trailing?: string } = {}): CpeValue => ({ kind: 'value', value: v, ...extra });

function parseError(input: string): CpeParseError {
  const result = safeParseCpe(input);
  if (result.success) throw new Error(`expected ${input} to be rejected`);
  expect(result.error).to.be.instanceOf(CpeParseError);
  return result.error;
}

describe('products/cpe', () => {
  describe('CPE 2.3 formatted strings', () => {
    it('parses all eleven attributes', () => {
      const cpe = parseCpe('cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:fips:*:*:-');
      expect(cpe).to.deep.equal({
        part: value('a'), vendor: value('citrix'), product: value('netscaler_adc'), version: value('13.1-49.15'),
        update: CPE_ANY, edition: CPE_ANY, language: CPE_ANY, swEdition: value('fips'), targetSw: CPE_ANY,
        targetHw: CPE_ANY, other: CPE_NA,
      });
    });

    it('removes quoting so values are literal text (real Cisco/NetApp names)', () => {
      expect(parseCpe('cpe:2.3:a:cisco:finesse:12.5\\(1\\):su1:*:*:*:*:*:*').version).to.deep.equal(value('12.5(1)'));
      expect(parseCpe('cpe:2.3:a:cisco:dna_spaces\\:_connector:*:*:*:*:*:*:*:*').product).to.deep.equal(value('dna_spaces:_connector'));
      expect(parseCpe('cpe:2.3:a:netapp:solidfire_\\&_hci_storage_node:-:*:*:*:*:*:*:*').product).to.deep.equal(
        value('solidfire_&_hci_storage_node'),
      );
      expect(parseCpe('cpe:2.3:a:siemens:logo\\!_soft_comfort:*:*:*:*:*:*:*:*').product).to.deep.equal(value('logo!_soft_comfort'));
    });

    it('distinguishes NA, ANY and wildcards from their quoted literals', () => {
      const cpe = parseCpe('cpe:2.3:a:foo:bar:\\-:-:\\*:*:\\?:?:sp??:*beta');
      expect(cpe.version).to.deep.equal(value('-'));
      expect(cpe.update).to.deep.equal(CPE_NA);
      expect(cpe.edition).to.deep.equal(value('*'));
      expect(cpe.language).to.deep.equal(CPE_ANY);
      expect(cpe.swEdition).to.deep.equal(value('?'));
      expect(cpe.targetSw).to.deep.equal(value('', { leading: '?' }));
      expect(cpe.targetHw).to.deep.equal(value('sp', { trailing: '??' }));
      expect(cpe.other).to.deep.equal(value('beta', { leading: '*' }));
    });

    it('normalizes to lower case (MSRC writes windows_11_21H2)', () => {
      const cpe = parseCpe('CPE:2.3:O:Microsoft:Windows_11_21H2:10.0.22000.3197:*:*:*:*:*:X64:*');
      expect(cpe.product).to.deep.equal(value('windows_11_21h2'));
      expect(formatCpe23(cpe)).to.equal('cpe:2.3:o:microsoft:windows_11_21h2:10.0.22000.3197:*:*:*:*:*:x64:*');
    });

    it('accepts ANY and NA as part, like the official CPE 2.3 schema pattern', () => {
      expect(parseCpe('cpe:2.3:*:microsoft:*:*:*:*:*:*:*:*:*').part).to.deep.equal(CPE_ANY);
      expect(parseCpe('cpe:2.3:-:microsoft:*:*:*:*:*:*:*:*:*').part).to.deep.equal(CPE_NA);
    });

    it('rejects malformed names and names the attribute', () => {
      expect(parseError('cpe:2.3:a:citrix:netscaler_adc:13.1:*:*:*:*:*:*').message).to.match(/11 attributes, found 10/);
      expect(parseError('cpe:2.3:a:citrix:netscaler_adc:13.1:*:*:*:*:*:*:*:*').message).to.match(/found 12/);
      expect(parseError('cpe:2.3:x:citrix:netscaler_adc:*:*:*:*:*:*:*:*').attribute).to.equal('part');
      expect(parseError('cpe:2.3:a::netscaler_adc:*:*:*:*:*:*:*:*').attribute).to.equal('vendor');
      expect(parseError('cpe:2.3:a:micr*soft:ie:*:*:*:*:*:*:*:*').attribute).to.equal('vendor');
      expect(parseError('cpe:2.3:a:microsoft:ie:8.?0:*:*:*:*:*:*:*').attribute).to.equal('version');
      expect(parseError('cpe:2.3:a:microsoft:internet explorer:*:*:*:*:*:*:*:*').attribute).to.equal('product');
      expect(parseError('cpe:2.3:a:müller:tool:*:*:*:*:*:*:*:*').attribute).to.equal('vendor');
      expect(parseError('cpe:2.3:a:foo:bar:*:*:*:*:*:*:*:\\').message).to.match(/backslash/);
      for (const bad of ['', 'cpe', 'cpe:2.2:a:x:y', 'a:citrix:netscaler', 'cpe:2.3:', `cpe:2.3:a:${'x'.repeat(3000)}`]) {
        expect(safeParseCpe(bad).success, bad).to.equal(false);
      }
    });
  });

  describe('CPE 2.2 URIs (BSI CERT-Bund CSAF)', () => {
    it('parses URIs from BSI advisories; missing components are ANY', () => {
      const cpe = parseCpe('cpe:/a:ibm:cognos_analytics:11.2.4_if4');
      expect(cpe.version).to.deep.equal(value('11.2.4_if4'));
      expect(cpe.update).to.deep.equal(CPE_ANY);
      expect(cpe.other).to.deep.equal(CPE_ANY);
      expect(formatCpe23(cpe)).to.equal('cpe:2.3:a:ibm:cognos_analytics:11.2.4_if4:*:*:*:*:*:*:*');
      expect(formatCpe23(parseCpe('cpe:/o:redhat:enterprise_linux:9::baseos'))).to.equal(
        'cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*',
      );
      expect(parseCpe('cpe:/o:debian:debian_linux:-').version).to.deep.equal(CPE_NA);
      expect(parseCpe('cpe:/').vendor).to.deep.equal(CPE_ANY);
    });

    it('decodes percent-encoding and the %01/%02 wildcards (NISTIR 7695 examples)', () => {
      const wild = parseCpe('cpe:/a:microsoft:internet_explorer%01%01%01%01:?:beta');
      expect(wild.product).to.deep.equal(value('internet_explorer', { trailing: '????' }));
      expect(wild.version).to.deep.equal(value('', { leading: '?' }));
      const literal = parseCpe('cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f');
      expect(literal.version).to.deep.equal(value('8.*'));
      expect(literal.update).to.deep.equal(value('sp?'));
      expect(formatCpe23(literal)).to.equal('cpe:2.3:a:microsoft:internet_explorer:8.\\*:sp\\?:*:*:*:*:*:*');
      expect(parseCpe('cpe:/a:microsoft:internet_explorer:8.%02:sp%01').version).to.deep.equal(value('8.', { trailing: '*' }));
      expect(parseCpe('cpe:/a:foo:bar%21:1.0').product).to.deep.equal(value('bar!'));
    });

    it('unpacks the extended attributes from a "~" edition', () => {
      const cpe = parseCpe('cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~');
      expect(formatCpe23(cpe)).to.equal('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:x64:*');
    });

    it('rejects malformed URIs', () => {
      expect(parseError('cpe:/a:foo:bar:1:2:3:4:5').message).to.match(/at most 7/);
      expect(parseError('cpe:/a:foo:bar%zz').attribute).to.equal('product');
      expect(parseError('cpe:/a:foo:bar%00').attribute).to.equal('product');
      expect(parseError('cpe:/a:foo:bar:1::~a~b').attribute).to.equal('edition');
      expect(parseError('cpe:/q:foo').attribute).to.equal('part');
    });
  });

  describe('formatting and schema', () => {
    it('round-trips formatted strings', () => {
      for (const name of [
        'cpe:2.3:a:cisco:finesse:12.5\\(1\\):su1:*:*:*:*:*:*',
        'cpe:2.3:a:foo:bar:\\-:-:\\*:*:\\?:?:sp??:*beta',
        'cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*',
        'cpe:2.3:a:vendor:c\\+\\+_lib:1.0\\:2:*:*:en-us:*:*:*:*',
      ]) {
        expect(formatCpe23(parseCpe(name))).to.equal(name);
      }
    });

    it('refuses to format an empty literal', () => {
      const broken = { ...parseCpe('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'), vendor: value('') } as Cpe;
      expect(() => formatCpe23(broken)).to.throw(CpeParseError);
    });

    it('CpeSchema transforms both bindings and reports errors as issues', () => {
      expect(CpeSchema.parse('cpe:/a:citrix:netscaler_adc:13.1').version).to.deep.equal(value('13.1'));
      const result = CpeSchema.safeParse('cpe:2.3:a:b');
      expect(result.success).to.equal(false);
      expect(result.error?.issues[0]?.message).to.match(/11 attributes/);
      expect(isCpe('cpe:2.3:a:b:c:*:*:*:*:*:*:*:*')).to.equal(true);
      expect(isCpe(17)).to.equal(false);
    });

    it('cpeValueText shows values for display', () => {
      const cpe = parseCpe('cpe:2.3:a:foo:bar:8.*:-:*:*:*:*:*:*');
      expect([cpe.vendor, cpe.version, cpe.update, cpe.edition].map(cpeValueText)).to.deep.equal(['foo', '8.*', '-', '*']);
    });
  });

  describe('matching (NISTIR 7696)', () => {
    const adc = 'cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:fips:*:*:*';

    it('ANY in the pattern matches everything, including NA and values', () => {
      expect(cpeMatches('cpe:2.3:*:*:*:*:*:*:*:*:*:*:*', adc)).to.equal(true);
      expect(cpeMatches('cpe:2.3:a:citrix:netscaler_adc:*:*:*:*:*:*:*:*', adc)).to.equal(true);
      expect(cpeMatches('cpe:/a:citrix:netscaler_adc', adc)).to.equal(true);
      expect(cpeMatches('cpe:2.3:a:debian:debian_linux:*:*:*:*:*:*:*:*', 'cpe:2.3:a:debian:debian_linux:-:*:*:*:*:*:*:*')).to.equal(true);
    });

    it('a specific pattern value does not match ANY, another value or NA in the candidate', () => {
      expect(cpeMatches(adc, 'cpe:2.3:a:citrix:netscaler_adc:*:*:*:*:*:*:*:*')).to.equal(false);
      expect(cpeMatches(adc, 'cpe:2.3:a:citrix:netscaler_adc:13.1-48.47:*:*:*:fips:*:*:*')).to.equal(false);
      expect(cpeMatches(adc, 'cpe:2.3:a:citrix:netscaler_gateway:13.1-49.15:*:*:*:fips:*:*:*')).to.equal(false);
      expect(cpeMatches(adc, 'cpe:2.3:a:citrix:netscaler_adc:13.1-49.15:*:*:*:-:*:*:*')).to.equal(false);
    });

    it('NA matches only NA', () => {
      const pattern = 'cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*';
      expect(cpeMatches(pattern, 'cpe:2.3:a:apache:log4j:2.0:-:*:*:*:*:*:*')).to.equal(true);
      expect(cpeMatches(pattern, 'cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*')).to.equal(false);
      expect(cpeMatches(pattern, 'cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*')).to.equal(false);
    });

    it('applies * and ? wildcards in pattern values', () => {
      expect(cpeMatches('cpe:2.3:o:siemens:*_firmware:*:*:*:*:*:*:*:*', 'cpe:2.3:o:siemens:scalance_x200_firmware:5.2:*:*:*:*:*:*:*')).to.equal(true);
      expect(cpeMatches('cpe:2.3:o:siemens:*_firmware:*:*:*:*:*:*:*:*', 'cpe:2.3:h:siemens:scalance_x200:-:*:*:*:*:*:*:*')).to.equal(false);
      expect(cpeMatches('cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*', 'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:*:*:*:*:*:*:*')).to.equal(true);
      expect(cpeMatches('cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*', 'cpe:2.3:a:microsoft:internet_explorer:9.0:*:*:*:*:*:*:*')).to.equal(false);
      // Like the NIST reference implementation, n "?" accept up to n characters.
      expect(cpeMatches('cpe:2.3:a:x:y:1.?:*:*:*:*:*:*:*', 'cpe:2.3:a:x:y:1.2:*:*:*:*:*:*:*')).to.equal(true);
      expect(cpeMatches('cpe:2.3:a:x:y:1.?:*:*:*:*:*:*:*', 'cpe:2.3:a:x:y:1.23:*:*:*:*:*:*:*')).to.equal(false);
      expect(cpeMatches('cpe:2.3:a:x:y:??1:*:*:*:*:*:*:*', 'cpe:2.3:a:x:y:v1:*:*:*:*:*:*:*')).to.equal(true);
      // A quoted wildcard is a literal character.
      expect(cpeMatches('cpe:2.3:a:x:y:8.\\*:*:*:*:*:*:*:*', 'cpe:2.3:a:x:y:8.0:*:*:*:*:*:*:*')).to.equal(false);
    });

    it('never matches a candidate that contains wildcards', () => {
      expect(cpeMatches('cpe:2.3:*:*:*:*:*:*:*:*:*:*:*', 'cpe:2.3:a:x:y:8.*:*:*:*:*:*:*:*')).to.equal(false);
    });

    it('is case-insensitive and accepts parsed objects', () => {
      expect(cpeMatches(parseCpe('cpe:2.3:a:CITRIX:*:*:*:*:*:*:*:*:*'), parseCpe(adc))).to.equal(true);
    });

    it('reports the attribute relation', () => {
      expect(compareCpeValues(CPE_ANY, CPE_ANY)).to.equal('equal');
      expect(compareCpeValues(CPE_ANY, CPE_NA)).to.equal('superset');
      expect(compareCpeValues(CPE_NA, CPE_ANY)).to.equal('subset');
      expect(compareCpeValues(CPE_NA, CPE_NA)).to.equal('equal');
      expect(compareCpeValues(value('a'), CPE_NA)).to.equal('disjoint');
      expect(compareCpeValues(value('8.', { trailing: '*' }), value('8.1'))).to.equal('superset');
      expect(compareCpeValues(value('8.1'), value('8.', { trailing: '*' }))).to.equal('undefined');
    });

    it('throws CpeParseError for unparseable string arguments', () => {
      expect(() => cpeMatches('cpe:nope', adc)).to.throw(CpeParseError);
    });
  });
});
