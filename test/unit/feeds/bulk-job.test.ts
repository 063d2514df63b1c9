/**
 * The bulk job (server/feeds/bulk/bulk-job.ts) and the rendered lines it hands over
 * (server/platform/db/prepared-lines.ts), without a database: chunking, the last draft of an id
 * within a chunk, problems named after their document, failure when nothing parses, and random
 * bytes that never escape as anything but a problem or the first document's error.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { FeedError } from '../../../feeds/feed.js';
import { runBulkJob, type BulkJob } from '../../../server/feeds/bulk/bulk-job.js';
import type { PreparedItemChunk } from '../../../server/feeds/item-rows.js';
import { linesOf, selectLines } from '../../../server/platform/db/prepared-lines.js';

const record = (n: number, title = `Titel ${n}`) => ({
  dataType: 'CVE_RECORD',
  dataVersion: '5.1',
  cveMetadata: { cveId: `CVE-2026-${40_000 + n}`, state: 'PUBLISHED', datePublished: '2026-06-01T10:00:00.000Z' },
  containers: { cna: { title, descriptions: [{ lang: 'en', value: `Beschreibung ${n}` }], affected: [{ vendor: 'Beispiel GmbH', product: 'Router', cpes: ['cpe:2.3:h:beispiel:router:*:*:*:*:*:*:*:*'], versions: [{ version: '1.0', status: 'affected' }] }] } },
});
const job = (documents: BulkJob['documents'], chunkItems = 2): BulkJob => ({ format: 'cve5', documents, sourceId: '7d6f1c2e-8a4b-4c3d-9e5f-1a2b3c4d5e6f', defaultTlp: 'green', nowIso: '2026-12-07T12:00:00.000Z', chunkItems });
const text = (lines: PreparedItemChunk['lines']) => new TextDecoder().decode(lines.bytes);

describe('bulk job', () => {
  it('renders the items chunk by chunk, the last draft of an id within a chunk winning', () => {
    const chunks: PreparedItemChunk[] = [];
    const summary = runBulkJob(job([{ ref: 'a.json', body: JSON.stringify([record(1), record(1, 'Zweiter Entwurf'), record(2), record(3)]) }]), (chunk) => chunks.push(chunk));
    expect(chunks.map((chunk) => chunk.externalIds)).to.deep.equal([['CVE-2026-40001', 'CVE-2026-40002'], ['CVE-2026-40003']]);
    expect(text(chunks[0]!.lines)).to.contain('Zweiter Entwurf').and.not.contain('Titel 1');
    expect(chunks[0]!.lines.ends).to.have.length(2);
    expect(chunks[0]!.hashes[0]).to.match(/^[0-9a-f]{64}$/);
    expect(summary.records).to.deep.equal({ total: 4, noun: 'CVE records', storedAs: 'enrichments' });
    expect(summary.enrichments.cves).to.deep.equal(['CVE-2026-40001', 'CVE-2026-40002', 'CVE-2026-40003']);
    expect(summary.learnable).to.deep.equal([{ vendor: 'Beispiel GmbH', product: 'Router', cpe: 'cpe:2.3:h:beispiel:router:*:*:*:*:*:*:*:*' }]);
    expect(summary.problems).to.deep.equal([]);
  });

  it('names a problem after its document and counts a document that does not parse as one failed record', () => {
    const broken = { ...record(5), containers: { cna: { title: 42 } } };
    const summary = runBulkJob(job([{ ref: 'a.json', body: JSON.stringify([record(4), broken]) }, { ref: 'b.json', body: Buffer.from('{ kein JSON') }]), () => undefined);
    expect(summary.problems.map((problem) => problem.ref)).to.deep.equal(['a.json: CVE-2026-40005', 'b.json']);
    expect(summary.problems[1]!.message).to.equal('b.json is not valid JSON');
    expect(summary.records!.total).to.equal(3);
  });

  it('fails with the first document’s error when none parses', () => {
    expect(() => runBulkJob(job([{ ref: 'x.json', body: 'nope' }, { ref: 'y.json', body: '[]]' }]), () => undefined)).to.throw(FeedError, 'x.json is not valid JSON');
  });

  it('turns random bytes into problems or the first document’s error, never anything else', () => {
    for (let round = 0; round < 200; round += 1) {
      const bytes = randomBytes(1 + (round % 64));
      const prefix = ['', '[', '{"dataType":"CVE_RECORD","cveMetadata":', '[{"cveMetadata":{"cveId":"CVE-2026-1"}},'][round % 4]!;
      const body = Buffer.concat([Buffer.from(prefix), bytes]);
      try {
        runBulkJob({ ...job([{ ref: 'f.json', body }]), format: (['cve5', 'nvd-api', 'cisa-kev'] as const)[round % 3]! }, () => undefined);
      } catch (error) {
        expect(error, String(error)).to.be.instanceOf(FeedError);
      }
    }
  });
});

describe('prepared COPY lines', () => {
  const lines = ['eins\tä\n', 'zwei\t€uro\n', 'drei\t𝄞\n'];
  it('hands over all lines without copying, and any selection of them exactly', () => {
    const prepared = linesOf(lines);
    expect(selectLines(prepared, [0, 1, 2])).to.equal(prepared.bytes);
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    expect(decode(selectLines(prepared, [1]))).to.equal(lines[1]);
    expect(decode(selectLines(prepared, [0, 2]))).to.equal(lines[0]! + lines[2]!);
    expect(decode(selectLines(prepared, []))).to.equal('');
    expect(prepared.bytes.buffer.byteLength).to.equal(Buffer.byteLength(lines.join(''), 'utf8'));
  });
});
