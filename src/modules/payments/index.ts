/** The payments module's public surface: other modules import only from here. */
export * from './domain/index.js';
export { paymentRoutes, type PaymentRoutesOptions } from './routes.js';
export {
  postPayment,
  type PostPaymentOptions,
  type PostedPayment,
} from './use-cases/post-payment.js';
export {
  postPayments,
  type PaymentToPost,
  type PostPaymentsOptions,
} from './use-cases/post-payments.js';
export {
  reversePayment,
  type ReversePaymentOptions,
  type ReversedPayment,
} from './use-cases/reverse-payment.js';
export {
  getAccountLedger,
  type AccountLedger,
  type GetAccountLedgerOptions,
} from './use-cases/get-account-ledger.js';
export type { PaymentRow, PaymentSource } from './store.js';
export { postPaymentRequest, postPaymentScope, type PaymentRequest } from './payment-request.js';
export {
  detectFormat,
  importStatement,
  type ImportStatementOptions,
  type StatementFormat,
  type StatementImportResult,
} from './use-cases/import-statement.js';
export {
  listReviewEntries,
  type ListReviewEntriesOptions,
} from './use-cases/list-review-entries.js';
export {
  resolveReviewEntry,
  type ResolveReviewEntryOptions,
} from './use-cases/resolve-review-entry.js';
export { statementImportJson } from './payment-json.js';
export {
  adjustLedgersToTape,
  type AdjustLedgersToTapeOptions,
  type AdjustLedgersToTapeResult,
} from './use-cases/adjust-ledgers-to-tape.js';
export { writeOffBalance, type WriteOffBalanceOptions } from './use-cases/write-off-balance.js';
export { getOpenCharges, type GetOpenChargesOptions } from './use-cases/get-open-charges.js';
export {
  listAccountPayments,
  type ListAccountPaymentsOptions,
} from './use-cases/list-account-payments.js';
export {
  erasePayerDetails,
  type ErasePayerDetailsOptions,
} from './use-cases/erase-payer-details.js';
