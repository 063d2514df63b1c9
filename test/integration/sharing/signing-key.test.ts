import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import * as openpgp from 'openpgp';
import type { DatabaseHandle } from '../../../server/platform/db/client.js';
import { resolveSigningKey } from '../../../server/sharing/signing-key.js';
import { testConfig } from '../../support/config.js';
import { createTestDatabase } from '../../support/database.js';

describe('CSAF signing key: generated once and kept, or configured', () => {
  let database: DatabaseHandle;
  before(async () => {
    database = await createTestDatabase();
    await database.migrate();
  });
  after(async () => database.close());

  it('generates a key at the first start and returns the same one on the next', async () => {
    const config = testConfig();
    const first = await resolveSigningKey(config, database);
    expect(first.generated).to.equal(true);
    const second = await resolveSigningKey(config, database);
    expect(second.generated).to.equal(false);
    expect(second.key.fingerprint).to.equal(first.key.fingerprint);
    const signature = await second.key.sign('{"document":{}}\n');
    const verification = await openpgp.verify({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode('{"document":{}}\n') }),
      signature: await openpgp.readSignature({ armoredSignature: signature }),
      verificationKeys: await openpgp.readKey({ armoredKey: first.key.armoredPublicKey }),
      expectSigned: true,
    });
    expect(verification.signatures).to.have.length(1);
    expect(first.key.armoredPublicKey).to.not.contain('PRIVATE KEY');
  });

  it('uses CSAF_SIGNING_KEY_FILE (encrypted, with its passphrase) instead of generating one', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'CERT-Thüringen CSAF' }], passphrase: 'Passphrase-2026', format: 'armored' });
    const file = join(mkdtempSync(join(tmpdir(), 'lagebild-key-')), 'csaf.asc');
    writeFileSync(file, privateKey, { mode: 0o600 });
    const resolved = await resolveSigningKey(testConfig({ CSAF_SIGNING_KEY_FILE: file, CSAF_SIGNING_KEY_PASSPHRASE: 'Passphrase-2026' }), database);
    expect(resolved.generated).to.equal(false);
    expect(resolved.key.fingerprint).to.equal((await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase());
    let failed = false;
    await resolveSigningKey(testConfig({ CSAF_SIGNING_KEY_FILE: file, CSAF_SIGNING_KEY_PASSPHRASE: 'wrong-passphrase' }), database).catch(() => (failed = true));
    expect(failed, 'a wrong passphrase fails at start, not at the first signature').to.equal(true);
  });
});
