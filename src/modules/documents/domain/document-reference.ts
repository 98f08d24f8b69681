/**
 * How an outcome or an arrangement names a document the debtor gave: the id of the upload and
 * the SHA-256 recorded for it, so the reference names exactly the bytes that were uploaded.
 */
import { z } from 'zod';

export const documentReferenceSchema = z.strictObject({
  document_id: z.string().regex(/^[1-9]\d{0,17}$/, 'must be the id of an uploaded document'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
});
export type DocumentReference = z.infer<typeof documentReferenceSchema>;
