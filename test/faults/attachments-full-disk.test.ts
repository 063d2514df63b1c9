// Fault: the disk holding DATA_DIR/attachments is full. A real, tiny tmpfs (64 KiB) is mounted as
// DATA_DIR, so the kernel itself answers ENOSPC mid-write. Needs root (mount); skipped otherwise.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { count, eq } from 'drizzle-orm';
import { incidentAttachments } from '../../server/incidents/incidents.table.js';
import { attachmentsDirectory } from '../../server/incidents/attachments.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { loginAs } from '../support/session.js';
import { reportedIncident } from '../support/incidents.js';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Mounts a 64 KiB tmpfs at a fresh directory, or says why it cannot. */
function mountTinyDisk(): { dir: string } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'mounting a tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
    return { dir };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return { reason: 'mount -t tmpfs is not permitted here' };
  }
}

describe('Fault: attachment storage full (ENOSPC from a real 64 KiB tmpfs)', function () {
  let disk: { dir: string } | undefined;
  let server: TestServer;
  let soc: Session;
  let incidentId = '';
  let earlierId = '';
  const earlier = Buffer.from('ts,src\n2026-05-12T05:41:00Z,198.51.100.7\n');

  before(async function () {
    const mounted = mountTinyDisk();
    if ('reason' in mounted) this.skip(); // mounted.reason: no root or mount not permitted
    disk = mounted;
    server = await startTestServer({ env: { DATA_DIR: mounted.dir } });
    soc = await loginAs(server.url, 'soc@swnt.lagebild.test');
    incidentId = await reportedIncident(soc, '2026-05-12T06:10:00Z');
    const upload = await soc.agent.post(`/api/v1/incidents/${incidentId}/attachments`).query({ filename: 'firewall.csv' }).set('x-csrf-token', soc.csrfToken).set('content-type', 'application/octet-stream').send(earlier);
    expect(upload.status, JSON.stringify(upload.body)).to.equal(201);
    earlierId = upload.body.id as string;
  });
  after(async () => {
    await server?.close();
    if (disk) {
      execFileSync('umount', [disk.dir], { stdio: 'ignore' });
      rmSync(disk.dir, { recursive: true, force: true });
    }
  });

  const upload = (name: string, bytes: Buffer) => soc.agent.post(`/api/v1/incidents/${incidentId}/attachments`).query({ filename: name }).set('x-csrf-token', soc.csrfToken).set('content-type', 'application/octet-stream').send(bytes);

  it('answers an upload that does not fit with 507 INSUFFICIENT_STORAGE problem+json, leaving no row and no partial file', async () => {
    const filesBefore = readdirSync(attachmentsDirectory(disk!.dir)).sort();
    const [{ value: rowsBefore } = { value: 0 }] = await server.database.db.select({ value: count() }).from(incidentAttachments);
    // 200 KiB of log lines: the tmpfs fills part way through the write.
    const big = Buffer.from('2026-05-12T05:41:00Z deny tcp 198.51.100.7:4444 -> 10.0.0.5:445\n'.repeat(3300));
    const refused = await upload('firewall-full.log', big);
    expect(refused.status).to.equal(507);
    expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(refused.body).to.include({ code: 'INSUFFICIENT_STORAGE', status: 507 });
    expect(refused.body.detail).to.match(/storage is full/);
    const [{ value: rowsAfter } = { value: 0 }] = await server.database.db.select({ value: count() }).from(incidentAttachments);
    expect(rowsAfter, 'no attachment row for the refused upload').to.equal(rowsBefore);
    expect(readdirSync(attachmentsDirectory(disk!.dir)).sort(), 'the partial file is removed').to.deep.equal(filesBefore);
  });

  it('keeps every stored row pointing at a file, and the earlier attachment downloadable and postable', async () => {
    const rows = await server.database.db.select({ storedName: incidentAttachments.storedName }).from(incidentAttachments).where(eq(incidentAttachments.incidentId, incidentId));
    const files = new Set(readdirSync(attachmentsDirectory(disk!.dir)));
    for (const row of rows) expect(files.has(row.storedName), `file for row ${row.storedName}`).to.equal(true);
    const download = await soc.agent.get(`/api/v1/incidents/${incidentId}/attachments/${earlierId}`);
    expect(download.status).to.equal(200);
    expect(download.text).to.equal(earlier.toString());
    const message = await soc.agent.post(`/api/v1/incidents/${incidentId}/messages`).set('x-csrf-token', soc.csrfToken).send({ body: 'Logs anbei.', tlp: 'AMBER', attachmentIds: [earlierId] });
    expect(message.status, JSON.stringify(message.body)).to.equal(201);
  });

  it('stores a small upload again once it fits (the failure left nothing behind that blocks it)', async () => {
    const small = await upload('note.txt', Buffer.from('Festplatte war voll; kleine Datei passt.\n'));
    expect(small.status, JSON.stringify(small.body)).to.equal(201);
    const download = await soc.agent.get(`/api/v1/incidents/${incidentId}/attachments/${small.body.id as string}`);
    expect(download.status).to.equal(200);
  });
});
