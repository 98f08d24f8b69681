/**
 * One evidence entry and its place in the hash chain. The entry hash commits to the previous
 * entry's hash, the entry's sequence number, what it is and whom it concerns, who did it, when it
 * happened and when it was recorded, and its payload in canonical JSON:
 *
 *   entry_hash = SHA-256("recourse-evidence-v1" 0x00 || prev_hash || canonical JSON of
 *                {seq, kind, portfolio_id, debtor_id, account_id, actor, occurred_at,
 *                 recorded_at, payload})
 *
 * (instants as ISO 8601 UTC with milliseconds, ids and seq as decimal strings). The first entry's
 * prev_hash is 32 zero bytes. A seq that holds no entry (its transaction rolled back) is a void in
 * the chain: entry_hash = SHA-256("recourse-evidence-void-v1" 0x00 || prev_hash || seq as decimal
 * text). The Merkle leaf of a position is its entry hash.
 *
 * Entries about the administration of the platform (the `admin_*` kinds: sign-ins, user, strategy
 * and rule-pack changes, template approvals, exports) may concern no portfolio or debtor: their
 * portfolio_id and debtor_id are then null in the canonical JSON, so the format is the same for
 * every entry and entries without them hash as they always did.
 */
import { AppError } from '../../../shared/errors.js';
import { administrationKinds } from './administration.js';
import { canonicalJson, type JsonObject } from './canonical-json.js';
import { hashSize, sha256 } from './merkle-hash.js';

/** What an entry about a debtor records (one name for one thing: see the glossary). */
export const debtorEvidenceKinds = [
  'contact_attempt',
  'gate_decision',
  'contact_outcome',
  'message_sent',
  'call_recording',
  'document_upload',
  'debtor_flag',
  // before 0017 a rule-pack change was recorded under this kind (debtor "*"); now
  // admin_rule_pack_changed
  'compliance_settings',
  // a person anonymised under the retention rules (ids, dates and counts only: no personal data)
  'debtor_anonymised',
] as const;

/** What an entry about the administration of the platform records (see administration.ts). */
export const evidenceKinds = [...debtorEvidenceKinds, ...administrationKinds] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export function isEvidenceKind(v: string): v is EvidenceKind {
  return (evidenceKinds as readonly string[]).includes(v);
}

/** An entry's content: everything the hash commits to except the previous hash. */
export type EvidenceContent = {
  readonly seq: bigint;
  readonly kind: string;
  /** null only for administration entries that concern no portfolio */
  readonly portfolioId: bigint | null;
  /** null only for administration entries that concern no debtor */
  readonly debtorId: string | null;
  readonly accountId: string | null;
  readonly actor: string;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly payload: JsonObject;
};

export const genesisHash: Uint8Array = new Uint8Array(hashSize);

const domainTag = new TextEncoder().encode('recourse-evidence-v1\u0000');
const voidTag = new TextEncoder().encode('recourse-evidence-void-v1\u0000');

function instant(d: Date, field: string): string {
  if (Number.isNaN(d.getTime()))
    throw new AppError('validation_failed', `evidence ${field} is not a valid instant`);
  return d.toISOString();
}

/** The bytes hashed after the previous hash: the content as canonical JSON. */
export function canonicalContent(e: EvidenceContent): string {
  return canonicalJson({
    seq: e.seq,
    kind: e.kind,
    portfolio_id: e.portfolioId,
    debtor_id: e.debtorId,
    account_id: e.accountId,
    actor: e.actor,
    occurred_at: instant(e.occurredAt, 'occurred_at'),
    recorded_at: instant(e.recordedAt, 'recorded_at'),
    payload: e.payload,
  });
}

export function entryHash(prevHash: Uint8Array, e: EvidenceContent): Uint8Array {
  return sha256(domainTag, prevHash, new TextEncoder().encode(canonicalContent(e)));
}

/** The hash of a void: a seq that holds no entry. */
export function voidHash(prevHash: Uint8Array, seq: bigint): Uint8Array {
  return sha256(voidTag, prevHash, new TextEncoder().encode(seq.toString()));
}
