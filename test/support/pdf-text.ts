/**
 * The text of a PDF as a reader sees it, decoded through each font's ToUnicode map — enough for the
 * PDFs pdfkit writes (Type0 fonts with Identity-H, two-byte glyph ids in hex strings), without an
 * external tool. Also names the embedded fonts, so tests can check the text is not in a base-14 font.
 */
import { inflateSync } from 'node:zlib';

type PdfObject = { dict: string; stream: string | null };

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const at = body.search(/stream\r?\n/);
    let stream: string | null = null;
    if (at >= 0) {
      const start = match.index + match[0].indexOf(body) + at + (body.slice(at).startsWith('stream\r\n') ? 8 : 7);
      const end = text.indexOf('endstream', start);
      const raw = pdf.subarray(start, end);
      try {
        stream = /\/FlateDecode/.test(body.slice(0, at)) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
      } catch {
        stream = null;
      }
    }
    found.set(Number(match[1]), { dict: at >= 0 ? body.slice(0, at) : body, stream });
  }
  return found;
}

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // A target may hold several UTF-16 units, space-separated: a ligature such as "ff" maps to <0066 0066>.
  const hex = (value: string) => String.fromCodePoint(...(value.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f\s]+>)/gi)) {
      const from = parseInt(entry[1]!, 16);
      const target = entry[3]!;
      if (target.startsWith('[')) [...target.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((item, index) => map.set(from + index, hex(item[1]!)));
      else for (let code = from, to = parseInt(entry[2]!, 16), base = parseInt(target.slice(1, -1), 16); code <= to; code += 1) map.set(code, String.fromCodePoint(base + code - from));
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi)) map.set(parseInt(entry[1]!, 16), hex(entry[2]!));
  }
  return map;
}

/** The embedded fonts (`/FontName` of descriptors with a FontFile2) and the text, one line per baseline. */
export function pdfText(pdf: Buffer): { fonts: string[]; text: string } {
  const all = objects(pdf);
  const ref = (dict: string, key: string) => Number(dict.match(new RegExp(`/${key} (\\d+) 0 R`))?.[1]);
  const maps = new Map<string, Map<number, string>>();
  const fonts = new Set<string>();
  for (const { dict } of all.values()) {
    for (const [, name, id] of dict.matchAll(/\/(F\w+) (\d+) 0 R/g)) {
      const font = all.get(Number(id));
      const unicode = font ? all.get(ref(font.dict, 'ToUnicode'))?.stream : undefined;
      if (unicode) maps.set(name!, toUnicode(unicode));
    }
    const descriptor = dict.match(/\/FontFile2 \d+ 0 R/) ? dict.match(/\/FontName \/([^\s/]+)/)?.[1] : undefined;
    if (descriptor) fonts.add(descriptor);
  }
  const lines: string[] = [];
  for (const { stream } of all.values()) {
    if (!stream?.includes('BT')) continue;
    let font: Map<number, string> | undefined;
    let baseline: string | undefined;
    for (const textObject of stream.matchAll(/BT([\s\S]*?)ET/g)) {
      // Pieces set on the same baseline (a bold label, then its value) read as one line.
      const y = textObject[1]!.match(/[\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ ([\d.-]+) Tm/)?.[1];
      const sameLine = y !== undefined && y === baseline && lines.length > 0;
      baseline = y;
      let line = sameLine ? lines.pop()! : '';
      for (const op of textObject[1]!.matchAll(/\/(F\w+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
        if (op[1]) font = maps.get(op[1]);
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((item) => item[1]!) : op[3] !== undefined ? [op[3]] : [];
        for (const hex of hexes) line += (hex.match(/.{4}/g) ?? []).map((unit) => font?.get(parseInt(unit, 16)) ?? '\uFFFD').join('');
      }
      lines.push(line);
    }
  }
  return { fonts: [...fonts], text: lines.join('\n') };
}
