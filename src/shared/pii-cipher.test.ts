import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError, type ErrorCode } from './errors.js';
import { PiiCipher, loadOrCreateKey } from './pii-cipher.js';

const keyA = Buffer.alloc(32, 0xa5);
const keyB = Buffer.alloc(32, 0x5a);

function errorCode(fn: () => unknown): ErrorCode | 'no error' | 'not an AppError' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return isAppError(e) ? e.code : 'not an AppError';
  }
}

describe('PiiCipher', () => {
  const cipher = new PiiCipher(keyA);

  it.each([
    ['ascii', 'hello'],
    ['empty', ''],
    ['chinese', '张伟 身份证 110105198001011234 北京市朝阳区建国路88号'],
    ['traditional and emoji', '陳大文 香港九龍旺角彌敦道 🏠'],
    ['phone', '+8613800138000'],
    ['long', 'x'.repeat(100_000)],
  ])('round-trips %s text', (_name, text) => {
    const sealed = cipher.encrypt(text);
    expect(sealed[0]).toBe(1);
    expect(sealed.length).toBe(1 + 12 + 16 + Buffer.byteLength(text, 'utf8'));
    expect(sealed.includes(Buffer.from(text, 'utf8')) && text.length > 0).toBe(false);
    expect(cipher.decrypt(sealed)).toBe(text);
    expect(new PiiCipher(Buffer.from(keyA)).decrypt(sealed)).toBe(text);
  });

  it('decrypts a Uint8Array view that does not start at offset 0', () => {
    const sealed = cipher.encrypt('王芳');
    const big = new Uint8Array(sealed.length + 10);
    big.set(sealed, 7);
    expect(cipher.decrypt(big.subarray(7, 7 + sealed.length))).toBe('王芳');
  });

  it('seals and opens bytes that are not text (a document), in the same format', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0xc3, 0x28]);
    const sealed = cipher.sealBytes(bytes);
    expect(sealed.includes(bytes)).toBe(false);
    expect(cipher.openBytes(sealed).equals(bytes)).toBe(true);
    expect(cipher.openBytes(cipher.encrypt('王芳')).toString('utf8')).toBe('王芳');
    const bad = Buffer.from(sealed);
    bad[bad.length - 1]! ^= 1;
    expect(errorCode(() => cipher.openBytes(bad))).toBe('key_mismatch');
  });

  it('fails with key_mismatch when any byte is tampered with', () => {
    for (const text of ['', '李娜 13912345678']) {
      const sealed = cipher.encrypt(text);
      for (let i = 0; i < sealed.length; i++) {
        for (const flip of [0x01, 0x80]) {
          const bad = Buffer.from(sealed);
          bad[i] = (bad[i] as number) ^ flip;
          expect(
            errorCode(() => cipher.decrypt(bad)),
            `byte ${i} ^ ${flip}`,
          ).toBe('key_mismatch');
        }
      }
    }
  });

  it('fails with key_mismatch on truncated or extended values', () => {
    const sealed = cipher.encrypt('张三');
    for (const bad of [
      Buffer.alloc(0),
      sealed.subarray(0, 1),
      sealed.subarray(0, 28),
      sealed.subarray(0, sealed.length - 1),
      Buffer.concat([sealed, Buffer.from([0])]),
    ])
      expect(errorCode(() => cipher.decrypt(bad))).toBe('key_mismatch');
  });

  it('fails with key_mismatch under a different key', () => {
    const sealed = cipher.encrypt('赵敏');
    expect(errorCode(() => new PiiCipher(keyB).decrypt(sealed))).toBe('key_mismatch');
  });

  it('seals the same plaintext differently each time (fresh IV), across IV pool refills', () => {
    const ivs = new Set<string>();
    const bodies = new Set<string>();
    const n = 10_000; // more than the 4096 IVs drawn at a time
    for (let i = 0; i < n; i++) {
      const sealed = cipher.encrypt('same');
      ivs.add(sealed.subarray(1, 13).toString('hex'));
      bodies.add(sealed.toString('hex'));
      if (i % 1000 === 0) expect(cipher.decrypt(sealed)).toBe('same');
    }
    expect(ivs.size).toBe(n);
    expect(bodies.size).toBe(n);
  });

  it('digests: equal for equal inputs, different for different inputs or keys', () => {
    const other = new PiiCipher(keyB);
    const d = cipher.digest('110105198001011234');
    expect(d.length).toBe(32);
    expect(cipher.digest('110105198001011234').equals(d)).toBe(true);
    expect(new PiiCipher(Buffer.from(keyA)).digest('110105198001011234').equals(d)).toBe(true);
    expect(cipher.digest('110105198001011235').equals(d)).toBe(false);
    expect(other.digest('110105198001011234').equals(d)).toBe(false);
    expect(cipher.digest('').equals(cipher.digest(' '))).toBe(false);
    expect(cipher.digest('张三').equals(cipher.digest('张三'))).toBe(true);
  });

  it('has a fingerprint that is stable per key and reveals nothing of it', () => {
    expect(cipher.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new PiiCipher(Buffer.from(keyA)).fingerprint).toBe(cipher.fingerprint);
    expect(new PiiCipher(keyB).fingerprint).not.toBe(cipher.fingerprint);
    expect(keyA.toString('hex')).not.toContain(cipher.fingerprint);
  });

  it('refuses a key that is not 32 bytes', () => {
    for (const n of [0, 16, 31, 33, 64])
      expect(errorCode(() => new PiiCipher(Buffer.alloc(n, 1)))).toBe('config_invalid');
  });
});

describe('loadOrCreateKey', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recourse-key-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('returns a configured key as is and writes nothing', () => {
    const dir = tempDir();
    const key = randomBytes(32);
    expect(loadOrCreateKey(key, dir)).toBe(key);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('creates a 0600 key file on first use (and the directory) and reuses it', () => {
    const dir = path.join(tempDir(), 'data', 'nested');
    const key = loadOrCreateKey(undefined, dir);
    expect(key.length).toBe(32);
    const file = path.join(dir, 'encryption.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe(key.toString('base64') + '\n');
    const again = loadOrCreateKey(undefined, dir);
    expect(again.equals(key)).toBe(true);
    expect(new PiiCipher(again).decrypt(new PiiCipher(key).encrypt('陈静'))).toBe('陈静');
  });

  it('creates a different key in another directory', () => {
    expect(
      loadOrCreateKey(undefined, tempDir()).equals(loadOrCreateKey(undefined, tempDir())),
    ).toBe(false);
  });

  it('refuses a key file that does not hold 32 bytes', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'encryption.key'), randomBytes(16).toString('base64'));
    expect(errorCode(() => loadOrCreateKey(undefined, dir))).toBe('config_invalid');
  });
});
