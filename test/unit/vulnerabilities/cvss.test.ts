import { expect } from 'chai';
import {
  BSI_SEVERITY_LABELS,
  BsiSeveritySchema,
  bsiSeverityLabel,
  compareBsiSeverity,
  CvssParseError,
  cvssSeverity,
  CvssVectorSchema,
  parseCvssVector,
  safeParseCvssVector,
  severityFromCvss,
} from '../../../server/vulnerabilities/cvss.js';
import { cvssLibrary } from '../../../server/vulnerabilities/cvss-library.js';

function parseError(vector: string): CvssParseError {
  try {
    parseCvssVector(vector);
  } catch (error) {
    expect(error).to.be.instanceOf(CvssParseError);
    return error as CvssParseError;
  }
  throw new Error(`expected ${vector} to be rejected`);
}

describe('vulnerabilities/cvss', () => {
  describe('known scores', () => {
    // Scores from the FIRST calculators / NVD for these vectors.
    const known: readonly (readonly [string, number, string])[] = [
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'critical'],
      ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'high'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'high'], // CitrixBleed CVE-2023-4966
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'medium'], // typical reflected XSS
      ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1, 'high'], // regreSSHion CVE-2024-6387
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'high'], // HTTP/2 Rapid Reset
      ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6, 'low'],
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0.0, 'none'],
      ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3, 'critical'],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10.0, 'critical'],
      ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.5, 'high'],
      ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0.0, 'none'],
    ];
    for (const [vector, score, severity] of known) {
      it(`${vector} = ${score.toFixed(1)}`, () => {
        const parsed = parseCvssVector(vector);
        expect(parsed.baseScore).to.equal(score);
        expect(parsed.severity).to.equal(severity);
        expect(parsed.vector).to.equal(vector);
      });
    }

    it('matches an independent implementation on all 2,592 v3.0/v3.1 base vectors', () => {
      // Cross-check of our formula against ae-cvss-calculator's own 3.x implementation.
      const values: readonly (readonly [string, readonly string[]])[] = [
        ['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'R']],
        ['S', ['U', 'C']], ['C', ['N', 'L', 'H']], ['I', ['N', 'L', 'H']], ['A', ['N', 'L', 'H']],
      ];
      let vectors = [''];
      for (const [key, options] of values) vectors = vectors.flatMap((v) => options.map((o) => `${v}/${key}:${o}`));
      expect(vectors).to.have.length(2592);
      for (const metrics of vectors) {
        expect(parseCvssVector(`CVSS:3.1${metrics}`).baseScore, metrics).to.equal(
          new cvssLibrary.Cvss3P1(`CVSS:3.1${metrics}`).calculateScores().base,
        );
        expect(parseCvssVector(`CVSS:3.0${metrics}`).baseScore, metrics).to.equal(
          new cvssLibrary.Cvss3P0(`CVSS:3.0${metrics}`).calculateScores().base,
        );
      }
    });
  });

  describe('parsing', () => {
    it('returns version, normalized vector and metrics', () => {
      const parsed = parseCvssVector(' cvss:3.1/a:h/i:h/c:h/s:u/ui:n/pr:n/ac:l/av:n ');
      expect(parsed).to.deep.equal({
        version: '3.1',
        vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        baseScore: 9.8,
        severity: 'critical',
        metrics: { AV: 'N', AC: 'L', PR: 'N', UI: 'N', S: 'U', C: 'H', I: 'H', A: 'H' },
      });
    });

    it('accepts temporal/environmental metrics but reports the base score', () => {
      const parsed = parseCvssVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:C/CR:H/MAV:X');
      expect(parsed.baseScore).to.equal(9.8);
      expect(parsed.metrics).to.include({ E: 'P', RL: 'U', RC: 'C', CR: 'H' });
      expect(parsed.metrics).not.to.have.property('MAV');
      expect(parsed.vector).to.equal('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:U/RC:C/CR:H');
    });

    it('scores CVSS 4.0 from base metrics only and keeps supplemental metrics', () => {
      const parsed = parseCvssVector('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/AU:Y/U:red');
      expect(parsed.version).to.equal('4.0');
      expect(parsed.baseScore).to.equal(9.3);
      expect(parsed.metrics).to.include({ E: 'U', AU: 'Y', U: 'Red' });
    });

    it('drops Not Defined (X) metrics from the normalized 4.0 vector', () => {
      const nvd =
        'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/' +
        'MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X';
      const parsed = parseCvssVector(nvd);
      expect(parsed.vector).to.equal('CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N');
      expect(parsed.baseScore).to.equal(5.3);
    });
  });

  describe('errors', () => {
    it('names an invalid value and its metric', () => {
      const error = parseError('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      expect(error.metric).to.equal('AV');
      expect(error.message).to.contain('AV (Attack Vector)').and.to.contain('"X"');
    });

    it('names a missing base metric', () => {
      const error = parseError('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H');
      expect(error.metric).to.equal('S');
      expect(error.message).to.contain('S (Scope)');
      expect(parseError('CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').metric).to.equal('AT');
    });

    it('names a duplicate metric', () => {
      const error = parseError('CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      expect(error.metric).to.equal('AV');
      expect(error.message).to.match(/Duplicate/);
    });

    it('names an unknown metric, including metrics of the other version', () => {
      expect(parseError('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y').metric).to.equal('XX');
      expect(parseError('CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H').metric).to.equal('AT');
      expect(parseError('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O').metric).to.equal('RL');
    });

    it('rejects version 4.0-only values in 3.1 and vice versa', () => {
      expect(parseError('CVSS:3.1/AV:N/AC:L/PR:N/UI:P/S:U/C:H/I:H/A:H').metric).to.equal('UI');
      expect(parseError('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N').metric).to.equal('UI');
      expect(parseError('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N').metric).to.equal('SI');
    });

    it('rejects malformed structure, v2 vectors and unsupported versions', () => {
      for (const bad of ['', '   ', 'CVSS:3.1', 'CVSS:3.1/', 'CVSS:3.1/AV:N/', 'CVSS:3.1/AV', 'CVSS:3.1/AV:N:L',
        'AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P', 'CVSS:3.2/AV:N', 'CVSS3.1/AV:N',
        `CVSS:3.1/${'AV:N/'.repeat(200)}`]) {
        const result = safeParseCvssVector(bad);
        expect(result.success, bad).to.equal(false);
      }
      expect(parseError('CVSS:2.0/AV:N').message).to.match(/Unsupported CVSS version 2\.0/);
    });
  });

  describe('CvssVectorSchema', () => {
    it('transforms a vector string', () => {
      const parsed = CvssVectorSchema.parse('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
      expect(parsed.baseScore).to.equal(9.8);
    });

    it('turns parse errors into zod issues', () => {
      const result = CvssVectorSchema.safeParse('CVSS:3.1/AV:Q');
      expect(result.success).to.equal(false);
      expect(result.error?.issues[0]?.message).to.contain('AV (Attack Vector)');
      expect(CvssVectorSchema.safeParse(9.8).success).to.equal(false);
    });
  });

  describe('severity ratings', () => {
    it('maps scores to the CVSS qualitative rating', () => {
      expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(cvssSeverity)).to.deep.equal([
        'none', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical',
      ]);
    });

    it('maps scores to BSI classes', () => {
      expect([0, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromCvss)).to.deep.equal([
        'niedrig', 'niedrig', 'mittel', 'mittel', 'hoch', 'hoch', 'kritisch', 'kritisch',
      ]);
    });

    it('rejects scores outside 0..10', () => {
      for (const bad of [-0.1, 10.1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => severityFromCvss(bad)).to.throw(RangeError);
        expect(() => cvssSeverity(bad)).to.throw(RangeError);
      }
    });

    it('has German labels with English translations', () => {
      expect(BsiSeveritySchema.options).to.deep.equal(['niedrig', 'mittel', 'hoch', 'kritisch']);
      expect(BSI_SEVERITY_LABELS.kritisch).to.deep.equal({ de: 'Kritisch', en: 'Critical' });
      expect(bsiSeverityLabel('mittel', 'en')).to.equal('Medium');
      expect(bsiSeverityLabel('hoch', 'de')).to.equal('Hoch');
      expect(BsiSeveritySchema.safeParse('high').success).to.equal(false);
    });

    it('orders BSI classes', () => {
      const sorted = (['kritisch', 'niedrig', 'hoch', 'mittel'] as const).slice().sort(compareBsiSeverity);
      expect(sorted).to.deep.equal(['niedrig', 'mittel', 'hoch', 'kritisch']);
    });
  });
});
