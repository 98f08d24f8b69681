/**
 * Server errors in the user's language, in one place: the error code (and, where they say more,
 * its details) picks a translated message; the server's English message is never shown. Field
 * errors (zod's [{field, message}] and the domain's {field}) are mapped to the form's fields.
 */
import i18next, { type TFunction } from 'i18next';
import { ApiError } from './api';

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

/** What to tell the user about a failed request, in their language. */
export function errorMessage(e: unknown, t: TFunction): string {
  if (!(e instanceof ApiError))
    return e instanceof TypeError ? t('errors.network') : t('errors.internal');
  const d = record(e.details);
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
      return t('errors.forbidden', { permission: String(d?.permission ?? '') });
    case 'not_found':
      return d?.reason === 'out_of_scope' ? t('errors.outOfScope') : t('errors.not_found');
    case 'conflict':
      if (Array.isArray(d?.held_by))
        return t('errors.heldBy', { who: (d.held_by as unknown[]).join(', ') });
      if (typeof d?.outcome === 'string') return t('errors.outcomeRecorded');
      // the rule that refused (authority, maker-checker, lint) is in the server's words
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
