/**
 * The stage PDF is set in the embedded DejaVu Sans (not pdfkit's Latin-1 Helvetica), so German
 * sharp s and capital sharp s, Polish and other non-Latin-1 letters print as written, and it
 * speaks the reader's language.
 */
import { expect } from 'chai';
import { renderStagePdf } from '../../../server/incidents/stage-pdf.js';
import type { StageExport } from '../../../server/incidents/use-cases/stages.js';
import { pdfText } from '../../support/pdf-text.js';

const at = { utc: '2026-03-29T01:30:00.000Z', berlin: '2026-03-29T03:30:00+02:00', label: '29.03.2026, 03:30 MESZ' };

function stage(): StageExport {
  return {
    id: '5b7f4a52-8a4c-4c9f-8a84-1c2d3e4f5a6b',
    stage: 'early_warning',
    revision: 1,
    correctsId: null,
    submitted: at,
    submittedBy: null,
    content: { stage: 'early_warning', summary: 'Größe äöüß ẞ – Ausfall der Leitstelle' },
    bsiAcknowledgement: null,
    incidentId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    reportingOrganization: { id: '1a2b3c4d-5e6f-4a8b-9c0d-e1f2a3b4c5d6', name: 'Wodociągi Łódź Sp. z o.o.', sector: 'water' },
    awareness: { utc: at.utc, berlin: at.berlin },
    report: { title: 'Störung in Łódź', crossBorder: 'yes', impact: { availability: true } },
    deadlines: [{ stage: 'notification', dueUtc: '2026-03-31T01:30:00.000Z', dueBerlin: '31.03.2026, 03:30 MESZ', submittedUtc: null }],
    tlp: 'TLP:AMBER+STRICT',
    exportedAt: '2026-03-29T02:00:00.000Z',
  };
}

describe('stage PDF: embedded Unicode font, reader language', () => {
  it('prints "Größe äöüß ẞ" and "Łódź" in the embedded DejaVu Sans, in German', async () => {
    const pdf = await renderStagePdf(stage(), 'de');
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    const { fonts, text } = pdfText(pdf);
    expect(fonts.map((font) => font.replace(/^[A-Z]{6}\+/, '')).sort()).to.deep.equal(['DejaVuSans', 'DejaVuSans-Bold']);
    expect(pdf.toString('latin1')).not.to.match(/\/BaseFont \/Helvetica/);
    expect(text).to.contain('Größe äöüß ẞ – Ausfall der Leitstelle');
    expect(text).to.contain('Wodociągi Łódź Sp. z o.o.');
    expect(text).to.contain('Störung in Łódź');
    expect(text).to.contain('Frühe Erstmeldung');
    expect(text).to.contain('Grenzüberschreitend: ja');
    expect(text).to.contain('29.03.2026, 03:30 MESZ');
  });

  it('speaks English to an English reader, with the same Unicode text', async () => {
    const { text } = pdfText(await renderStagePdf(stage(), 'en'));
    expect(text).to.contain('Early warning (§ 32(1) no. 1 BSIG');
    expect(text).to.contain('Cross-border: yes');
    expect(text).to.contain('Impact: availability');
    expect(text).to.contain('Deadlines (Europe/Berlin)');
    expect(text).to.contain('Größe äöüß ẞ');
    expect(text).to.contain('Łódź');
    expect(text).not.to.contain('Frühe Erstmeldung');
    expect(text).to.match(/29 Mar 2026, 03:30 (CEST|GMT\+2)/);
  });

  it('keeps the text readable after a ligature: an incident id with "ff" in it', async () => {
    // The font shapes "ff" into one glyph whose ToUnicode entry holds two units (<0066 0066>); every
    // glyph after it must still decode (CI saw the organization's name garbled for such ids).
    const { text } = pdfText(await renderStagePdf({ ...stage(), incidentId: '0ffe2d3c-4b5a-4968-8776-a5b4c3d2e1ff' }, 'de'));
    expect(text).to.contain('0ffe2d3c-4b5a-4968-8776-a5b4c3d2e1ff');
    expect(text).to.contain('Wodociągi Łódź Sp. z o.o.');
    expect(text).to.contain('Größe äöüß ẞ – Ausfall der Leitstelle');
  });
});
