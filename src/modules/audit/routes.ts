/** The audit module's HTTP edge: the administration trail. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, instant, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { administrationKinds } from './domain/administration.js';
import { entryVerifications } from './entry-verification.js';
import { linkEvidence } from './use-cases/link-evidence.js';
import { listAdministration } from './use-cases/list-administration.js';

export type AuditRoutesOptions = {
  db: Db;
  /** the bank's zone: the days of from and to */
  timeZone: string;
};

const administrationEntrySchema = z
  .object({
    seq: z.number().int(),
    kind: z.string().describe('an admin_* kind'),
    actor: z.string(),
    occurred_at: instant,
    recorded_at: instant,
    portfolio_id: z.string().nullable(),
    debtor_id: z.string().nullable(),
    account_id: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    entry_hash: z.string().nullable(),
    verification: z.enum(entryVerifications),
    checkpoint_id: z.string().nullable(),
  })
  .meta({ id: 'AdministrationEntry' });

/** Registers GET /api/v1/audit/administration. */
export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (
  app,
  { db, timeZone },
) => {
  app.get(
    '/api/v1/audit/administration',
    {
      config: { permission: 'audit.administration' },
      schema: {
        summary:
          'The administration trail: sign-ins, user, strategy, rule-pack and template changes, exports',
        description:
          'Entries of the evidence log of the admin_* kinds, newest first: who (actor), when ' +
          '(occurred_at), what (kind, payload with before and after of a change). from and to are ' +
          'days in the bank’s zone, inclusive. Page with cursor=next_cursor. verification as on a ' +
          'debtor’s evidence; `recourse audit verify` recomputes the whole log.',
        tags: ['audit'],
        querystring: z.strictObject({
          kind: z.enum(administrationKinds).optional(),
          actor: z.string().min(1).max(200).optional(),
          from: calendarDate.optional(),
          to: calendarDate.optional(),
          limit: wholeNumberParam(1, 1000).default(100),
          cursor: z
            .string()
            .min(1)
            .max(1000)
            .optional()
            .describe('next_cursor of the previous page'),
        }),
        response: {
          200: z.object({
            items: z.array(administrationEntrySchema),
            next_cursor: z.string().nullable(),
          }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => {
      // chain what has committed first, so that the entries read as linked, not pending
      await linkEvidence({ db });
      const q = request.query;
      return listAdministration({
        db,
        kind: q.kind,
        actor: q.actor,
        from: q.from,
        to: q.to,
        cursor: q.cursor,
        limit: q.limit,
        timeZone,
      });
    },
  );
};
