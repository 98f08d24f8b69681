/**
 * The words of the strategy engine: segments, action channels, units and the account facts that
 * rules may test. Buckets, risk classes and products come from the modules that own them.
 */
export { buckets, riskClasses, type Bucket, type RiskClass } from '../../cycle/domain/aging.js';
export { products, type Product } from '../../portfolio/domain/loan-tape.js';

/** Traffic light: green self-cures, yellow negotiates, red prepares for legal action. */
export const segments = ['green', 'yellow', 'red'] as const;
export type Segment = (typeof segments)[number];

/** What a planned action does. field_visit and legal_review are tasks for a unit, not messages. */
export const actionChannels = [
  'call',
  'sms',
  'wechat',
  'email',
  'letter',
  'field_visit',
  'legal_review',
] as const;
export type ActionChannel = (typeof actionChannels)[number];

/** The channels that send a message (and so may name a template). */
export const messageActionChannels: readonly ActionChannel[] = ['sms', 'wechat', 'email', 'letter'];

export const units = ['phone', 'field', 'legal', 'analysts'] as const;
export type Unit = (typeof units)[number];

/** A fact that explains a decision: JSON-safe (money as a decimal string of minor units). */
export type FactValue = string | number | boolean | null;
export type Facts = Readonly<Record<string, FactValue>>;

/** The rule and the facts that fired it. */
export type Reason = { readonly rule: string; readonly facts: Facts };
