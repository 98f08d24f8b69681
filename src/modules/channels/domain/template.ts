/**
 * Message templates: their life cycle (maker-checker) and their rendering. A maker writes a draft
 * and submits it; a different person approves or rejects it; an approved version never changes
 * and can only be retired. Rendering writes money from minor units and dates per the template's
 * locale (Intl), and refuses unknown or missing variables.
 */
import { isCalendarDate } from '../../../shared/calendar.js';
import { currencyDigits, formatAmount } from '../../../shared/money.js';
import type { LintFinding } from './lint.js';
import {
  isTemplateVariable,
  parseTemplateText,
  variableKinds,
  type TemplateVariable,
} from './template-text.js';
import type { ChannelRefusal } from './refusals.js';

export const templateLocales = ['zh-CN', 'en'] as const;
export type TemplateLocale = (typeof templateLocales)[number];

export const messageChannels = ['sms', 'wechat', 'email', 'letter'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export const templateStatuses = [
  'draft',
  'pending_approval',
  'approved',
  'rejected',
  'retired',
] as const;
export type TemplateStatus = (typeof templateStatuses)[number];

export type TemplateAction = 'submit' | 'approve' | 'reject' | 'retire';

export type TemplateVersionState = {
  status: TemplateStatus;
  /** Who wrote (and submitted) the version. */
  createdBy: string;
};

export type TransitionRefusal = {
  ok: false;
  code: 'conflict' | 'validation_failed';
  reason: Extract<ChannelRefusal, 'wrong_status' | 'self_approval' | 'not_maker' | 'lint_findings'>;
  message: string;
};
export type TransitionResult = { ok: true; status: TemplateStatus } | TransitionRefusal;

const from: Record<TemplateAction, TemplateStatus> = {
  submit: 'draft',
  approve: 'pending_approval',
  reject: 'pending_approval',
  retire: 'approved',
};
const to: Record<TemplateAction, TemplateStatus> = {
  submit: 'pending_approval',
  approve: 'approved',
  reject: 'rejected',
  retire: 'retired',
};

/**
 * Decides one step of the maker-checker life cycle. Only the maker submits; only someone else
 * approves or rejects; approval is refused while the version has lint findings.
 */
export function decideTransition(
  version: TemplateVersionState,
  action: TemplateAction,
  actor: string,
  findings: readonly LintFinding[],
): TransitionResult {
  if (version.status !== from[action])
    return {
      ok: false,
      code: 'conflict',
      reason: 'wrong_status',
      message: `cannot ${action} a version that is ${version.status} (must be ${from[action]})`,
    };
  if (action === 'submit' && actor !== version.createdBy)
    return {
      ok: false,
      code: 'conflict',
      reason: 'not_maker',
      message: 'only the maker of a version submits it',
    };
  if ((action === 'approve' || action === 'reject') && actor === version.createdBy)
    return {
      ok: false,
      code: 'conflict',
      reason: 'self_approval',
      message: `the maker of a version cannot ${action} it: a different person must check it`,
    };
  if (action === 'approve' && findings.length > 0)
    return {
      ok: false,
      code: 'conflict',
      reason: 'lint_findings',
      message: `cannot approve a version with ${findings.length} lint finding(s)`,
    };
  return { ok: true, status: to[action] };
}

export type MoneyValue = { minor: bigint; currency: string };
export type VariableValue = string | number | bigint | MoneyValue;
export type TemplateValues = Readonly<Record<string, VariableValue>>;

export type RenderProblem = { variable: string; message: string };
export type RenderResult =
  { ok: true; subject: string | null; body: string } | { ok: false; problems: RenderProblem[] };

function isMoney(v: VariableValue): v is MoneyValue {
  return typeof v === 'object' && v !== null && 'minor' in v && 'currency' in v;
}

// Intl formatters are costly to build and pure to reuse: one per locale (and currency).
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<TemplateLocale, Intl.DateTimeFormat>();
const countFormats = new Map<TemplateLocale, Intl.NumberFormat>();

/** A money amount in the locale's currency format, exact to the minor unit. */
export function formatMoney(value: MoneyValue, locale: TemplateLocale): string {
  const digits = currencyDigits(value.currency);
  if (digits === null) throw new RangeError(`unknown currency ${value.currency}`);
  const decimal = formatAmount(value.minor, digits);
  const key = `${locale}/${value.currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: value.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormats.set(key, format);
  }
  // Intl formats decimal strings exactly (no float rounding of large amounts).
  return format.format(decimal as unknown as number);
}

/** A calendar date written out in the locale (2026年11月25日, November 25, 2026). */
export function formatDate(date: string, locale: TemplateLocale): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(Date.UTC(y, m - 1, d)));
}

function formatCount(n: number, locale: TemplateLocale): string {
  let format = countFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    countFormats.set(locale, format);
  }
  return format.format(n);
}

function formatValue(
  name: TemplateVariable,
  value: VariableValue,
  locale: TemplateLocale,
): string | RenderProblem {
  switch (variableKinds[name]) {
    case 'money':
      if (!isMoney(value) || typeof value.minor !== 'bigint')
        return { variable: name, message: 'must be an amount in minor units with a currency' };
      if (currencyDigits(value.currency) === null)
        return { variable: name, message: `unknown currency ${value.currency}` };
      return formatMoney(value, locale);
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value))
        return { variable: name, message: 'must be a date YYYY-MM-DD' };
      return formatDate(value, locale);
    case 'count':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        return { variable: name, message: 'must be a whole number' };
      return formatCount(value, locale);
    case 'text':
      if (typeof value !== 'string' || value.length === 0 || value.length > 200)
        return { variable: name, message: 'must be text of 1 to 200 characters' };
      return value;
  }
}

function renderText(
  source: string,
  values: Map<TemplateVariable, string>,
  problems: RenderProblem[],
): string {
  return parseTemplateText(source)
    .map((p) => {
      if (p.kind === 'text') return p.text;
      const v = isTemplateVariable(p.name) ? values.get(p.name) : undefined;
      if (v === undefined) {
        if (!problems.some((q) => q.variable === p.name))
          problems.push({
            variable: p.name,
            message: isTemplateVariable(p.name) ? 'missing' : 'unknown variable',
          });
        return '';
      }
      return v;
    })
    .join('');
}

/**
 * Renders a template version. Refused, naming each variable, when a value is supplied for an
 * unknown variable, a value has the wrong kind, or a variable the text uses has no value.
 */
export function renderTemplate(
  template: { locale: TemplateLocale; subject: string | null; body: string },
  variables: TemplateValues,
): RenderResult {
  const problems: RenderProblem[] = [];
  const values = new Map<TemplateVariable, string>();
  for (const [name, value] of Object.entries(variables)) {
    if (!isTemplateVariable(name)) {
      problems.push({ variable: name, message: 'unknown variable' });
      continue;
    }
    const formatted = formatValue(name, value, template.locale);
    if (typeof formatted === 'string') values.set(name, formatted);
    else problems.push(formatted);
  }
  const subject = template.subject === null ? null : renderText(template.subject, values, problems);
  const body = renderText(template.body, values, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, subject, body };
}
