import { createHash } from 'node:crypto';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { appendEvidence } from '../../audit/index.js';
import { evidenceActorOf, type Principal } from '../../auth/index.js';
import { findDebtorLocale, requireInScope } from '../../portfolio/index.js';
import { checkDocument, cleanFileName, maxDocumentBytes } from '../domain/file-type.js';
import { insertDocument, type DocumentRow } from '../store.js';

export type UploadDocumentOptions = {
  db: Db;
  cipher: PiiCipher;
  actor: Principal;
  portfolioId: bigint;
  debtorId: string;
  /** the account the document is about, when it is about one (it must be the debtor's) */
  accountId?: string | undefined;
  fileName: string;
  /** the Content-Type the file was sent with */
  declaredType: string;
  content: Uint8Array;
  at: Date;
};

const refusals = {
  empty: 'the file is empty',
  too_large: `the file is larger than ${maxDocumentBytes / 1024 / 1024} MiB`,
  type_not_allowed: 'only PDF, JPEG and PNG files are taken',
  type_mismatch: 'the file is not what its type says (its content is not a PDF, JPEG or PNG)',
} as const;

/**
 * Takes a document from a debtor (e.g. hardship evidence) for a debtor in the acting user's
 * scope: checked by its content (PDF, JPEG or PNG, at most 10 MiB), sealed with the personal-data
 * cipher, its SHA-256 recorded, and a document_upload evidence entry appended in the same
 * transaction (the entry carries the hash and size, not the file name, which may name a person).
 */
export async function uploadDocument(o: UploadDocumentOptions): Promise<DocumentRow> {
  await requireInScope({
    db: o.db,
    scope: o.actor.scope,
    portfolioId: o.portfolioId,
    debtorId: o.debtorId,
    ...(o.accountId === undefined ? {} : { accountId: o.accountId }),
  });
  const debtor = await findDebtorLocale({
    db: o.db,
    portfolioId: o.portfolioId,
    debtorId: o.debtorId,
    accountId: o.accountId,
  });
  if (!debtor) throw new AppError('not_found', `no debtor "${o.debtorId}"`);
  if (o.accountId !== undefined && !debtor.ownsAccount)
    throw new AppError('validation_failed', `account "${o.accountId}" is not the debtor's`, [
      { field: 'account_id', message: 'not an account of this debtor' },
    ]);
  const fileName = cleanFileName(o.fileName);
  if (fileName === null)
    throw new AppError('validation_failed', 'the file needs a name', [
      { field: 'file_name', message: 'required' },
    ]);
  const check = checkDocument(o.declaredType, o.content);
  if (!check.ok)
    throw new AppError(
      check.reason === 'too_large' ? 'payload_too_large' : 'invalid_file',
      refusals[check.reason],
      { reason: check.reason, max_bytes: maxDocumentBytes },
    );
  const sha256 = createHash('sha256').update(o.content).digest();
  const sealed = o.cipher.sealBytes(o.content);
  return o.db.transaction(async (tx) => {
    const [entry] = await appendEvidence({
      db: tx,
      entries: [
        {
          kind: 'document_upload',
          portfolioId: o.portfolioId,
          debtorId: o.debtorId,
          accountId: o.accountId ?? null,
          actor: evidenceActorOf(o.actor),
          occurredAt: o.at,
          payload: {
            media_type: check.mediaType,
            size_bytes: o.content.length,
            sha256: sha256.toString('hex'),
          },
        },
      ],
    });
    return insertDocument(tx, {
      portfolio_id: o.portfolioId,
      debtor_id: o.debtorId,
      account_id: o.accountId ?? null,
      file_name: fileName,
      media_type: check.mediaType,
      size_bytes: o.content.length,
      sha256,
      content_sealed: sealed,
      uploaded_by: evidenceActorOf(o.actor),
      uploaded_at: o.at,
      evidence_seq: entry!.seq,
    });
  });
}
