/**
 * Contact outcomes: what each one means for the attempt (answered, a conversation) and which
 * debtor flags it sets, and the details each one carries. Pure.
 */
import { z } from 'zod';
// what a document reference is belongs to the documents module (pure, like this file)
import { documentReferenceSchema } from '../../documents/domain/document-reference.js';

export const outcomes = [
  'no_answer',
  'wrong_number',
  'promise_to_pay',
  'paid',
  'dispute',
  'hardship_claimed',
  'represented',
  'complaint',
  'refuses',
  'deceased',
  'incapacitated',
  'callback_requested',
] as const;
export type Outcome = (typeof outcomes)[number];

export type DebtorFlag = 'represented' | 'dispute' | 'deceased' | 'cease_contact';

export type OutcomeEffects = {
  answered: boolean;
  conversation: boolean;
  /** flags set (value true) from the attempt on */
  flags: DebtorFlag[];
};

/**
 * no_answer: not answered. wrong_number: answered, but not by the debtor (no conversation).
 * Everything else: a conversation with the debtor or their representative. Represented, dispute
 * and deceased set their flag; a debtor who asks for contact to stop (refuses or complaint with
 * cease_contact_requested) sets cease_contact.
 */
export function outcomeEffects(outcome: Outcome, ceaseContactRequested = false): OutcomeEffects {
  const flags: DebtorFlag[] = [];
  if (outcome === 'represented' || outcome === 'dispute' || outcome === 'deceased')
    flags.push(outcome);
  if ((outcome === 'refuses' || outcome === 'complaint') && ceaseContactRequested)
    flags.push('cease_contact');
  return {
    answered: outcome !== 'no_answer',
    conversation: outcome !== 'no_answer' && outcome !== 'wrong_number',
    flags,
  };
}

/** A task for a unit rather than a contact: completed with a note, not an outcome. */
export function isTask(channel: string, kind: string): boolean {
  return (
    channel === 'field_visit' ||
    channel === 'legal_review' ||
    kind === 'cash_flow_check' ||
    kind === 'face_to_face_meeting'
  );
}

const note = z.string().trim().min(1).max(2000).optional();
const minorUnits = z
  .string()
  .regex(/^[1-9]\d{0,17}$/, 'must be a positive whole number of minor units, as a string');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD form');

/** A document the debtor gave, uploaded first (POST .../documents): its id and SHA-256. */
export const hardshipDocumentSchema = documentReferenceSchema;

/** An outcome with its details, as the API takes it (discriminated by `outcome`). */
export const outcomeInputSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('no_answer'), note }),
  z.strictObject({ outcome: z.literal('wrong_number'), note }),
  z.strictObject({
    outcome: z.literal('promise_to_pay'),
    amount_minor: minorUnits,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
    promised_on: isoDate,
    note,
  }),
  z.strictObject({
    outcome: z.literal('paid'),
    amount_minor: minorUnits.optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    paid_on: isoDate.optional(),
    note,
  }),
  z.strictObject({
    outcome: z.literal('dispute'),
    reason: z.string().trim().min(1).max(2000),
    note,
  }),
  z.strictObject({
    outcome: z.literal('hardship_claimed'),
    documents: z.array(hardshipDocumentSchema).max(20).default([]),
    note,
  }),
  z.strictObject({
    outcome: z.literal('represented'),
    agent_name: z.string().trim().min(1).max(200),
    power_of_attorney_ref: z.string().trim().min(1).max(200),
    note,
  }),
  z.strictObject({
    outcome: z.literal('complaint'),
    summary: z.string().trim().min(1).max(2000).optional(),
    cease_contact_requested: z.boolean().default(false),
    note,
  }),
  z.strictObject({
    outcome: z.literal('refuses'),
    cease_contact_requested: z.boolean().default(false),
    note,
  }),
  z.strictObject({ outcome: z.literal('deceased'), note }),
  z.strictObject({ outcome: z.literal('incapacitated'), note }),
  z.strictObject({ outcome: z.literal('callback_requested'), callback_at: z.iso.datetime(), note }),
]);
export type OutcomeInput = z.output<typeof outcomeInputSchema>;
