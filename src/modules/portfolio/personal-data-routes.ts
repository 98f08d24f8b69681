/**
 * Personal data over HTTP: masked for whoever may read it, unmasked only field by field with a
 * stated purpose, each such read logged before the data leaves (PIPL art. 51).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import type { PiiCipher } from '../../shared/pii-cipher.js';
import { principal } from '../auth/index.js';
import { personalFields } from './domain/mask.js';
import {
  readPersonalData,
  revealPurposes,
  type PersonalDataView,
} from './use-cases/read-personal-data.js';

export type PersonalDataRoutesOptions = { db: Db; cipher: PiiCipher; now?: () => Date };

const fieldsSchema = z.object(
  Object.fromEntries(personalFields.map((f) => [f, z.string().optional()])) as Record<
    (typeof personalFields)[number],
    z.ZodOptional<z.ZodString>
  >,
);

const viewSchema = z
  .object({
    debtor_id: z.string(),
    masked: fieldsSchema,
    revealed: fieldsSchema,
    read_id: z.string().nullable(),
  })
  .meta({ id: 'PersonalData' });

const params = z.strictObject({
  portfolioId: wholeNumberParam(1, Number.MAX_SAFE_INTEGER),
  accountId: z.string().min(1).max(64),
});

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse };

function viewJson(v: PersonalDataView): z.output<typeof viewSchema> {
  return {
    debtor_id: v.debtorId,
    masked: v.masked,
    revealed: v.revealed,
    read_id: v.readId === null ? null : v.readId.toString(),
  };
}

export const personalDataRoutes: FastifyPluginAsyncZod<PersonalDataRoutesOptions> = async (
  app,
  { db, cipher, now = () => new Date() },
) => {
  app.get(
    '/api/v1/portfolios/:portfolioId/accounts/:accountId/personal-data',
    {
      config: { permission: 'personal_data.read' },
      schema: {
        summary: "An account's personal data, masked (e.g. 138****8000)",
        tags: ['personal data'],
        params,
        response: { 200: viewSchema, ...errors },
      },
    },
    async (request) =>
      viewJson(
        await readPersonalData({
          db,
          cipher,
          actor: principal(request),
          portfolioId: BigInt(request.params.portfolioId),
          accountId: request.params.accountId,
          at: now(),
        }),
      ),
  );

  app.post(
    '/api/v1/portfolios/:portfolioId/accounts/:accountId/personal-data/reveal',
    {
      config: { permission: 'personal_data.reveal' },
      schema: {
        summary: 'Unmask some fields for a stated purpose: logged with who, when, what and why',
        tags: ['personal data'],
        params,
        body: z.strictObject({
          fields: z.array(z.enum(personalFields)).min(1).max(personalFields.length),
          purpose: z.enum(revealPurposes),
          note: z.string().min(1).max(500).optional(),
        }),
        response: { 200: viewSchema, ...errors },
      },
    },
    async (request) =>
      viewJson(
        await readPersonalData({
          db,
          cipher,
          actor: principal(request),
          portfolioId: BigInt(request.params.portfolioId),
          accountId: request.params.accountId,
          reveal: {
            fields: request.body.fields,
            purpose: request.body.purpose,
            note: request.body.note ?? null,
          },
          at: now(),
        }),
      ),
  );
};
