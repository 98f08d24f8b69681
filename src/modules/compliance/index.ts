/** The compliance module's public surface: other modules import only from here. */
export { complianceRefusals, type ComplianceRefusal } from './domain/refusals.js';
export type { ContactAttempt } from './domain/contact-attempt.js';
export {
  createEventParser,
  eventError,
  parseContactEvents,
  type ContactEvent,
  type EventParser,
} from './domain/contact-events.js';
export { createHistory, recordAttempt, type ContactHistory } from './domain/contact-history.js';
export {
  createDebtorState,
  flagActive,
  setFlag,
  type DebtorState,
  type FlagChange,
} from './domain/debtor-state.js';
export { decide, type Decision, type GateOptions } from './domain/gate.js';
export {
  packConfigSchema,
  resolvePack,
  tightenPack,
  type PackConfig,
} from './domain/pack-config.js';
export {
  createReplay,
  replayContactEvents,
  type AttemptDecision,
  type Replay,
} from './domain/replay.js';
export { cnPack, rulePacks, ukPack, usPack, type RulePack } from './domain/rule-packs.js';
export {
  channels,
  flagNames,
  packIds,
  recipients,
  ruleCodes,
  type Channel,
  type FlagName,
  type PackId,
  type Recipient,
  type RuleCode,
} from './domain/vocabulary.js';
export {
  explainDecision,
  nextAllowedInstant,
  type Explanation,
  type RuleExplanation,
} from './domain/explain.js';
export type { AttemptInput, AttemptResult } from './gate-attempt.js';
export { loadPortfolioPack, type PortfolioPack } from './gate-state.js';
export { attemptContact, type AttemptContactOptions } from './use-cases/attempt-contact.js';
export {
  checkContact,
  type CheckContactOptions,
  type ContactCheck,
} from './use-cases/check-contact.js';
export {
  getComplianceSettings,
  type ComplianceSettings,
  type GetComplianceSettingsOptions,
  type SettingsVersion,
} from './use-cases/get-compliance-settings.js';
export {
  setDebtorFlag,
  type SetDebtorFlagOptions,
  type SetDebtorFlagResult,
} from './use-cases/set-debtor-flag.js';
export {
  updateComplianceSettings,
  type UpdateComplianceSettingsOptions,
} from './use-cases/update-compliance-settings.js';
export { complianceRoutes, type ComplianceRoutesOptions } from './routes.js';
export { createContactGate, type ContactGate, type ContactGateOptions } from './contact-gate.js';
export { clockFor, type ZoneClock } from './domain/local-time.js';
export {
  findRetentionHolds,
  type ComplianceHolds,
  type FindRetentionHoldsOptions,
} from './use-cases/find-retention-holds.js';
export {
  eraseContactDetails,
  type EraseContactDetailsOptions,
} from './use-cases/erase-contact-details.js';
export {
  listDebtorFlags,
  type DebtorFlagChange,
  type ListDebtorFlagsOptions,
} from './use-cases/list-debtor-flags.js';
