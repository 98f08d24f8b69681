/**
 * Queues one message for delivery, in the caller's transaction: it commits or rolls back with the
 * contact attempt it belongs to. Refused unless the gate allowed that attempt (its
 * contact_attempts row exists), for this channel and naming this template, to the debtor or their
 * representative; and unless the template version is approved and renders with the variables.
 */
import type { Queryable } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { ChannelRefusal } from '../domain/refusals.js';
import type { PiiCipher } from '../../../shared/pii-cipher.js';
import { renderTemplate, type TemplateValues } from '../domain/template.js';
import { attemptAndTemplate, insertOutbox } from '../store.js';

export type EnqueueMessageOptions = {
  tx: Queryable;
  cipher: PiiCipher;
  attemptId: bigint;
  /** The attempt's portfolio, when the caller knows it (attempt ids are unique on their own). */
  portfolioId?: bigint;
  templateId: string;
  version: number;
  variables: TemplateValues;
  /** The destination: E.164 number, email address, WeChat openid or postal address. Sealed. */
  to: string;
  /** Not to be delivered before this instant (default: now). */
  notBefore?: Date;
};

export type EnqueuedMessage = { portfolioId: bigint; messageId: bigint; idempotencyKey: string };

export async function enqueueMessage(opts: EnqueueMessageOptions): Promise<EnqueuedMessage> {
  const { tx, attemptId, templateId, version } = opts;
  const { attempt, template } = await attemptAndTemplate(
    tx,
    attemptId,
    opts.portfolioId ?? null,
    templateId,
    version,
  );
  if (!attempt)
    throw new AppError(
      'not_found',
      `no allowed contact attempt ${attemptId}: a message is queued only for an attempt the compliance gate allowed`,
    );
  if (!template) throw new AppError('not_found', `no template ${templateId} version ${version}`);
  const refuse = (message: string, reason: ChannelRefusal, facts: object): never => {
    throw new AppError('conflict', message, {
      attempt_id: String(attemptId),
      template_id: templateId,
      reason,
      ...facts,
    });
  };
  if (template.status !== 'approved')
    refuse(
      `template ${templateId} version ${version} is ${template.status}: only approved templates are sent`,
      'template_not_approved',
      { status: template.status },
    );
  if (attempt.channel !== template.channel)
    refuse(
      `attempt ${attemptId} was allowed for ${attempt.channel}, not ${template.channel}`,
      'attempt_mismatch',
      { channel: attempt.channel },
    );
  if (attempt.template_id !== templateId)
    refuse(
      `attempt ${attemptId} was allowed for another template than ${templateId}`,
      'attempt_mismatch',
      {},
    );
  if (attempt.recipient !== 'debtor' && attempt.recipient !== 'representative')
    refuse(
      `attempt ${attemptId} is to a ${attempt.recipient}: automated messages go to the debtor or their representative only`,
      'recipient_not_debtor',
      { recipient: attempt.recipient },
    );
  if (opts.to.length === 0 || opts.to.length > 1000)
    throw new AppError('validation_failed', 'the destination must be 1 to 1000 characters');
  const rendered = renderTemplate(template, opts.variables);
  if (!rendered.ok)
    throw new AppError(
      'validation_failed',
      `template ${templateId} cannot be rendered: ${rendered.problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`,
      rendered.problems,
    );
  const idempotencyKey = `recourse-${attempt.portfolio_id}-${attempt.attempt_id}`;
  const messageId = await insertOutbox(tx, {
    portfolioId: attempt.portfolio_id,
    attemptId: attempt.attempt_id,
    accountId: attempt.account_id,
    debtorId: attempt.debtor_id,
    channel: template.channel,
    templateId,
    version,
    locale: template.locale,
    toSealed: opts.cipher.encrypt(opts.to),
    subject: rendered.subject,
    body: rendered.body,
    idempotencyKey,
    notBefore: opts.notBefore ?? new Date(),
  });
  if (messageId === null)
    refuse(`attempt ${attemptId} already has a message`, 'message_exists', {});
  return { portfolioId: attempt.portfolio_id, messageId: messageId!, idempotencyKey };
}
