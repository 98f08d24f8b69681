/**
 * The events of a contact check (shared/formats/contact-check.md), one JSON object a line, parsed
 * strictly: unknown fields, wrong types, impossible instants, undeclared debtors and repeated
 * attempt ids are refused with the line number and the field. Optional fields may be null (the
 * same as absent). Instants need an explicit offset (Z or ±hh:mm): a wall-clock time without one
 * would be a guess at the zone.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { isTimeZone } from '../../../shared/calendar.js';
import type { ContactAttempt } from './contact-attempt.js';
import { channels, flagNames, recipients, type FlagName } from './vocabulary.js';

export type ContactEvent =
  | {
      readonly type: 'debtor';
      readonly line: number;
      readonly debtorId: string;
      readonly timeZone: string;
      readonly country: string;
    }
  | {
      readonly type: 'flag';
      readonly line: number;
      readonly debtorId: string;
      readonly flag: FlagName;
      readonly value: boolean;
      readonly at: number;
    }
  | { readonly type: 'attempt'; readonly line: number; readonly attempt: ContactAttempt };

const expected: Record<string, string> = {
  type: 'expected "debtor", "flag" or "attempt"',
  id: 'expected a non-empty string',
  debtor_id: 'expected a non-empty string',
  account_id: 'expected a non-empty string',
  collector_id: 'expected a non-empty string',
  template_id: 'expected a non-empty string',
  text: 'expected a string',
  timezone: 'expected an IANA time zone, e.g. Asia/Shanghai',
  country: 'expected an ISO 3166-1 alpha-2 country code, e.g. CN',
  flag: `expected one of ${flagNames.join(', ')}`,
  value: 'expected true or false',
  identity_disclosed: 'expected true or false',
  answered: 'expected true or false',
  conversation: 'expected true or false',
  at: 'expected an ISO 8601 date-time with seconds and an offset, e.g. 2026-11-25T09:00:00+08:00',
  channel: `expected one of ${channels.join(', ')}`,
  recipient: `expected one of ${recipients.join(', ')}`,
  number: 'expected an E.164 phone number, e.g. +8613800138000',
};

const id = z.string().min(1);
const instant = z.iso.datetime({ offset: true });
const optional = <T extends z.ZodType>(t: T) => t.nullish();

const debtorSchema = z.strictObject({
  type: z.literal('debtor'),
  debtor_id: id,
  timezone: z.string().refine(isTimeZone),
  country: z.string().regex(/^[A-Z]{2}$/),
});

const flagSchema = z.strictObject({
  type: z.literal('flag'),
  debtor_id: id,
  flag: z.enum(flagNames),
  value: z.boolean(),
  at: instant,
});

const attemptSchema = z.strictObject({
  type: z.literal('attempt'),
  id,
  debtor_id: id,
  account_id: id,
  channel: z.enum(channels),
  at: instant,
  recipient: z.enum(recipients),
  number: optional(z.string().regex(/^\+[1-9]\d{1,14}$/)),
  collector_id: optional(id),
  identity_disclosed: optional(z.boolean()),
  text: optional(z.string()),
  template_id: optional(id),
  answered: optional(z.boolean()),
  conversation: optional(z.boolean()),
});

const schemas = { debtor: debtorSchema, flag: flagSchema, attempt: attemptSchema } as const;

/** A malformed line: AppError('invalid_file') with { line, field } in details. */
export function eventError(line: number, field: string, message: string): AppError {
  const where = field === '(line)' ? `line ${line}` : `line ${line}, ${field}`;
  return new AppError('invalid_file', `${where}: ${message}`, { line, field });
}

export type EventParser = {
  /** The event on a line, null for a blank line; throws eventError for a malformed one. */
  parse(text: string, line: number): ContactEvent | null;
};

/** A parser for one events file, checking references across its lines. */
export function createEventParser(): EventParser {
  const debtors = new Set<string>();
  const attemptIds = new Set<string>();

  const declared = (debtorId: string, line: number): void => {
    if (!debtors.has(debtorId))
      throw eventError(line, 'debtor_id', `debtor ${debtorId} is not declared on an earlier line`);
  };

  return {
    parse(text, line) {
      if (text.trim() === '') return null;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        throw eventError(line, '(line)', 'not valid JSON');
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw eventError(line, '(line)', 'expected a JSON object');
      const obj = raw as Record<string, unknown>;
      const type = obj.type;
      if (type !== 'debtor' && type !== 'flag' && type !== 'attempt')
        throw eventError(
          line,
          'type',
          obj.type === undefined ? 'missing' : (expected.type as string),
        );
      const parsed = schemas[type].safeParse(obj);
      if (!parsed.success) {
        const issue = parsed.error.issues[0] as z.core.$ZodIssue;
        if (issue.code === 'unrecognized_keys')
          throw eventError(line, String(issue.keys[0]), 'unknown field');
        const field = String(issue.path[0] ?? '(line)');
        const message = obj[field] === undefined ? 'missing' : (expected[field] ?? issue.message);
        throw eventError(line, field, message);
      }
      const e = parsed.data;
      switch (e.type) {
        case 'debtor':
          debtors.add(e.debtor_id);
          return {
            type: 'debtor',
            line,
            debtorId: e.debtor_id,
            timeZone: e.timezone,
            country: e.country,
          };
        case 'flag':
          declared(e.debtor_id, line);
          return {
            type: 'flag',
            line,
            debtorId: e.debtor_id,
            flag: e.flag,
            value: e.value,
            at: Date.parse(e.at),
          };
        case 'attempt': {
          declared(e.debtor_id, line);
          if (attemptIds.has(e.id))
            throw eventError(line, 'id', `attempt id ${e.id} is used on an earlier line`);
          if (e.conversation === true && e.answered === false)
            throw eventError(line, 'conversation', 'a conversation needs an answered call');
          attemptIds.add(e.id);
          const attempt: ContactAttempt = {
            id: e.id,
            debtorId: e.debtor_id,
            accountId: e.account_id,
            channel: e.channel,
            at: Date.parse(e.at),
            recipient: e.recipient,
            ...(e.number != null && { number: e.number }),
            ...(e.collector_id != null && { collectorId: e.collector_id }),
            ...(e.identity_disclosed != null && { identityDisclosed: e.identity_disclosed }),
            ...(e.text != null && { text: e.text }),
            ...(e.template_id != null && { templateId: e.template_id }),
            ...(e.answered != null && { answered: e.answered }),
            ...(e.conversation != null && { conversation: e.conversation }),
          };
          return { type: 'attempt', line, attempt };
        }
      }
    },
  };
}

/** Every event of a whole text (tests, small files); throws on the first malformed line. */
export function parseContactEvents(text: string): ContactEvent[] {
  const parser = createEventParser();
  const out: ContactEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const e = parser.parse((lines[i] as string).replace(/\r$/, ''), i + 1);
    if (e) out.push(e);
  }
  return out;
}
