/** The strategy's HTTP edge: segment counts with their shares. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import { segments } from './domain/index.js';
import { countSegments } from './use-cases/count-segments.js';

export type SegmentRoutesOptions = { db: Db };

const segment = z.enum(segments);

/** A debtor's segment with why: the rule that fired and the facts it tested. */
export const segmentAssignmentSchema = z
  .object({
    segment,
    rule: z.string(),
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    as_of: z.iso.date(),
  })
  .meta({ id: 'SegmentAssignment' });

const segmentCountsSchema = z
  .object({
    portfolio: z.string().nullable(),
    as_of: z.iso.date().nullable(),
    debtors: z.number().int(),
    by_segment: z.array(
      z.object({
        segment,
        debtors: z.number().int(),
        share_bps: z.number().int().describe('share of debtors in basis points, rounded down'),
      }),
    ),
  })
  .meta({ id: 'SegmentCounts' });

/** Registers GET /api/v1/segments. */
export const segmentRoutes: FastifyPluginAsyncZod<SegmentRoutesOptions> = async (app, { db }) => {
  app.get(
    '/api/v1/segments',
    {
      schema: {
        summary: 'Delinquent debtors per segment (green, yellow, red) with their shares',
        tags: ['strategy'],
        querystring: z.strictObject({ portfolio: z.string().min(1).max(200).optional() }),
        response: { 200: segmentCountsSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => countSegments({ db, portfolio: request.query.portfolio }),
  );
};
