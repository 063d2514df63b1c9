/**
 * COPY rows (text format, see copy.ts) rendered ahead as one UTF-8 buffer with each line's end, so a
 * worker thread can hand them over without copying (the buffer is transferred) and the receiver can
 * write any selection of them: all (a first import), some (the new ones among stored rows) or none.
 */
export type PreparedLines = { bytes: Uint8Array; ends: Uint32Array };

/** The lines (each ending in `\n`, from copyRow) as one buffer of its own, transferable. */
export function linesOf(lines: readonly string[]): PreparedLines {
  const ends = new Uint32Array(lines.length);
  let offset = 0;
  for (const [index, line] of lines.entries()) {
    offset += Buffer.byteLength(line, 'utf8');
    ends[index] = offset;
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  const encoder = new TextEncoder();
  for (const line of lines) at += encoder.encodeInto(line, bytes.subarray(at)).written;
  return { bytes, ends };
}

/** The lines at `indices` (ascending), as one buffer; all of them without copying. */
export function selectLines(lines: PreparedLines, indices: readonly number[]): Uint8Array {
  if (indices.length === lines.ends.length) return lines.bytes;
  const startOf = (index: number) => (index === 0 ? 0 : lines.ends[index - 1]!);
  let length = 0;
  for (const index of indices) length += lines.ends[index]! - startOf(index);
  const out = new Uint8Array(length);
  let at = 0;
  for (const index of indices) {
    const line = lines.bytes.subarray(startOf(index), lines.ends[index]);
    out.set(line, at);
    at += line.length;
  }
  return out;
}
