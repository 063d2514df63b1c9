/**
 * The CERT's OpenPGP key that signs what Lagebild publishes (CSAF `.asc` files). From
 * CSAF_SIGNING_KEY_FILE when configured, else generated once (Ed25519/Curve25519) and kept like the
 * other instance secrets (server/platform/secrets.ts), so every instance and restart signs with the
 * same key. Only the public key ever leaves the process.
 */
import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import type { Config } from '../../config/index.js';
import type { DatabaseHandle } from '../platform/db/client.js';
import { resolveSecret } from '../platform/secrets.js';

export type SigningKey = {
  /** Upper-case hex fingerprint of the primary key. */
  fingerprint: string;
  /** ASCII-armored public key, as published next to provider-metadata.json. */
  armoredPublicKey: string;
  /** Detached, ASCII-armored signature over the exact bytes of `text` (UTF-8). */
  sign(text: string): Promise<string>;
  /** `text` signed with this key and encrypted to `recipientArmoredKey` (PGP/MIME mail), armored. */
  signAndEncrypt(text: string, recipientArmoredKey: string): Promise<string>;
};

const SECRET_NAME = 'csaf_openpgp_private_key';

async function generateArmoredKey(userId: { name: string }): Promise<string> {
  const { privateKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [userId], format: 'armored' });
  return privateKey;
}

/** A signing key from an armored private key (decrypted with `passphrase` when it is encrypted). */
export async function signingKeyFromArmored(armored: string, passphrase?: string): Promise<SigningKey> {
  const read = await openpgp.readPrivateKey({ armoredKey: armored });
  const privateKey = read.isDecrypted() ? read : await openpgp.decryptKey({ privateKey: read, passphrase: passphrase ?? '' });
  const armoredPublicKey = privateKey.toPublic().armor();
  return {
    fingerprint: privateKey.getFingerprint().toUpperCase(),
    armoredPublicKey,
    async sign(text: string) {
      const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
      const signature = (await openpgp.sign({ message, signingKeys: privateKey, detached: true, format: 'armored' })) as string;
      return signature;
    },
    async signAndEncrypt(text: string, recipientArmoredKey: string) {
      const recipient = await openpgp.readKey({ armoredKey: recipientArmoredKey });
      const message = await openpgp.createMessage({ binary: new TextEncoder().encode(text) });
      return (await openpgp.encrypt({ message, encryptionKeys: recipient, signingKeys: privateKey, format: 'armored' })) as string;
    },
  };
}

/**
 * Resolves the signing key: the configured file, else the stored generated key, else a new one.
 * @returns the key and whether it was generated just now (the caller logs that once).
 */
export async function resolveSigningKey(config: Config, database: DatabaseHandle): Promise<{ key: SigningKey; generated: boolean }> {
  const { file, passphrase } = config.csafSigningKey;
  const configured = file ? readFileSync(file, 'utf8') : undefined;
  const publisher = { name: `${config.settings.csaf.publisherName} CSAF` };
  const secret = await resolveSecret(SECRET_NAME, configured, database, config.dataDir, () => generateArmoredKey(publisher));
  return { key: await signingKeyFromArmored(secret.value, passphrase), generated: secret.generated };
}

/** Resolves the key once per app and shares the promise (routes ask for it on first use). */
export function lazySigningKey(config: Config, database: DatabaseHandle): () => Promise<SigningKey> {
  let pending: Promise<SigningKey> | undefined;
  return () => {
    pending ??= resolveSigningKey(config, database).then((resolved) => resolved.key);
    return pending;
  };
}
