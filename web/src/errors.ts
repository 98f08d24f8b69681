/**
 * Server errors in the user's language, in one place: the error code (and, where they say more,
 * its details) picks a translated message. A business-rule refusal names its rule in
 * details.reason with the facts its message needs; the server's English message is shown only for
 * a reason this app does not know. Field errors (zod's [{field, message}] and the domain's
 * {field}) are mapped to the form's fields.
 */
import i18next, { type TFunction } from 'i18next';
import { ApiError } from './api';
import { formatDate, formatMinor } from './format';

/** Domain field names (camelCase) as the API's body fields. */
const fieldAliases: Record<string, string> = {
  installmentCount: 'installment_count',
  firstDueDate: 'first_due_on',
  agreedOn: 'agreed_on',
  downPaymentMinor: 'down_payment_minor',
  downPaymentDueDate: 'down_payment_due_on',
  penaltyInterest: 'penalty_interest',
};

function bodyField(field: string): string {
  const top = field.split('.')[0] ?? field;
  return fieldAliases[top] ?? field;
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null;
}

/** The fields an error names, each with its translated message. */
export function fieldErrors(e: unknown, t: TFunction): Record<string, string> {
  if (!(e instanceof ApiError) || e.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  const named = (field: string) => {
    const f = bodyField(field);
    out[f] ??= t([`errors.field.${f}`, 'errors.field.default']);
  };
  if (Array.isArray(e.details))
    for (const d of e.details) {
      const field = record(d)?.field;
      if (typeof field === 'string' && field !== '') named(field);
    }
  const one = record(e.details)?.field;
  if (typeof one === 'string') named(one);
  return out;
}

/** Facts a refusal names by an id, shown in the user's words (the id when the app has none). */
const factWords: Record<string, (v: string) => string[]> = {
  required_role: (v) => [`roles.${v}`],
  checker_role: (v) => [`roles.${v}`],
  status: (v) => [`plans.status.${v}`, `comp.status.${v}`, `errors.status.${v}`],
  outcome: (v) => [`outcomes.${v}`],
  channel: (v) => [`channels.${v}`],
  unit: (v) => [`units.${v}`],
  action: (v) => [`errors.action.${v}`],
  setting: (v) => [`errors.setting.${v}`],
};

/** A refusal's details as the facts its message interpolates: money, dates and ids per locale. */
function refusalFacts(d: Record<string, unknown>, t: TFunction): Record<string, string | number> {
  const lng = i18next.language;
  const currency = typeof d.currency === 'string' ? d.currency : null;
  const facts: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number') facts[k] = v;
    else if (typeof v === 'string') {
      const words = factWords[k]?.(v);
      if (words) facts[k] = t(words, { defaultValue: v });
      else if (k.endsWith('_minor') && currency)
        facts[k.slice(0, -6)] = formatMinor(v, currency, lng);
      else if (k.endsWith('_on') && /^\d{4}-\d{2}-\d{2}$/.test(v)) facts[k] = formatDate(v, lng);
      else facts[k] = v;
    } else if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
      facts[k] = v.join(k === 'path' ? '.' : t('errors.listSeparator'));
  }
  return facts;
}

/**
 * A business-rule refusal (details.reason) in the user's words, or null when this app does not
 * know the reason. Plans and settlement offers differ in words (i18next context "settlement");
 * a loosening without a value is a flag the configuration would turn on.
 */
function refusalMessage(d: Record<string, unknown> | null, t: TFunction): string | null {
  const reason = d?.reason;
  if (!d || typeof reason !== 'string' || !i18next.exists(`errors.reason.${reason}`)) return null;
  const facts = refusalFacts(d, t);
  if (Array.isArray(d.findings))
    facts.findings = d.findings
      .map((f) => {
        const finding = record(f);
        const rule = String(finding?.rule ?? '');
        return t('errors.lintFinding', {
          rule: t(`lint.${rule}`, { defaultValue: rule }),
          phrase: String(finding?.phrase ?? ''),
        });
      })
      .join(t('errors.listSeparator'));
  const context =
    d.settlement_id !== undefined
      ? 'settlement'
      : reason === 'loosens_law' && d.value === undefined
        ? 'flag'
        : undefined;
  return t(`errors.reason.${reason}`, { ...facts, context });
}

/** What to tell the user about a failed request, in their language. */
export function errorMessage(e: unknown, t: TFunction): string {
  if (!(e instanceof ApiError))
    return e instanceof TypeError ? t('errors.network') : t('errors.internal');
  const d = record(e.details);
  const refused = refusalMessage(d, t);
  if (refused !== null && (e.code === 'conflict' || e.code === 'validation_failed')) return refused;
  switch (e.code) {
    case 'validation_failed': {
      const fields = Object.keys(fieldErrors(e, t));
      // a field this app has no words for: the server's words say what is wrong
      if (fields.length === 0 || fields.some((f) => !i18next.exists(`errors.fieldName.${f}`)))
        return t('errors.refused', { reason: e.message });
      return t('errors.validationFields', {
        fields: fields
          .map((f) => t(`errors.fieldName.${f}`, { defaultValue: f }))
          .join(t('errors.listSeparator')),
      });
    }
    case 'invalid_file':
      return t(`errors.file.${String(d?.reason ?? 'type_not_allowed')}`, {
        defaultValue: t('errors.invalid_file'),
      });
    case 'forbidden':
      if (d?.reason === 'not_a_collector') return t('errors.notACollector');
      if (d?.reason === 'csrf') return t('errors.csrf');
      if (d?.reason === 'no_approval_authority') return t('errors.noApprovalAuthority');
      return t('errors.forbidden', { permission: String(d?.permission ?? '') });
    case 'not_found':
      return d?.reason === 'out_of_scope' ? t('errors.outOfScope') : t('errors.not_found');
    case 'conflict':
      // a reason this app does not know yet: the server's words say what is wrong
      return t('errors.refused', { reason: e.message });
    case 'rate_limited':
    case 'payload_too_large':
    case 'compliance_blocked':
    case 'unauthenticated':
      return t(`errors.${e.code}`);
    default:
      return t('errors.internal');
  }
}
