/**
 * Every evidence entry about one debtor, each with its RFC 9162 inclusion proof (against the
 * latest checkpoint that covers it, else the chain head): the evidence half of a complaint
 * defence pack.
 */
import type { Queryable } from '../../../shared/db/types.js';
import { debtorEntrySeqs } from '../store.js';
import { proveInclusion, type InclusionProofJson } from './prove-inclusion.js';

export type ProveDebtorEvidenceOptions = { db: Queryable; portfolioId: bigint; debtorId: string };

export async function proveDebtorEvidence(
  opts: ProveDebtorEvidenceOptions,
): Promise<InclusionProofJson[]> {
  const seqs = await debtorEntrySeqs(opts.db, opts.portfolioId, opts.debtorId);
  const proofs: InclusionProofJson[] = [];
  for (const seq of seqs) proofs.push(await proveInclusion({ db: opts.db, seq }));
  return proofs;
}
