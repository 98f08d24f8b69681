/**
 * Documents over HTTP: a file for a debtor sent as the request body itself (Content-Type
 * application/pdf, image/jpeg or image/png; at most 10 MiB on this route only), the debtor's
 * documents, and one document's content for a user allowed to read it.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, instant, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import type { PiiCipher } from '../../shared/pii-cipher.js';
import { principal } from '../auth/index.js';
import { documentMediaTypes, maxDocumentBytes } from './domain/file-type.js';
import type { DocumentRow } from './store.js';
import { listDocuments } from './use-cases/list-documents.js';
import { readDocument } from './use-cases/read-document.js';
import { uploadDocument } from './use-cases/upload-document.js';

export type DocumentRoutesOptions = { db: Db; cipher: PiiCipher; now?: () => Date };

const documentSchema = z
  .object({
    document_id: z.string(),
    portfolio_id: z.number().int(),
    debtor_id: z.string(),
    account_id: z.string().nullable(),
    file_name: z.string(),
    media_type: z.enum(documentMediaTypes),
    size_bytes: z.number().int(),
    sha256: z.string(),
    uploaded_by: z.string(),
    uploaded_at: instant,
    evidence_seq: z.string(),
  })
  .meta({ id: 'Document' });

export function documentJson(d: DocumentRow): z.output<typeof documentSchema> {
  return {
    document_id: String(d.document_id),
    portfolio_id: Number(d.portfolio_id),
    debtor_id: d.debtor_id,
    account_id: d.account_id,
    file_name: d.file_name,
    media_type: d.media_type,
    size_bytes: d.size_bytes,
    sha256: Buffer.from(d.sha256).toString('hex'),
    uploaded_by: d.uploaded_by,
    uploaded_at: d.uploaded_at.toISOString(),
    evidence_seq: String(d.evidence_seq),
  };
}

const debtorParams = {
  portfolioId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER),
  debtorId: z.string().min(1).max(64),
};
const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  413: errorResponse,
};

/** RFC 6266 / 8187: an ASCII fallback and the UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|[%\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const documentRoutes: FastifyPluginAsyncZod<DocumentRoutesOptions> = async (
  app,
  { db, cipher, now = () => new Date() },
) => {
  // The file is the body, whatever its declared type: the use case checks type and content.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxDocumentBytes }, (_r, b, done) =>
    done(null, b),
  );

  app.post(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/documents',
    {
      config: { permission: 'documents.upload' },
      bodyLimit: maxDocumentBytes,
      schema: {
        summary: 'Upload a document from a debtor (the file as the body): PDF, JPEG or PNG',
        description:
          'Content-Type must be application/pdf, image/jpeg or image/png and the content must ' +
          'be that (checked by its first bytes); at most 10 MiB. Sealed at rest; its SHA-256 ' +
          'is recorded and a document_upload evidence entry written. A hardship outcome refers ' +
          'to it by document_id and sha256.',
        tags: ['documents'],
        params: z.strictObject(debtorParams),
        querystring: z.strictObject({
          file_name: z.string().min(1).max(1000),
          account_id: z.string().min(1).max(64).optional(),
        }),
        response: { 201: documentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const content: unknown = request.body;
      if (!Buffer.isBuffer(content))
        throw new AppError('invalid_file', 'send the file itself as the request body', {
          reason: 'type_not_allowed',
          max_bytes: maxDocumentBytes,
        });
      const d = await uploadDocument({
        db,
        cipher,
        actor: principal(request),
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
        accountId: request.query.account_id,
        fileName: request.query.file_name,
        declaredType: request.headers['content-type'] ?? '',
        content,
        at: now(),
      });
      return reply.code(201).send(documentJson(d));
    },
  );

  app.get(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/documents',
    {
      config: { permission: 'documents.read' },
      schema: {
        summary: "A debtor's documents, newest first (names, types, sizes and hashes)",
        tags: ['documents'],
        params: z.strictObject(debtorParams),
        response: { 200: z.object({ items: z.array(documentSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (
        await listDocuments({
          db,
          actor: principal(request),
          portfolioId: BigInt(request.params.portfolioId),
          debtorId: request.params.debtorId,
        })
      ).map(documentJson),
    }),
  );

  app.get(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/documents/:documentId/content',
    {
      config: { permission: 'documents.read' },
      schema: {
        summary: 'Download a document (its content, as uploaded)',
        tags: ['documents'],
        params: z.strictObject({
          ...debtorParams,
          documentId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER),
        }),
        response: {
          200: z
            .string()
            .describe("the file's bytes as uploaded, as application/pdf, image/jpeg or image/png"),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { document, content } = await readDocument({
        db,
        cipher,
        actor: principal(request),
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
        documentId: BigInt(request.params.documentId),
      });
      // the file's bytes bypass the JSON schema's serializer
      const raw = reply as unknown as FastifyReply;
      return raw
        .serializer((p: unknown) => p as string)
        .header('content-type', document.media_type)
        .header('content-disposition', contentDisposition(document.file_name))
        .header('cache-control', 'no-store')
        .header('x-content-sha256', Buffer.from(document.sha256).toString('hex'))
        .send(content);
    },
  );
};
