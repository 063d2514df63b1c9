import { expect } from 'chai';
import { csvProblemPlace, csvProblemText, isCsvProblem } from '../../../client/src/features/inventory/csv-problems.js';
import { inventoryDe, inventoryEn } from '../../../client/src/features/inventory/inventory.messages.js';
import { fieldProblemsDe, fieldProblemsEn } from '../../../client/src/lib/field-problems.messages.js';
import { parseInventoryCsv } from '../../../server/inventory/inventory.csv.js';

// The client's {placeholder} substitution (i18n/index.tsx `format`).
type Key = keyof typeof inventoryDe | keyof typeof fieldProblemsDe;
const translator =
  (messages: Record<Key, string>) =>
  (key: Key, params: Record<string, string | number> = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
const de = translator({ ...inventoryDe, ...fieldProblemsDe });
const en = translator({ ...inventoryEn, ...fieldProblemsEn });

/** Each problem of `csv` as the German and the English reader see it. */
function worded(csv: string) {
  const { problems } = parseInventoryCsv(csv);
  expect(problems).to.not.be.empty;
  for (const problem of problems) expect(isCsvProblem(problem), problem.path).to.equal(true);
  return {
    de: problems.map((problem) => `${csvProblemPlace(de, problem)}: ${csvProblemText(de, problem)}`),
    en: problems.map((problem) => `${csvProblemPlace(en, problem)}: ${csvProblemText(en, problem)}`),
  };
}

describe('client: the problems of a CSV import in the reader\'s language', () => {
  it('words a bad value by its line and column', () => {
    const lines = worded('vendor,product,version,criticality\nMicrosoft,Exchange Server,15.2.1118.40,hoch\nFortinet,FortiOS,7.2.4,sehr hoch\n');
    expect(lines.de).to.deep.equal(['Zeile 3, Spalte „criticality“: Keine der möglichen Kritikalitäten: niedrig, mittel, hoch, kritisch.']);
    expect(lines.en[0]).to.match(/^Line 3, column "criticality": Not one of the possible criticalities/);
  });

  it('words the checks of versions and CPEs in a line', () => {
    const lines = worded('vendor,product,version,cpe\nCitrix,ADC,<13.1,cpe:2.3:a:citrix:adc\n');
    expect(lines.de).to.deep.equal([
      'Zeile 2, Spalte „version“: Eine Version darf keine Steuerzeichen und keines der Zeichen < > = | ≤ ≥ enthalten.',
      'Zeile 2, Spalte „cpe“: Eine CPE 2.3 hat 11 Attribute nach „cpe:2.3:“, diese hat 3. Schreiben Sie leere Attribute als * (beliebig) oder - (entfällt).',
    ]);
    expect(lines.en[1]).to.equal('Line 2, column "cpe": A CPE 2.3 has 11 attributes after "cpe:2.3:", this one has 3. Write empty attributes as * (any) or - (not applicable).');
  });

  it('words the problems of the file itself by their key, never in the parser\'s English', () => {
    const cases: [string, RegExp, RegExp][] = [
      ['', /^Zeile 1: Die Datei ist leer/, /^Line 1: The file is empty/],
      ['vendor,product\nCitrix,ADC\n"Fortinet,FortiOS\n', /^Zeile 3: Ein Anführungszeichen wird bis zum Dateiende nicht geschlossen\.$/, /^Line 3: A quotation mark is not closed/],
      ['vendor,product\nCitrix,ADC,13.1\n', /^Zeile 2: Die Zeile hat eine andere Anzahl Spalten als die Kopfzeile/, /^Line 2: The line has a different number of columns/],
      ['vendor,product,hersteller\nCitrix,ADC,x\n', /^Zeile 1: Unbekannte Spalte\(n\): hersteller\. Möglich sind: vendor, product/, /^Line 1: Unknown column\(s\): hersteller\./],
      ['vendor,version\nCitrix,1.0\n', /^Zeile 1: Die Spalte „product“ fehlt/, /^Line 1: The column "product" is missing/],
      [['vendor,product', ...Array.from({ length: 5001 }, (_, i) => `V,P${i}`)].join('\n'), /^Zeile 1: Höchstens 5000 Zeilen je Import/, /^Line 1: At most 5000 lines per import/],
    ];
    for (const [csv, german, english] of cases) {
      const lines = worded(csv);
      expect(lines.de[0], csv.slice(0, 40)).to.match(german);
      expect(lines.en[0], csv.slice(0, 40)).to.match(english);
    }
  });
});
