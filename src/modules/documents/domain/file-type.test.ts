import { describe, expect, it } from 'vitest';
import { checkDocument, cleanFileName, maxDocumentBytes, sniffMediaType } from './file-type.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const pdf = new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj');
const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46);
const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d);
const exe = bytes(0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00);
const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');

describe('sniffMediaType', () => {
  it.each([
    ['a PDF', pdf, 'application/pdf'],
    ['a JPEG', jpeg, 'image/jpeg'],
    ['a PNG', png, 'image/png'],
    ['a Windows executable', exe, null],
    ['HTML', html, null],
    ['only the PDF magic', new TextEncoder().encode('%PDF-'), null],
    ['a truncated PNG magic', bytes(0x89, 0x50, 0x4e, 0x47), null],
    ['nothing', bytes(), null],
  ])('%s is %s', (_what, content, type) => {
    expect(sniffMediaType(content)).toBe(type);
  });
});

describe('checkDocument', () => {
  it.each([
    ['application/pdf', pdf, { ok: true, mediaType: 'application/pdf' }],
    ['image/jpeg', jpeg, { ok: true, mediaType: 'image/jpeg' }],
    ['image/png', png, { ok: true, mediaType: 'image/png' }],
    ['IMAGE/PNG; charset=binary', png, { ok: true, mediaType: 'image/png' }],
    ['application/pdf', exe, { ok: false, reason: 'type_mismatch' }],
    ['image/png', jpeg, { ok: false, reason: 'type_mismatch' }],
    ['image/jpeg', html, { ok: false, reason: 'type_mismatch' }],
    ['text/html', html, { ok: false, reason: 'type_not_allowed' }],
    ['application/octet-stream', pdf, { ok: false, reason: 'type_not_allowed' }],
    [
      'image/gif',
      bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61),
      { ok: false, reason: 'type_not_allowed' },
    ],
    ['application/pdf', bytes(), { ok: false, reason: 'empty' }],
  ])('%s: %j', (declared, content, expected) => {
    expect(checkDocument(declared, content)).toEqual(expected);
  });

  it('takes exactly the limit and refuses one byte more', () => {
    const at = new Uint8Array(maxDocumentBytes);
    at.set(png);
    expect(checkDocument('image/png', at)).toEqual({ ok: true, mediaType: 'image/png' });
    const over = new Uint8Array(maxDocumentBytes + 1);
    over.set(png);
    expect(checkDocument('image/png', over)).toEqual({ ok: false, reason: 'too_large' });
  });
});

describe('cleanFileName', () => {
  it.each([
    ['payslip.pdf', 'payslip.pdf'],
    ['C:\\Users\\wang\\工资单 2026-10.jpg', '工资单 2026-10.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['a"b\r\nc.png', 'abc.png'],
    ['  spaced.pdf  ', 'spaced.pdf'],
    ['..', null],
    ['/', null],
    ['\u0000', null],
    ['x'.repeat(300), 'x'.repeat(255)],
  ])('%j -> %j', (name, clean) => {
    expect(cleanFileName(name)).toBe(clean);
  });
});
