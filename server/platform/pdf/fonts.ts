/**
 * The Unicode fonts every generated PDF uses. pdfkit's built-in Helvetica is WinAnsi (Latin-1): it
 * cannot print "Łódź", "ẞ" or a Cyrillic name. DejaVu Sans (fonts/README.md) covers them and is
 * embedded as a subset, so the PDF shows the same text on every reader.
 */
import { fileURLToPath } from 'node:url';

const dir = (name: string) => fileURLToPath(new URL(`./fonts/${name}`, import.meta.url));

/** Registered font names for `doc.font(…)`. */
export const PDF_FONT = { regular: 'Lagebild-Sans', bold: 'Lagebild-Sans-Bold' } as const;

/** Registers the embedded fonts on a pdfkit document and selects the regular one. */
export function useUnicodeFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  doc.registerFont(PDF_FONT.regular, dir('DejaVuSans.ttf'));
  doc.registerFont(PDF_FONT.bold, dir('DejaVuSans-Bold.ttf'));
  return doc.font(PDF_FONT.regular);
}
