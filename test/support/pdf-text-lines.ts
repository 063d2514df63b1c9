/**
 * The text of a PDF written by pdfkit with embedded TrueType fonts, for assertions: inflates the
 * streams, maps each font resource (`/F1`) to its ToUnicode CMap and decodes the glyph strings of the
 * content streams with the CMap of the font selected by the preceding `Tf`. One line per text
 * operator, so a phrase that wraps is found only up to the line break.
 */
import { inflateSync } from 'node:zlib';

type PdfObject = { dict: string; stream: string | null };

function objects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const result = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\b/g;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    const end = raw.indexOf('endobj', match.index);
    const body = raw.slice(match.index + match[0].length, end);
    const streamAt = body.search(/\bstream\r?\n/);
    if (streamAt < 0) {
      result.set(Number(match[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const start = match.index + match[0].length + streamAt + (/\bstream\r\n/.test(body.slice(streamAt, streamAt + 8)) ? 8 : 7);
    const bytes = pdf.subarray(start, raw.indexOf('endstream', start));
    let stream: string | null;
    try {
      stream = dict.includes('/FlateDecode') ? inflateSync(bytes).toString('latin1') : bytes.toString('latin1');
    } catch {
      stream = null;
    }
    result.set(Number(match[1]), { dict, stream });
  }
  return result;
}

function utf16(hex: string): string {
  const clean = hex.replace(/\s+/g, '');
  let text = '';
  for (let index = 0; index + 4 <= clean.length; index += 4) text += String.fromCharCode(Number.parseInt(clean.slice(index, index + 4), 16));
  return text;
}

function parseCmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const low = Number.parseInt(line[1]!, 16);
      const high = Number.parseInt(line[2]!, 16);
      const target = line[3]!;
      if (target.startsWith('[')) [...target.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((entry, offset) => map.set(low + offset, utf16(entry[1]!)));
      else {
        const base = Number.parseInt(target.slice(1, -1).replace(/\s+/g, ''), 16);
        for (let code = low; code <= high; code += 1) map.set(code, String.fromCharCode(base + code - low));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([^]*?)endbfchar/g)) for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(Number.parseInt(line[1]!, 16), utf16(line[2]!));
  return map;
}

/** The document's text, one line per text operator, in page order. */
export function pdfTextLines(pdf: Buffer): string {
  const all = objects(pdf);
  const cmapOfFont = new Map<number, Map<number, string>>();
  for (const [id, object] of all) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(object.dict);
    const cmap = ref ? all.get(Number(ref[1]))?.stream : null;
    if (cmap) cmapOfFont.set(id, parseCmap(cmap));
  }
  const fontByName = new Map<string, Map<number, string>>();
  for (const object of all.values()) {
    for (const entry of object.dict.matchAll(/\/(F\w+) (\d+) 0 R/g)) {
      const cmap = cmapOfFont.get(Number(entry[2]));
      if (cmap) fontByName.set(entry[1]!, cmap);
    }
  }
  const lines: string[] = [];
  for (const object of all.values()) {
    if (!object.stream || !/\bBT\b/.test(object.stream)) continue;
    let cmap: Map<number, string> | undefined;
    for (const op of object.stream.matchAll(/\/(F\w+) [\d.]+ Tf|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)) {
      if (op[1]) {
        cmap = fontByName.get(op[1]);
        continue;
      }
      const codes = [...op[2]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => hex[1]!).join('');
      lines.push((codes.match(/.{4}/g) ?? []).map((code) => cmap?.get(Number.parseInt(code, 16)) ?? '').join(''));
    }
  }
  return lines.join('\n');
}
