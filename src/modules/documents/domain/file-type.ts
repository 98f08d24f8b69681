/**
 * What a document is, by its first bytes (its magic number), not by what the sender declared:
 * only PDF, JPEG and PNG are taken, at most 10 MiB. Pure.
 */

export const documentMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

/** 10 MiB: a phone photo of a payslip or a scanned letter. */
export const maxDocumentBytes = 10 * 1024 * 1024;

const signatures: readonly [DocumentMediaType, readonly number[]][] = [
  // %PDF-
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  // SOI marker followed by the first marker's 0xff
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  // \x89PNG\r\n\x1a\n
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

export function isDocumentMediaType(v: string): v is DocumentMediaType {
  return (documentMediaTypes as readonly string[]).includes(v);
}

/** The media type the content's first bytes show, or null for anything else. */
export function sniffMediaType(content: Uint8Array): DocumentMediaType | null {
  for (const [type, magic] of signatures)
    if (content.length > magic.length && magic.every((b, i) => content[i] === b)) return type;
  return null;
}

export type DocumentCheck =
  | { ok: true; mediaType: DocumentMediaType }
  | { ok: false; reason: 'empty' | 'too_large' | 'type_not_allowed' | 'type_mismatch' };

/**
 * Whether an upload is taken: not empty, at most maxDocumentBytes, declared as PDF, JPEG or PNG,
 * and its content is what it was declared to be (a renamed .exe declared as a PDF is refused).
 */
export function checkDocument(declared: string, content: Uint8Array): DocumentCheck {
  if (content.length === 0) return { ok: false, reason: 'empty' };
  if (content.length > maxDocumentBytes) return { ok: false, reason: 'too_large' };
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (!isDocumentMediaType(type)) return { ok: false, reason: 'type_not_allowed' };
  if (sniffMediaType(content) !== type) return { ok: false, reason: 'type_mismatch' };
  return { ok: true, mediaType: type };
}

/**
 * A file name as it may be stored and offered back: the last path segment, without control
 * characters, quotes or backslashes (it goes into a Content-Disposition header), at most 255
 * characters; null when nothing is left.
 */
export function cleanFileName(name: string): string | null {
  const last = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return null;
  return clean.slice(0, 255);
}
