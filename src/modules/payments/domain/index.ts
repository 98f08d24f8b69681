/**
 * The payments domain's public surface (pure: no I/O). The module's index.ts, when the use cases
 * and routes land, re-exports this; other modules import from there.
 */
export {
  allocatePayment,
  applyAllocation,
  chargeComponents,
  defaultAllocationPolicy,
  reverseAllocation,
  validatePolicy,
  waterfallOrder,
  type AllocatePaymentInput,
  type Allocation,
  type AllocationLine,
  type AllocationPolicy,
  type AllocationSequence,
  type ChargeComponent,
  type OpenCharge,
} from './allocation.js';
export {
  assertBalanced,
  chargePosting,
  openChargesFromLedger,
  paymentPosting,
  reversalPosting,
  summarizeLedger,
  writeOffPosting,
  type LedgerAccount,
  type LedgerEntry,
  type LedgerSummary,
  type Posting,
  type PostingKind,
} from './ledger.js';
export {
  evaluatePromise,
  toleranceAllowance,
  type PromiseEvaluation,
  type PromisePayment,
  type PromiseStatus,
  type PromiseTolerance,
  type PromiseToPay,
} from './promise.js';
export { entryKey, type Direction, type StatementEntry } from './statement-entry.js';
export {
  parseCamt053,
  type Camt053Options,
  type CamtAccount,
  type CamtAmount,
  type CamtBalance,
  type CamtDocument,
  type CamtEntry,
  type CamtParty,
  type CamtStatement,
  type CamtTransaction,
} from './camt053.js';
export { parseStatementCsv, statementCsvColumns, type CsvProblem } from './statement-csv.js';
export {
  matchEntries,
  normalizeName,
  normalizeReference,
  type MatchAccount,
  type MatchCandidate,
  type MatchedEntry,
  type MatchOptions,
  type MatchOutcome,
  type MatchRule,
  type SuggestedEntry,
  type UnmatchedEntry,
} from './matching.js';
export { paymentRefusals, type PaymentRefusal } from './refusals.js';
