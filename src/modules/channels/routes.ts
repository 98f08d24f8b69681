/**
 * The message library's HTTP edge: list and write template versions, the maker-checker steps
 * (submit, approve, reject, retire), and the linter for arbitrary text. The acting person comes
 * from `actingCollector` (the x-collector-id header until sign-in lands).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, instant } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { AppError } from '../../shared/errors.js';
import { adminActorOf, holds, principal } from '../auth/index.js';
import { actingCollector } from './acting-collector.js';
import type { LintFinding } from './domain/lint.js';
import { lintRuleIds } from './domain/lint-rules.js';
import { messageChannels, templateLocales, templateStatuses } from './domain/template.js';
import type { TemplateVersionRow } from './store.js';
import { createTemplateVersion } from './use-cases/create-template-version.js';
import { lintText } from './use-cases/lint-text.js';
import { listTemplateVersions } from './use-cases/list-template-versions.js';
import { setFallbackLocale } from './use-cases/set-fallback-locale.js';
import { transitionTemplateVersion } from './use-cases/transition-template-version.js';

export type TemplateRoutesOptions = {
  db: Db;
  /** the clock of the steps recorded in the evidence log (tests fix it) */
  now?: () => Date;
};

const findingSchema = z
  .object({
    rule: z.enum(lintRuleIds),
    description: z.string(),
    source: z.string().describe('where the rule comes from (REGULATIONS.md)'),
    phrase: z.string(),
    start: z.number().int().describe('UTF-16 offset of the phrase in the text'),
    end: z.number().int(),
    field: z.enum(['subject', 'body']).optional(),
  })
  .meta({ id: 'LintFinding' });

const templateId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lower-case letters, digits and hyphens (1-80)');

const versionSchema = z
  .object({
    template_id: z.string(),
    version: z.number().int(),
    family: z
      .string()
      .describe('the family: one template per locale, picked by the debtor language'),
    locale: z.enum(templateLocales),
    channel: z.enum(messageChannels),
    subject: z.string().nullable(),
    body: z.string(),
    status: z.enum(templateStatuses),
    lint_findings: z.array(findingSchema),
    created_by: z.string(),
    created_at: instant,
    submitted_at: instant.nullable(),
    decided_by: z.string().nullable(),
    decided_at: instant.nullable(),
    decision_note: z.string().nullable(),
    retired_by: z.string().nullable(),
    retired_at: instant.nullable(),
  })
  .meta({ id: 'TemplateVersion' });

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function versionJson(v: TemplateVersionRow): z.output<typeof versionSchema> {
  return {
    template_id: v.template_id,
    version: v.version,
    family: v.family,
    locale: v.locale,
    channel: v.channel,
    subject: v.subject,
    body: v.body,
    status: v.status,
    lint_findings: v.lint_findings as Array<LintFinding & { field?: 'subject' | 'body' }>,
    created_by: v.created_by,
    created_at: v.created_at.toISOString(),
    submitted_at: iso(v.submitted_at),
    decided_by: v.decided_by,
    decided_at: iso(v.decided_at),
    decision_note: v.decision_note,
    retired_by: v.retired_by,
    retired_at: iso(v.retired_at),
  };
}

const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse };

/**
 * Registers /api/v1/templates (GET, POST), the review steps, PUT /api/v1/templates/fallback-locale
 * and POST /api/v1/templates/lint.
 */
export const templateRoutes: FastifyPluginAsyncZod<TemplateRoutesOptions> = async (
  app,
  { db, now = () => new Date() },
) => {
  app.get(
    '/api/v1/templates',
    {
      config: { permission: 'templates.read' },
      schema: {
        summary: 'List message template versions',
        tags: ['channels'],
        querystring: z.strictObject({
          status: z.enum(templateStatuses).optional(),
          channel: z.enum(messageChannels).optional(),
          locale: z.enum(templateLocales).optional(),
          template_id: templateId.optional(),
          family: templateId.optional(),
        }),
        response: { 200: z.object({ items: z.array(versionSchema) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await listTemplateVersions({
        db,
        status: q.status,
        channel: q.channel,
        locale: q.locale,
        templateId: q.template_id,
        family: q.family,
      });
      return { items: rows.map(versionJson) };
    },
  );

  app.post(
    '/api/v1/templates',
    {
      config: { permission: 'templates.write' },
      schema: {
        summary: 'Write a template version (a new template, or the next version of one) as a draft',
        tags: ['channels'],
        body: z.strictObject({
          template_id: templateId,
          family: templateId
            .optional()
            .describe('for a new template: its family (default: the id without -zh / -en)'),
          locale: z.enum(templateLocales),
          channel: z.enum(messageChannels),
          subject: z.string().min(1).max(200).nullable().default(null),
          body: z.string().min(1).max(10_000),
        }),
        response: { 201: versionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actingCollector(request);
      const b = request.body;
      const row = await createTemplateVersion({
        db,
        actor,
        templateId: b.template_id,
        ...(b.family === undefined ? {} : { family: b.family }),
        locale: b.locale,
        channel: b.channel,
        subject: b.subject,
        body: b.body,
      });
      return reply.code(201).send(versionJson(row));
    },
  );

  app.post(
    '/api/v1/templates/:templateId/versions/:version/:action',
    {
      // each step checks its own permission below: the maker submits (templates.write); a
      // checker approves, rejects or retires (templates.approve)
      config: { permission: 'templates.read' },
      schema: {
        summary:
          'A maker-checker step: the maker submits; another person approves or rejects; an approved version is retired',
        tags: ['channels'],
        params: z.strictObject({
          templateId,
          version: z
            .string()
            .regex(/^[1-9]\d{0,8}$/, 'must be a version number')
            .transform(Number),
          action: z.enum(['submit', 'approve', 'reject', 'retire']),
        }),
        body: z.strictObject({ note: z.string().min(1).max(1000).optional() }).optional(),
        response: { 200: versionSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actingCollector(request);
      const p = request.params;
      const needed = p.action === 'submit' ? 'templates.write' : 'templates.approve';
      if (!holds(request, needed))
        throw new AppError('forbidden', `your role may not ${p.action} a template version`, {
          permission: needed,
        });
      const row = await transitionTemplateVersion({
        db,
        actor,
        templateId: p.templateId,
        version: p.version,
        action: p.action,
        note: request.body?.note ?? null,
        audit: { actor: adminActorOf(principal(request)), at: now() },
      });
      return versionJson(row);
    },
  );

  app.put(
    '/api/v1/templates/fallback-locale',
    {
      config: { permission: 'templates.approve' },
      schema: {
        summary:
          "Choose the language automated messages fall back to when the debtor's own has no approved template in the family (per portfolio, or bank-wide); null removes the choice",
        tags: ['channels'],
        body: z.strictObject({
          portfolio_id: z
            .string()
            .regex(/^[1-9][0-9]{0,18}$/)
            .nullable()
            .describe('null: bank-wide (a portfolio of its own choice overrides it)'),
          locale: z.enum(templateLocales).nullable(),
        }),
        response: {
          200: z.object({
            portfolio_id: z.string().nullable(),
            locale: z.enum(templateLocales).nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const b = request.body;
      return setFallbackLocale({
        db,
        actor: actingCollector(request),
        portfolioId: b.portfolio_id === null ? null : BigInt(b.portfolio_id),
        locale: b.locale,
        audit: { actor: adminActorOf(principal(request)), at: now() },
      });
    },
  );

  app.post(
    '/api/v1/templates/lint',
    {
      config: { permission: 'templates.read' },
      schema: {
        summary:
          'Lint text: as a template (mode=template), or as a message to send (mode=message: also free text unless it renders an approved template)',
        tags: ['channels'],
        body: z.strictObject({
          text: z.string().min(1).max(10_000),
          mode: z.enum(['template', 'message']).default('template'),
        }),
        response: {
          200: z.object({ clean: z.boolean(), findings: z.array(findingSchema) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const findings = await lintText({ db, text: request.body.text, mode: request.body.mode });
      return { clean: findings.length === 0, findings };
    },
  );
};
