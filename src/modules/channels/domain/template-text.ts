/**
 * The text of a message template: literal text with `{{variable}}` placeholders. Only the
 * variables listed here exist; a template naming any other is refused, and so is a rendering that
 * supplies a variable the template does not know.
 */

export const templateVariables = [
  'debtor_name',
  'account_ref',
  'amount_due',
  'minimum_due',
  'amount_paid',
  'installment_amount',
  'installment_count',
  'due_date',
  'paid_on',
  'offer_expires_on',
  'collector_id',
  'bank_name',
  'bank_hotline',
  'opt_out',
] as const;
export type TemplateVariable = (typeof templateVariables)[number];

/** How a variable's value is written into the text. */
export type VariableKind = 'text' | 'money' | 'date' | 'count';

export const variableKinds: Record<TemplateVariable, VariableKind> = {
  debtor_name: 'text',
  account_ref: 'text',
  amount_due: 'money',
  minimum_due: 'money',
  amount_paid: 'money',
  installment_amount: 'money',
  installment_count: 'count',
  due_date: 'date',
  paid_on: 'date',
  offer_expires_on: 'date',
  collector_id: 'text',
  bank_name: 'text',
  bank_hotline: 'text',
  opt_out: 'text',
};

export function isTemplateVariable(name: string): name is TemplateVariable {
  return (templateVariables as readonly string[]).includes(name);
}

/** A piece of a parsed template: literal text, or a placeholder with its offsets in the source. */
export type TemplatePart =
  | { kind: 'text'; text: string; start: number }
  | { kind: 'variable'; name: string; start: number; end: number };

export type PlaceholderProblem = {
  kind: 'unknown_variable' | 'malformed_placeholder';
  text: string;
  start: number;
  end: number;
};

const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Splits a template's text into literal text and placeholders. */
export function parseTemplateText(source: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of source.matchAll(placeholder)) {
    const start = m.index;
    if (start > last) parts.push({ kind: 'text', text: source.slice(last, start), start: last });
    parts.push({ kind: 'variable', name: m[1] ?? '', start, end: start + m[0].length });
    last = start + m[0].length;
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last), start: last });
  return parts;
}

/**
 * Every placeholder problem in a template's text: variables that do not exist, and braces that do
 * not form a placeholder (a stray `{{` or `}}` would reach the debtor as literal text).
 */
export function placeholderProblems(source: string): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const part of parseTemplateText(source)) {
    if (part.kind === 'variable') {
      if (!/^[a-z_]+$/.test(part.name) || !isTemplateVariable(part.name))
        problems.push({
          kind: 'unknown_variable',
          text: source.slice(part.start, part.end),
          start: part.start,
          end: part.end,
        });
    } else {
      for (const m of part.text.matchAll(/\{\{|\}\}/g))
        problems.push({
          kind: 'malformed_placeholder',
          text: m[0],
          start: part.start + m.index,
          end: part.start + m.index + 2,
        });
    }
  }
  return problems;
}

/** The variables a template's text uses, each once, in order of first use. */
export function variablesUsed(source: string): TemplateVariable[] {
  const seen: TemplateVariable[] = [];
  for (const part of parseTemplateText(source))
    if (part.kind === 'variable' && isTemplateVariable(part.name) && !seen.includes(part.name))
      seen.push(part.name);
  return seen;
}
