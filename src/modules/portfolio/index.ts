/** The portfolio module's public surface: other modules import only from here. */
export { portfolioRefusals, type PortfolioRefusal } from './domain/refusals.js';
export { portfolioRoutes } from './routes.js';
export { getAccount, type AccountDetail, type GetAccountOptions } from './use-cases/get-account.js';
export { listAccounts, type ListAccountsOptions } from './use-cases/list-accounts.js';
export { listPortfolios, type ListPortfoliosOptions } from './use-cases/list-portfolios.js';
export {
  summarizePortfolio,
  type PortfolioSummary,
  type SummarizePortfolioOptions,
} from './use-cases/summarize-portfolio.js';
export { accountJson, amountOf, type AccountJson } from './account-json.js';
export {
  importPortfolio,
  ImportRejected,
  maxReportedErrors,
  type ImportPortfolioOptions,
  type ImportProgress,
  type ImportResult,
} from './use-cases/import-portfolio.js';
export {
  demoPortfolioName,
  demoSeed,
  seedDemoPortfolio,
  type SeedDemoPortfolioOptions,
} from './use-cases/seed-demo-portfolio.js';
export { syntheticTapeStream } from './use-cases/synthetic-tape-stream.js';
export {
  findAccountRef,
  type AccountRef,
  type FindAccountRefOptions,
} from './use-cases/find-account-ref.js';
export {
  findDebtorLocale,
  type DebtorLocale,
  type FindDebtorLocaleOptions,
} from './use-cases/find-debtor-locale.js';
export {
  findPortfolio,
  type FindPortfolioOptions,
  type PortfolioRef,
} from './use-cases/find-portfolio.js';
export {
  applyAccountCredit,
  type AccountBalances,
  type AccountCredit,
  type ApplyAccountCreditOptions,
} from './use-cases/apply-account-credit.js';
export { requireInScope, type RequireInScopeOptions } from './use-cases/require-in-scope.js';
export { personalDataRoutes, type PersonalDataRoutesOptions } from './personal-data-routes.js';
export { maskField, maskPersonalData, personalFields, type PersonalField } from './domain/mask.js';
export {
  findMessageContact,
  type FindMessageContactOptions,
  type MessageContact,
} from './use-cases/find-message-contact.js';
export { accountClosures, type AccountClosure } from './use-cases/apply-account-credit.js';
export {
  recordAccountClosures,
  type RecordAccountClosuresOptions,
  type RecordedClosures,
} from './use-cases/record-account-closures.js';
export {
  listClosedDebtors,
  type ClosedDebtor,
  type ListClosedDebtorsOptions,
} from './use-cases/list-closed-debtors.js';
export { anonymiseDebtors, type AnonymiseDebtorsOptions } from './use-cases/anonymise-debtors.js';
export {
  readDebtorRecord,
  type DebtorRecord,
  type ReadDebtorRecordOptions,
} from './use-cases/read-debtor-record.js';
export {
  logPersonalDataExport,
  type LogPersonalDataExportOptions,
} from './use-cases/log-personal-data-export.js';
export {
  listPersonalDataReads,
  type ListPersonalDataReadsOptions,
  type PersonalDataRead,
} from './use-cases/list-personal-data-reads.js';
export { revealPurposes, type RevealPurpose } from './use-cases/read-personal-data.js';
export type { PersonalData } from './domain/loan-tape.js';
