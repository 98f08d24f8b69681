/** The channels module's public surface: other modules import only from here. */
export { templateRoutes, type TemplateRoutesOptions } from './routes.js';
export { actingCollector } from './acting-collector.js';
export {
  DeliveryError,
  type ChannelAdapter,
  type ChannelAdapters,
  type Delivery,
  type OutboundMessage,
} from './adapter.js';
export { lintMessage, lintTemplateText, type LintFinding } from './domain/lint.js';
export { lintRuleIds, lintRules, type LintRule, type LintRuleId } from './domain/lint-rules.js';
export { channelRefusals, type ChannelRefusal } from './domain/refusals.js';
export {
  formatDate,
  formatMoney,
  renderTemplate,
  type MessageChannel,
  type TemplateLocale,
  type TemplateValues,
} from './domain/template.js';
export { templateVariables, type TemplateVariable } from './domain/template-text.js';
export { defaultRetryPolicy, type RetryPolicy } from './domain/retry.js';
export {
  createTemplateVersion,
  type CreateTemplateVersionOptions,
} from './use-cases/create-template-version.js';
export {
  transitionTemplateVersion,
  type TransitionTemplateVersionOptions,
} from './use-cases/transition-template-version.js';
export {
  listTemplateVersions,
  type ListTemplateVersionsOptions,
} from './use-cases/list-template-versions.js';
export { lintText, type LintTextOptions } from './use-cases/lint-text.js';
export {
  setFallbackLocale,
  type SetFallbackLocaleOptions,
} from './use-cases/set-fallback-locale.js';
export {
  chooseFamilyMember,
  defaultFamily,
  type FamilyChoice,
  type FamilyMember,
} from './domain/template-family.js';
export {
  seedDemoTemplates,
  type SeedDemoTemplatesOptions,
} from './use-cases/seed-demo-templates.js';
export {
  enqueueMessage,
  type EnqueueMessageOptions,
  type EnqueuedMessage,
} from './use-cases/enqueue-message.js';
export {
  dispatchOutbox,
  type DispatchOutboxOptions,
  type DispatchResult,
} from './use-cases/dispatch-outbox.js';
export {
  recordDeliveryReceipt,
  type RecordDeliveryReceiptOptions,
} from './use-cases/record-delivery-receipt.js';
export { buildChannelAdapters, type BuiltAdapters } from './adapters/build-adapters.js';
export { createEmailAdapter, type EmailAdapterOptions } from './adapters/email.js';
export {
  createSmsAdapter,
  encodeSms,
  type SmsAdapterOptions,
  type SmsReceipt,
} from './adapters/sms.js';
export { createWechatAdapter, type WechatAdapterOptions } from './adapters/wechat.js';
export { createDialerHook, type DialerHook, type PlaceCall } from './adapters/dialer.js';
export {
  createLetterAdapter,
  findCjkFont,
  renderLetterPdf,
  type LetterContent,
} from './adapters/letter.js';
export {
  buildDefencePack,
  type BuildDefencePackOptions,
  type DefencePack,
} from './use-cases/build-defence-pack.js';
export { renderDefencePackPdf } from './defence-pack-pdf.js';
export {
  sendDueActions,
  sendDueRunId,
  type SendDueActionsOptions,
  type SendDueSummary,
} from './use-cases/send-due-actions.js';
export { eraseMessages, type EraseMessagesOptions } from './use-cases/erase-messages.js';
