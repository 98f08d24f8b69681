/**
 * The compliance gate's HTTP edge: a portfolio's rule pack settings, a collector's manual contact
 * attempt through the live gate, the dry-run contact check, and debtor flags. Phone numbers go
 * only in request bodies (never in URLs, which are logged) and never come back.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, instant, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import { linkEvidence, listDebtorEvidence } from '../audit/index.js';
import { evidenceActorOf, principal } from '../auth/index.js';
import { actingCollector } from '../people/index.js';
import { requireInScope } from '../portfolio/index.js';
import { localText } from './domain/explain.js';
import { clockFor } from './domain/local-time.js';
import { channels, flagNames, packIds, recipients } from './domain/vocabulary.js';
import type { NumberDigester } from './gate-state.js';
import { createContactGate } from './contact-gate.js';
import { checkContact } from './use-cases/check-contact.js';
import {
  getComplianceSettings,
  type ComplianceSettings,
} from './use-cases/get-compliance-settings.js';
import { setDebtorFlag } from './use-cases/set-debtor-flag.js';
import { summarizeBlockedAttempts } from './use-cases/summarize-blocked-attempts.js';
import { updateComplianceSettings } from './use-cases/update-compliance-settings.js';

export type ComplianceRoutesOptions = {
  db: Db;
  /** Keys the digest of phone numbers (the PII cipher). */
  cipher: NumberDigester;
  /** The clock: the instant of a contact is when the server receives it. */
  now?: () => Date;
};

const portfolioParam = wholeNumberParam(1, Number.MAX_SAFE_INTEGER);
const debtorId = z.string().min(1).max(64);
const accountId = z.string().min(1).max(64);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number');

const packSchema = z.object({
  id: z.enum(packIds),
  version: z.string(),
  settings_version: z.number().int(),
});

const settingsSchema = z
  .object({
    portfolio_id: z.string(),
    version: z.number().int().describe('0 until the portfolio is first configured'),
    pack: z.enum(packIds),
    config: z.record(z.string(), z.unknown()),
    effective: z
      .object({
        id: z.enum(packIds),
        version: z.string(),
        name: z.string(),
        rules: z.record(z.string(), z.unknown()),
      })
      .describe('the shipped pack with the configuration applied: every rule with its source'),
    history: z.array(
      z.object({
        version: z.number().int(),
        pack: z.enum(packIds),
        config: z.record(z.string(), z.unknown()),
        changed_by: z.string(),
        reason: z.string().nullable(),
        changed_at: instant,
        evidence_seq: z.string(),
      }),
    ),
  })
  .meta({ id: 'ComplianceSettings' });

const ruleSchema = z.object({
  code: z.string(),
  source: z.string(),
  message: z.string(),
});

const checkSchema = z
  .object({
    allowed: z.boolean(),
    rules: z.array(ruleSchema),
    next_allowed_at: instant
      .nullable()
      .describe('when time alone lifts the block: the first instant the contact is allowed'),
    next_allowed_local: z.string().nullable().describe("the same in the debtor's local time"),
    local_date: z.iso.date(),
    pack: packSchema,
  })
  .meta({ id: 'ContactCheck' });

const attemptSchema = z
  .object({
    attempt_id: z.string(),
    allowed: z.literal(true),
    attempted_at: instant,
    local_date: z.iso.date(),
    evidence_seq: z.string(),
    pack: packSchema,
    replayed: z.boolean().describe('true when answering a retry with the same Idempotency-Key'),
  })
  .meta({ id: 'ContactAttempt' });

const errors = { 400: errorResponse, 404: errorResponse };

function settingsJson(s: ComplianceSettings): z.infer<typeof settingsSchema> {
  return {
    portfolio_id: String(s.portfolioId),
    version: s.version,
    pack: s.packId,
    config: s.config,
    effective: {
      id: s.pack.id,
      version: s.pack.version,
      name: s.pack.name,
      rules: s.pack.rules as Record<string, unknown>,
    },
    history: s.history.map((h) => ({
      version: h.version,
      pack: h.packId,
      config: h.config,
      changed_by: h.changedBy,
      reason: h.reason,
      changed_at: h.changedAt.toISOString(),
      evidence_seq: String(h.evidenceSeq),
    })),
  };
}

/**
 * Registers GET|PUT /api/v1/portfolios/:portfolioId/compliance, POST /api/v1/contact-attempts,
 * GET /api/v1/portfolios/:portfolioId/debtors/:debtorId/contact-check and
 * POST /api/v1/portfolios/:portfolioId/debtors/:debtorId/flags.
 */
export const complianceRoutes: FastifyPluginAsyncZod<ComplianceRoutesOptions> = async (
  app,
  { db, cipher, now = () => new Date() },
) => {
  // Concurrent contact requests share transactions (and evidence appends) in small batches.
  const gate = createContactGate({ db, cipher });
  app.addHook('onClose', () => gate.close());

  app.get(
    '/api/v1/portfolios/:portfolioId/compliance',
    {
      config: { permission: 'compliance.read' },
      schema: {
        summary: "A portfolio's rule pack, its overrides, the effective rules and their history",
        tags: ['compliance'],
        params: z.strictObject({ portfolioId: portfolioParam }),
        response: { 200: settingsSchema, ...errors },
      },
    },
    async (request) =>
      settingsJson(
        await getComplianceSettings({ db, portfolioId: BigInt(request.params.portfolioId) }),
      ),
  );

  app.put(
    '/api/v1/portfolios/:portfolioId/compliance',
    {
      config: { permission: 'compliance.configure' },
      schema: {
        summary: "Set a portfolio's rule pack and overrides (tightening only) as a new version",
        tags: ['compliance'],
        params: z.strictObject({ portfolioId: portfolioParam }),
        body: z.strictObject({
          pack: z.string().min(1).max(20).describe('cn, us or uk'),
          config: z.record(z.string(), z.unknown()).default({}),
          reason: z.string().min(1).max(1000).optional(),
        }),
        response: { 200: settingsSchema, ...errors },
      },
    },
    async (request) => {
      const actor = evidenceActorOf(principal(request));
      return settingsJson(
        await updateComplianceSettings({
          db,
          portfolioId: BigInt(request.params.portfolioId),
          packId: request.body.pack,
          config: request.body.config,
          reason: request.body.reason,
          actor,
          at: now(),
        }),
      );
    },
  );

  app.post(
    '/api/v1/contact-attempts',
    {
      config: { permission: 'contact.attempt' },
      schema: {
        summary: "A collector's call or message, through the live compliance gate",
        description:
          'Decided at the instant the request arrives. 201 with the attempt when the gate allows ' +
          'it; 422 compliance_blocked listing every blocking rule with its source when not. ' +
          'Either way the decision is in the evidence log.',
        tags: ['compliance'],
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(1)
            .max(200)
            .optional()
            .describe('a retry with the same key gets the first answer and counts once'),
        }),
        body: z.strictObject({
          portfolio_id: z.number().int().min(1),
          account_id: accountId,
          debtor_id: debtorId,
          channel: z.enum(channels),
          recipient: z.enum(recipients).default('debtor'),
          number: e164.optional(),
          identity_disclosed: z.boolean(),
          template_id: z.string().min(1).max(100).optional(),
          text: z.string().min(1).max(4000).optional(),
          action_id: z
            .string()
            .regex(/^[1-9]\d{0,18}$/)
            .optional(),
        }),
        response: { 201: attemptSchema, ...errors, 422: errorResponse },
      },
    },
    async (request, reply) => {
      const collectorId = (await actingCollector(request, db)).collector_id;
      const b = request.body;
      await requireInScope({
        db,
        scope: principal(request).scope,
        portfolioId: BigInt(b.portfolio_id),
        debtorId: b.debtor_id,
        accountId: b.account_id,
      });
      const at = now();
      const r = await gate.attempt({
        portfolioId: BigInt(b.portfolio_id),
        accountId: b.account_id,
        debtorId: b.debtor_id,
        channel: b.channel,
        recipient: b.recipient,
        number: b.number,
        collectorId,
        identityDisclosed: b.identity_disclosed,
        templateId: b.template_id,
        text: b.text,
        actionId: b.action_id === undefined ? undefined : BigInt(b.action_id),
        at,
        idempotencyKey: request.headers['idempotency-key'],
      });
      const pack = {
        id: r.pack.id,
        version: r.pack.version,
        settings_version: r.pack.settingsVersion,
      };
      if (!r.allowed)
        throw new AppError(
          'compliance_blocked',
          `the compliance gate blocks this contact: ${r.rules.map((x) => x.message).join('; ')}`,
          {
            rules: r.rules,
            next_allowed_at: r.nextAllowedAt?.toISOString() ?? null,
            evidence_seq: String(r.evidenceSeq),
            pack,
            replayed: r.replayed,
          },
        );
      return reply.code(201).send({
        attempt_id: String(r.attemptId),
        allowed: true as const,
        attempted_at: r.attemptedAt.toISOString(),
        local_date: r.localDate,
        evidence_seq: String(r.evidenceSeq),
        pack,
        replayed: r.replayed,
      });
    },
  );

  app.get(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/contact-check',
    {
      config: { permission: 'contact.check' },
      schema: {
        summary: 'Dry run of the compliance gate: may this contact be made now, and if not why',
        description:
          'Writes nothing. Per-number caps are not judged here (numbers never go in URLs); the ' +
          'live gate judges them on the attempt.',
        tags: ['compliance'],
        params: z.strictObject({ portfolioId: portfolioParam, debtorId }),
        querystring: z.strictObject({
          channel: z.enum(channels),
          recipient: z.enum(recipients).default('debtor'),
          account_id: accountId.optional(),
          template_id: z.string().min(1).max(100).optional(),
        }),
        response: { 200: checkSchema, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      await requireInScope({
        db,
        scope: principal(request).scope,
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
      });
      const c = await checkContact({
        db,
        cipher,
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
        accountId: q.account_id,
        channel: q.channel,
        recipient: q.recipient,
        templateId: q.template_id,
        at: now(),
      });
      const next = c.allowed ? null : c.nextAllowedAt;
      return {
        allowed: c.allowed,
        rules: c.rules.map((r) => ({ ...r })),
        next_allowed_at: next === null ? null : new Date(next).toISOString(),
        next_allowed_local: next === null ? null : localText(clockFor(c.timeZone), next),
        local_date: c.localDate,
        pack: {
          id: c.pack.id,
          version: c.pack.version,
          settings_version: c.pack.settingsVersion,
        },
      };
    },
  );

  app.post(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/flags',
    {
      config: { permission: 'debtor_flags.write' },
      schema: {
        summary: 'Set or clear a debtor flag (cease_contact, represented, dispute ...) from now on',
        tags: ['compliance'],
        params: z.strictObject({ portfolioId: portfolioParam, debtorId }),
        body: z.strictObject({
          flag: z.enum(flagNames),
          value: z.boolean().default(true),
          source: z
            .string()
            .min(1)
            .max(200)
            .default('api')
            .describe("where it comes from: 'api', 'letter:<ref>', 'call:<attempt id>' ..."),
          reason: z.string().min(1).max(1000).describe('why, in words (no personal data)'),
        }),
        response: {
          201: z.object({
            flag: z.enum(flagNames),
            value: z.boolean(),
            at: instant,
            flag_seq: z.string(),
            evidence_seq: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      await requireInScope({
        db,
        scope: principal(request).scope,
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
      });
      const at = now();
      const r = await setDebtorFlag({
        db,
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
        flag: b.flag,
        value: b.value,
        at,
        source: b.source,
        reason: b.reason,
        actor: evidenceActorOf(principal(request)),
      });
      return reply.code(201).send({
        flag: b.flag,
        value: b.value,
        at: at.toISOString(),
        flag_seq: String(r.flagSeq),
        evidence_seq: String(r.evidenceSeq),
      });
    },
  );

  // Read-only views for the compliance console and the account view.
  app.get(
    '/api/v1/compliance/blocked-attempts',
    {
      config: { permission: 'compliance.read' },
      schema: {
        summary: 'Contact attempts the gate blocked, by rule and by day, over debtor-local days',
        description:
          'From the evidence log (a blocked attempt exists only there): every gate decision on ' +
          'the days from..to (at most 366), how many were blocked, and the blocked attempts ' +
          'naming each rule (an attempt blocked by two rules counts under both).',
        tags: ['compliance'],
        querystring: z.strictObject({
          from: calendarDate,
          to: calendarDate,
          portfolio_id: portfolioParam.optional(),
        }),
        response: {
          200: z
            .object({
              from: z.iso.date(),
              to: z.iso.date(),
              decisions: z.number().int(),
              blocked: z.number().int(),
              by_rule: z.array(
                z.object({ code: z.string(), source: z.string(), blocked: z.number().int() }),
              ),
              by_day: z.array(
                z.object({
                  day: z.iso.date(),
                  decisions: z.number().int(),
                  blocked: z.number().int(),
                  by_rule: z.record(z.string(), z.number().int()),
                }),
              ),
            })
            .meta({ id: 'BlockedAttempts' }),
          400: errorResponse,
        },
      },
    },
    async (request) => {
      const q = request.query;
      return summarizeBlockedAttempts({
        db,
        from: q.from,
        to: q.to,
        portfolioId: q.portfolio_id === undefined ? undefined : BigInt(q.portfolio_id),
      });
    },
  );

  app.get(
    '/api/v1/portfolios/:portfolioId/debtors/:debtorId/evidence',
    {
      config: { permission: 'audit.read' },
      schema: {
        summary: "A debtor's evidence log entries, newest first, with what their hashes show",
        description:
          'verification: altered (the hash does not match the content), unlinked (the entry ' +
          'before it is not the one it was chained to), intact (hash and link hold) or ' +
          'checkpointed (intact and inside a checkpoint: checkpoint_id). `recourse audit verify` ' +
          'recomputes the whole log. Page with before=next_before.',
        tags: ['audit'],
        params: z.strictObject({ portfolioId: portfolioParam, debtorId }),
        querystring: z.strictObject({
          before: wholeNumberParam(1, Number.MAX_SAFE_INTEGER).optional(),
          limit: wholeNumberParam(1, 500).default(100),
        }),
        response: {
          200: z.object({
            items: z.array(
              z
                .object({
                  seq: z.number().int(),
                  kind: z.string(),
                  account_id: z.string().nullable(),
                  actor: z.string(),
                  occurred_at: instant,
                  recorded_at: instant,
                  payload: z.record(z.string(), z.unknown()),
                  entry_hash: z.string().nullable(),
                  verification: z.enum([
                    'pending',
                    'altered',
                    'unlinked',
                    'intact',
                    'checkpointed',
                  ]),
                  checkpoint_id: z.string().nullable(),
                })
                .meta({ id: 'DebtorEvidenceEntry' }),
            ),
            next_before: z.number().int().nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      // chain what has committed first, so that the entries read as linked, not pending
      await linkEvidence({ db });
      return listDebtorEvidence({
        db,
        portfolioId: BigInt(request.params.portfolioId),
        debtorId: request.params.debtorId,
        before: request.query.before === undefined ? undefined : BigInt(request.query.before),
        limit: request.query.limit,
      });
    },
  );
};
