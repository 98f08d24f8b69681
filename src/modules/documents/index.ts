/** The documents module's public surface: other modules import only from here. */
export {
  documentMediaTypes,
  maxDocumentBytes,
  type DocumentMediaType,
} from './domain/file-type.js';
export type { DocumentRow } from './store.js';
export { documentRoutes, documentJson, type DocumentRoutesOptions } from './routes.js';
export { uploadDocument, type UploadDocumentOptions } from './use-cases/upload-document.js';
export { listDocuments, type ListDocumentsOptions } from './use-cases/list-documents.js';
export { readDocument, type ReadDocumentOptions } from './use-cases/read-document.js';
export { documentReferenceSchema, type DocumentReference } from './domain/document-reference.js';
export {
  documentEvidence,
  findReferencedDocuments,
  type FindReferencedDocumentsOptions,
} from './use-cases/find-referenced-documents.js';
