/** The audit module's public surface: other modules import only from here. */
export type { CheckpointJson } from './checkpoint-json.js';
export { canonicalJson, type JsonObject, type JsonValue } from './domain/canonical-json.js';
export { evidenceKinds, type EvidenceKind } from './domain/evidence-entry.js';
export { verifyConsistency, verifyInclusion } from './domain/merkle-verify.js';
export {
  appendEvidence,
  appendEvidenceCarrying,
  type AppendEvidenceCarryingOptions,
  type AppendEvidenceOptions,
  type AppendedEvidence,
  type CarriedInsert,
  type EvidenceInput,
} from './use-cases/append-evidence.js';
export {
  linkEvidence,
  type LinkEvidenceOptions,
  type LinkedEvidence,
} from './use-cases/link-evidence.js';
export {
  createCheckpoint,
  type CreateCheckpointOptions,
  type CreatedCheckpoint,
} from './use-cases/create-checkpoint.js';
export {
  exportCheckpoints,
  type CheckpointsExport,
  type ExportCheckpointsOptions,
} from './use-cases/export-checkpoints.js';
export {
  proveInclusion,
  type InclusionProofJson,
  type ProveInclusionOptions,
} from './use-cases/prove-inclusion.js';
export {
  verifyEvidence,
  type EvidenceProblem,
  type EvidenceProblemReason,
  type EvidenceVerification,
  type VerifyEvidenceOptions,
} from './use-cases/verify-evidence.js';
export {
  proveDebtorEvidence,
  type ProveDebtorEvidenceOptions,
} from './use-cases/prove-debtor-evidence.js';
export {
  listDebtorEvidence,
  type DebtorEvidenceEntry,
  type EntryVerification,
  type ListDebtorEvidenceOptions,
} from './use-cases/list-debtor-evidence.js';
export {
  tallyGateDecisions,
  type GateDecisionTally,
  type TallyGateDecisionsOptions,
} from './use-cases/tally-gate-decisions.js';
export {
  administrationKinds,
  fieldChanges,
  isAdministrationKind,
  type AdministrationKind,
  type FieldChange,
} from './domain/administration.js';
export {
  recordAdministration,
  type AdministrationInput,
  type AuditStamp,
  type RecordAdministrationOptions,
} from './use-cases/record-administration.js';
export {
  listAdministration,
  type AdministrationEntry,
  type AdministrationPage,
  type ListAdministrationOptions,
} from './use-cases/list-administration.js';
export { auditRoutes, type AuditRoutesOptions } from './routes.js';
