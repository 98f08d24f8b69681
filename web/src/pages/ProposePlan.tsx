/**
 * Proposing an installment plan from the workbench: the terms, a preview of the schedule the
 * server computes from the account's ledger (total, waiver, who must approve), then the proposal,
 * which waits for a checker. A hardship claim names its kind and the debtor's uploaded documents
 * ticked under Documents (the same ticks an outcome's hardship claim uses). Errors are shown
 * beside the field they are about.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  api,
  type DebtorDocument,
  type InstallmentPlan,
  type PlanPreview,
  type WorkCase,
} from '../api';
import { Field } from '../components/fields';
import { errorMessage, fieldErrors } from '../errors';
import {
  addDaysTo,
  currencyDigits,
  decimalToMinor,
  formatDate,
  formatMinor,
  todayLocal,
} from '../format';
import { documentReferences, HardshipDocuments } from './CaseDocuments';

const treatments = ['freeze', 'accrue', 'waive'] as const;
const hardshipKinds = ['', 'unemployment', 'illness', 'disaster', 'business_failure', 'other'];

export function ProposePlan(props: {
  work: WorkCase;
  portfolioId: number;
  /** the debtor's uploaded documents ticked for a hardship claim */
  documents: DebtorDocument[];
}) {
  const { work, portfolioId, documents } = props;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const owed = work.accounts.find((a) => a.overdue_amount_minor !== '0') ?? work.accounts[0];
  const [accountId, setAccountId] = useState(owed?.account_id ?? '');
  const account = work.accounts.find((a) => a.account_id === accountId);
  const currency = account?.currency ?? 'CNY';
  const today = todayLocal();
  const [agreedOn, setAgreedOn] = useState(today);
  const [count, setCount] = useState('6');
  const [firstDue, setFirstDue] = useState(addDaysTo(today, 30));
  const [down, setDown] = useState('');
  const [downOn, setDownOn] = useState('');
  const [penalty, setPenalty] = useState<(typeof treatments)[number]>('freeze');
  const [fees, setFees] = useState<(typeof treatments)[number]>('freeze');
  const [grace, setGrace] = useState('5');
  const [hardship, setHardship] = useState('');
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const [proposed, setProposed] = useState<InstallmentPlan | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const edited =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPreview(null);
      setProposed(null);
    };

  const body = (): Record<string, unknown> | null => {
    const digits = currencyDigits(currency);
    const downMinor = down.trim() === '' ? null : decimalToMinor(down, digits);
    if (down.trim() !== '' && downMinor === null) {
      setFields({ down_payment_minor: t('propose.badAmount', { digits }) });
      return null;
    }
    return {
      portfolio_id: portfolioId,
      account_id: accountId,
      agreed_on: agreedOn,
      installment_count: Number(count),
      first_due_on: firstDue,
      ...(downMinor === null ? {} : { down_payment_minor: downMinor }),
      ...(downMinor !== null && downOn !== '' ? { down_payment_due_on: downOn } : {}),
      penalty_interest: penalty,
      fees,
      grace_days: Number(grace),
      ...(hardship === ''
        ? {}
        : { hardship: { kind: hardship, documents: documentReferences(documents) } }),
    };
  };

  const send = async (path: string, done: (r: unknown) => void) => {
    setError(null);
    setFields({});
    const b = body();
    if (b === null) return;
    setBusy(true);
    try {
      done(await api(path, { method: 'POST', body: b }));
    } catch (err) {
      const named = fieldErrors(err, t);
      setFields(named);
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const showPreview = (e: FormEvent) => {
    e.preventDefault();
    void send('/api/v1/installment-plans/preview', (r) => setPreview(r as PlanPreview));
  };
  const propose = () =>
    void send('/api/v1/installment-plans', (r) => {
      setProposed(r as InstallmentPlan);
      setPreview(null);
    });

  const role = (r: string | null) =>
    r === null ? t('propose.noApprover') : t(`roles.${r}`, { defaultValue: r });

  return (
    <section className="panel" aria-labelledby="propose-title" data-testid="propose-plan">
      <h2 id="propose-title">{t('propose.title')}</h2>
      <p className="muted small">{t('propose.hint')}</p>
      <form className="form" onSubmit={showPreview} noValidate>
        <div className="form-row">
          <label className="field">
            <span>{t('propose.account')}</span>
            <select
              id="plan-account"
              value={accountId}
              onChange={(e) => edited(setAccountId)(e.target.value)}
            >
              {work.accounts.map((a) => (
                <option key={a.account_id} value={a.account_id}>
                  {a.account_id} · {formatMinor(a.balance_minor, a.currency, lng)}
                </option>
              ))}
            </select>
          </label>
          <Field
            id="plan-agreed-on"
            type="date"
            label={t('propose.agreedOn')}
            value={agreedOn}
            onChange={edited(setAgreedOn)}
            error={fields.agreed_on}
          />
        </div>
        <div className="form-row">
          <Field
            id="plan-count"
            type="number"
            min={1}
            max={60}
            inputMode="numeric"
            label={t('propose.count')}
            value={count}
            onChange={edited(setCount)}
            error={fields.installment_count}
          />
          <Field
            id="plan-first-due"
            type="date"
            label={t('propose.firstDue')}
            value={firstDue}
            onChange={edited(setFirstDue)}
            error={fields.first_due_on}
          />
        </div>
        <div className="form-row">
          <Field
            id="plan-down"
            inputMode="decimal"
            autoComplete="off"
            label={t('propose.down', { currency })}
            value={down}
            onChange={edited(setDown)}
            error={fields.down_payment_minor}
          />
          <Field
            id="plan-down-on"
            type="date"
            label={t('propose.downOn')}
            value={downOn}
            onChange={edited(setDownOn)}
            error={fields.down_payment_due_on}
          />
        </div>
        <div className="form-row">
          {(
            [
              ['plan-penalty', 'propose.penalty', penalty, setPenalty],
              ['plan-fees', 'propose.fees', fees, setFees],
            ] as const
          ).map(([id, label, value, set]) => (
            <label className="field" key={id}>
              <span>{t(label)}</span>
              <select
                id={id}
                value={value}
                onChange={(e) => edited(set)(e.target.value as (typeof treatments)[number])}
              >
                {treatments.map((x) => (
                  <option key={x} value={x}>
                    {t(`propose.treatment.${x}`)}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <Field
            id="plan-grace"
            type="number"
            min={0}
            max={60}
            inputMode="numeric"
            label={t('propose.grace')}
            value={grace}
            onChange={edited(setGrace)}
            error={fields.grace_days}
          />
        </div>
        <div className="form-row">
          <label className="field">
            <span>{t('propose.hardship')}</span>
            <select
              id="plan-hardship"
              value={hardship}
              onChange={(e) => edited(setHardship)(e.target.value)}
              aria-invalid={fields.documents ? true : undefined}
              aria-describedby={fields.documents ? 'plan-hardship-error' : undefined}
            >
              {hardshipKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`propose.hardshipKind.${k || 'none'}`)}
                </option>
              ))}
            </select>
            {fields.documents && (
              <span
                className="field-error"
                id="plan-hardship-error"
                data-field-error="plan-hardship"
              >
                {fields.documents}
              </span>
            )}
          </label>
        </div>
        {hardship !== '' && (
          <HardshipDocuments documents={documents} testId="plan-hardship-documents" />
        )}
        <div className="toolbar">
          <button type="submit" id="plan-preview" disabled={busy || accountId === ''}>
            {t('propose.preview')}
          </button>
          <button
            type="button"
            id="plan-propose"
            disabled={busy || preview === null}
            onClick={propose}
          >
            {t('propose.submit')}
          </button>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="plan-error">
            {error}
          </p>
        )}
      </form>
      {preview && (
        <div data-testid="plan-preview" aria-live="polite">
          <p>
            {t('propose.total')}:{' '}
            <strong>{formatMinor(preview.total_minor, preview.currency, lng)}</strong>
            {preview.waived_minor !== '0' &&
              ` · ${t('propose.waived')}: ${formatMinor(preview.waived_minor, preview.currency, lng)}`}
            {` · ${t('propose.approver')}: ${role(preview.required_role)}`}
          </p>
          <div className="table-wrap">
            <table className="compact">
              <caption className="sr-only">{t('plans.schedule')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plans.number')}</th>
                  <th scope="col">{t('work.due')}</th>
                  <th scope="col" className="num">
                    {t('propose.amount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {preview.schedule.map((i) => (
                  <tr key={i.number}>
                    <td>{i.number === 0 ? t('plans.downPayment') : i.number}</td>
                    <td>{formatDate(i.due_on, lng)}</td>
                    <td className="num">{formatMinor(i.amount_minor, preview.currency, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {proposed && (
        <p className="allowed" role="status" data-testid="plan-proposed">
          {t('propose.proposed', {
            id: proposed.plan_id,
            role: role(proposed.required_role),
          })}
        </p>
      )}
    </section>
  );
}
