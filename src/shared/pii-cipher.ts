/**
 * Field encryption for personal information: AES-256-GCM with a fresh random 96-bit IV per value,
 * and keyed digests (HMAC-SHA-256) to compare or look up values without decrypting them. The
 * encryption and digest keys are derived (HKDF) from one master key.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomFillSync,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

const version = 1;
const ivLength = 12;
const tagLength = 16;

export class PiiCipher {
  // Raw key bytes, not KeyObjects: node:crypto sets up a cipher or HMAC from a Buffer key in
  // about two thirds of the time it takes from a KeyObject, and the import seals millions.
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;
  readonly fingerprint: string;
  #ivPool = Buffer.alloc(ivLength * 4096);
  #ivOffset = this.#ivPool.length;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new AppError('config_invalid', 'the key must be 32 bytes');
    const derive = (info: string): Buffer =>
      Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `recourse:${info}`, 32));
    this.#encKey = derive('pii-encryption');
    this.#macKey = derive('pii-digest');
    this.fingerprint = createHmac('sha256', derive('fingerprint'))
      .update('recourse key check')
      .digest('hex')
      .slice(0, 32);
  }

  #nextIv(): Buffer {
    if (this.#ivOffset >= this.#ivPool.length) {
      randomFillSync(this.#ivPool);
      this.#ivOffset = 0;
    }
    const iv = this.#ivPool.subarray(this.#ivOffset, this.#ivOffset + ivLength);
    this.#ivOffset += ivLength;
    return iv;
  }

  /** version(1) | iv(12) | tag(16) | ciphertext */
  encrypt(plaintext: string): Buffer {
    return this.sealBytes(Buffer.from(plaintext, 'utf8'));
  }

  decrypt(sealed: Uint8Array): string {
    return this.openBytes(sealed).toString('utf8');
  }

  /** Seals bytes (a document's content) in the same format as encrypt. */
  sealBytes(plain: Uint8Array): Buffer {
    const iv = this.#nextIv();
    const c = createCipheriv('aes-256-gcm', this.#encKey, iv);
    const body = c.update(plain);
    const final = c.final();
    const out = Buffer.allocUnsafe(1 + ivLength + tagLength + body.length + final.length);
    out[0] = version;
    iv.copy(out, 1);
    c.getAuthTag().copy(out, 1 + ivLength);
    body.copy(out, 1 + ivLength + tagLength);
    final.copy(out, 1 + ivLength + tagLength + body.length);
    return out;
  }

  openBytes(sealed: Uint8Array): Buffer {
    const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (buf[0] !== version || buf.length < 1 + ivLength + tagLength)
      throw new AppError('key_mismatch', 'encrypted value has an unknown format');
    const d = createDecipheriv('aes-256-gcm', this.#encKey, buf.subarray(1, 1 + ivLength));
    d.setAuthTag(buf.subarray(1 + ivLength, 1 + ivLength + tagLength));
    try {
      return Buffer.concat([d.update(buf.subarray(1 + ivLength + tagLength)), d.final()]);
    } catch {
      throw new AppError('key_mismatch', 'encrypted value cannot be read with this key');
    }
  }

  /** A keyed digest: equal inputs give equal digests; the input cannot be recovered from it. */
  digest(text: string): Buffer {
    return createHmac('sha256', this.#macKey).update(text, 'utf8').digest();
  }
}

/**
 * The master key: from configuration when given, else from `encryption.key` in the data
 * directory, created (mode 0600) on first use.
 */
export function loadOrCreateKey(configured: Buffer | undefined, dataDir: string): Buffer {
  if (configured) return configured;
  const file = path.join(dataDir, 'encryption.key');
  if (fs.existsSync(file)) {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32)
      throw new AppError('config_invalid', `${file} does not hold a 32-byte base64 key`);
    return key;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
