import { expect } from 'chai';
import { rangesOf } from '../../../../feeds/csaf/csaf.products.js';
import { CsafParseError, parseCsafDocument, stricterTlp, tlpFromCsafLabel } from '../../../../feeds/csaf/csaf.parse.js';
import { importCsafDocument } from '../../../../feeds/csaf/index.js';
import { FeedItemDraftSchema } from '../../../../feeds/feed.js';
import { buildCsafDocument } from '../../../support/csaf-provider-fixture.js';

const base = { id: 'TEST-2026-0001', version: 3, title: 'Leitstand: Schwachstelle', released: '2026-02-01T10:00:00.000Z' };

function withTree(tree: unknown, status: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const doc = buildCsafDocument(base);
  return { ...doc, product_tree: tree, vulnerabilities: [{ cve: 'CVE-2026-0001', product_status: status }], ...extra };
}

describe('feeds/csaf/csaf.parse: CSAF document → feed item', () => {
  it('maps tracking, language, notes, remediations, CVEs, CVSS, severity, TLP and references', () => {
    const item = parseCsafDocument(JSON.stringify(buildCsafDocument({ ...base, cves: ['CVE-2026-0001', 'cve-2026-0002'], severity: 'Mittel', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', tlp: 'GREEN' })));
    expect(FeedItemDraftSchema.safeParse(item).success).to.equal(true);
    expect(item).to.include({ externalId: 'TEST-2026-0001', revision: '3', kind: 'advisory', severity: 'mittel', tlp: 'green' });
    expect(item.title).to.deep.equal({ de: 'Leitstand: Schwachstelle' });
    expect(item.summary).to.deep.equal({ de: 'Ein entfernter Angreifer kann eine Schwachstelle in Leitstand ausnutzen.\n\nLeitstand ist ein Leitsystem.' });
    expect(item.remediation).to.deep.equal({ de: 'Update auf Version 2.4.1 einspielen.' });
    expect(item.cves).to.deep.equal(['CVE-2026-0001', 'CVE-2026-0002']);
    expect(item.cvss).to.deep.equal(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H']);
    expect(item.references).to.deep.equal(['https://vendor.example.test/TEST-2026-0001']);
    expect(item.published?.toISOString()).to.equal('2026-01-05T08:00:00.000Z');
    expect(item.updated?.toISOString()).to.equal('2026-02-01T10:00:00.000Z');
  });

  it('takes the other language\'s title and summary from notes titled "… (English)" / "… (Deutsch)" instead of mixing them in', () => {
    const doc = buildCsafDocument(base) as { document: { lang: string; notes: { category: string; title?: string; text: string }[] } };
    doc.document.notes = [
      { category: 'summary', title: 'Zusammenfassung', text: 'Deutsche Zusammenfassung.' },
      { category: 'general', title: 'Title (English)', text: 'Control room: vulnerability' },
      { category: 'summary', title: 'Summary (English)', text: 'English summary.' },
      { category: 'general', title: 'Recommended actions (English)', text: 'Update.' },
    ];
    const german = parseCsafDocument(JSON.stringify(doc));
    expect(german.title).to.deep.equal({ de: 'Leitstand: Schwachstelle', en: 'Control room: vulnerability' });
    expect(german.summary).to.deep.equal({ de: 'Deutsche Zusammenfassung.', en: 'English summary.' });

    doc.document.lang = 'en';
    doc.document.notes = [
      { category: 'summary', title: 'Summary', text: 'English summary.' },
      { category: 'general', title: 'Titel (Deutsch)', text: 'Leitstand: Schwachstelle (de)' },
      { category: 'description', title: 'Beschreibung (Deutsch)', text: 'Deutsche Beschreibung.' },
    ];
    const english = parseCsafDocument(JSON.stringify(doc));
    expect(english.title).to.deep.equal({ en: 'Leitstand: Schwachstelle', de: 'Leitstand: Schwachstelle (de)' });
    expect(english.summary).to.deep.equal({ en: 'English summary.', de: 'Deutsche Beschreibung.' });
  });

  it('derives the severity from the highest CVSS base score when there is no aggregate severity', () => {
    const item = parseCsafDocument(buildCsafDocument({ ...base, cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }));
    expect(item.severity).to.equal('kritisch');
    expect(parseCsafDocument(buildCsafDocument(base)).severity).to.equal(undefined);
  });

  it('maps TLP 1.0 and 2.0 labels and never lowers the TLP of the channel', () => {
    expect(['WHITE', 'CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED', 'TLP:amber'].map(tlpFromCsafLabel)).to.deep.equal(['clear', 'clear', 'green', 'amber', 'amber+strict', 'red', 'amber']);
    expect(tlpFromCsafLabel('PURPLE')).to.equal(undefined);
    expect(stricterTlp('clear', 'green')).to.equal('green');
    expect(stricterTlp('red', 'green')).to.equal('red');
    const doc = buildCsafDocument(base);
    expect(parseCsafDocument(doc, { channelTlp: 'amber' }).tlp).to.equal('amber');
    const unlabelled = { ...doc, document: { ...(doc.document as object), distribution: undefined } };
    expect(parseCsafDocument(unlabelled, { defaultTlp: 'green' }).tlp).to.equal('green');
    expect(parseCsafDocument(unlabelled).tlp).to.equal('amber');
  });

  it('reports affected products only, with ranges, exact versions and CPE 2.3', () => {
    const tree = {
      branches: [
        {
          category: 'vendor',
          name: 'Beispiel AG',
          branches: [
            {
              category: 'product_name',
              name: 'Leitstand',
              branches: [
                { category: 'product_version_range', name: '<2.4.1', product: { name: 'Leitstand <2.4.1', product_id: 'A', product_identification_helper: { cpe: 'cpe:/a:beispiel:leitstand:2.4.1' } } },
                { category: 'product_version', name: '2.4.1', product: { name: 'Leitstand 2.4.1', product_id: 'A-fixed' } },
                { category: 'product_version', name: '1.0', product: { name: 'Leitstand 1.0', product_id: 'B', product_identification_helper: { cpe: 'cpe:/a:beispiel:leitstand:1.0' } } },
              ],
            },
          ],
        },
      ],
    };
    const item = parseCsafDocument(withTree(tree, { known_affected: ['A', 'B'], fixed: ['A-fixed'] }));
    expect(item.products).to.deep.equal([
      { vendor: 'Beispiel AG', product: 'Leitstand', versions: [{ below: '2.4.1' }, { exact: '1.0' }], cpe: 'cpe:2.3:a:beispiel:leitstand:*:*:*:*:*:*:*:*' },
    ]);
  });

  it('reports the platforms of fixed-only documents (Red Hat style) and every leaf without product status', () => {
    const tree = {
      branches: [{ category: 'vendor', name: 'Red Hat', branches: [{ category: 'product_name', name: 'Red Hat Enterprise Linux 9', product: { name: 'Red Hat Enterprise Linux 9', product_id: 'RHEL9' } }, { category: 'product_version', name: 'kernel-0:5.14', product: { name: 'kernel-0:5.14', product_id: 'kernel' } }] }],
      relationships: [{ category: 'default_component_of', product_reference: 'kernel', relates_to_product_reference: 'RHEL9', full_product_name: { name: 'kernel as a component of RHEL 9', product_id: 'RHEL9:kernel' } }],
    };
    const fixedOnly = parseCsafDocument(withTree(tree, { fixed: ['RHEL9:kernel'] }));
    expect(fixedOnly.products).to.deep.equal([{ vendor: 'Red Hat', product: 'Red Hat Enterprise Linux 9', versions: [] }]);
    const noStatus = parseCsafDocument(withTree(tree, undefined));
    expect(noStatus.products?.map((p) => p.product).sort()).to.deep.equal(['Red Hat Enterprise Linux 9', 'kernel-0:5.14']);
  });

  it('reads BSI range names, vers strings and product suffixes before the operator', () => {
    expect(rangesOf('<1.25.2')).to.deep.equal({ ranges: [{ below: '1.25.2' }] });
    expect(rangesOf('< 11.10.100')).to.deep.equal({ ranges: [{ below: '11.10.100' }] });
    expect(rangesOf('vers:all/<V2024.3')).to.deep.equal({ ranges: [{ below: 'V2024.3' }] });
    expect(rangesOf('Warehouse <5.1.0')).to.deep.equal({ ranges: [{ below: '5.1.0' }], suffix: 'Warehouse' });
    expect(rangesOf('2.4.1')).to.deep.equal({ ranges: [{ exact: '2.4.1' }] });
    expect(rangesOf('on Cloud Pak for Data')).to.deep.equal({ ranges: [] });
    expect(rangesOf('Warehouse < kaputt <')).to.deep.equal({ ranges: [] });
  });

  it('throws CsafParseError with the failing paths for input that is no CSAF document', () => {
    expect(() => parseCsafDocument('{not json')).to.throw(CsafParseError, /^Not JSON/);
    expect(() => parseCsafDocument([])).to.throw(CsafParseError, 'A CSAF document is a JSON object');
    try {
      parseCsafDocument({ document: { title: 'x' } });
      expect.fail('expected a CsafParseError');
    } catch (error) {
      expect(error).to.be.instanceOf(CsafParseError);
      expect((error as CsafParseError).issues.map((i) => i.path)).to.include('/document/tracking');
    }
  });
});

describe('feeds/csaf importCsafDocument (CLI import)', () => {
  const itemOf = async (input: string | Buffer, options = {}) => {
    const outcome = await importCsafDocument(input, options);
    if (!('item' in outcome)) throw new Error('expected an item');
    return outcome.item;
  };

  it('validates before mapping: a valid document has no findings, an invalid but acceptable one carries them', async () => {
    const good = JSON.stringify(buildCsafDocument(base));
    const item = await itemOf(Buffer.from(good));
    expect(item.externalId).to.equal('TEST-2026-0001');
    expect(item.findings ?? []).to.deep.equal([]);
    const invalid = await itemOf(JSON.stringify(buildCsafDocument({ ...base, invalid: true })));
    expect(invalid.externalId).to.equal('TEST-2026-0001');
    expect(invalid.findings?.[0]).to.include({ test: 'mandatoryTest_6_1_1' });
  });

  it('rejects what is not JSON, and quarantines a document without tracking id, title or anything affected (never drops it)', async () => {
    const rejection = async (input: string): Promise<unknown> => importCsafDocument(input).then(() => expect.fail('expected a rejection'), (error: unknown) => error);
    expect(await rejection('{')).to.be.instanceOf(CsafParseError);
    const doc = buildCsafDocument(base) as { document: { title: string; tracking: { id: string } } };
    doc.document.title = '';
    doc.document.tracking.id = '';
    const empty = await importCsafDocument(JSON.stringify(doc), { ref: 'empty.json' });
    if (!('quarantine' in empty)) expect.fail('expected a quarantine entry');
    expect(empty.quarantine).to.include({ ref: 'empty.json', check: 'unacceptable' });
    expect(empty.quarantine.reason).to.match(/lacks a tracking id \(\/document\/tracking\/id\), a title/);
    expect(empty.quarantine.document).to.be.an('object');
  });

  it('quarantines a file whose hash file beside it does not match', async () => {
    const good = Buffer.from(JSON.stringify(buildCsafDocument(base)));
    const outcome = await importCsafDocument(good, { ref: 'test.json', sidecars: { sha256: `${'0'.repeat(64)}  test.json` } });
    expect(outcome).to.have.property('quarantine');
    if (!('quarantine' in outcome)) return;
    expect(outcome.quarantine).to.include({ ref: 'test.json', check: 'hash', externalId: 'TEST-2026-0001' });
    expect(outcome.quarantine.reason).to.match(/^sha256 mismatch/);
  });
});
