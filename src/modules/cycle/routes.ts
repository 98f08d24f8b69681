/** The cycle's HTTP edge: the daily cycle runs, newest first, and one run by its as-of date. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, errorResponse, instant, wholeNumberParam } from '../../http/schemas.js';
import type { Db } from '../../shared/db/types.js';
import type { CycleRunRow } from './store.js';
import { getCycleRun } from './use-cases/get-cycle-run.js';
import { listCycleRuns } from './use-cases/list-cycle-runs.js';

export type CycleRoutesOptions = { db: Db };

const cycleRunSchema = z
  .object({
    run_id: z.string(),
    as_of: z.iso.date(),
    status: z.literal('completed'),
    accounts_aged: z.number().int(),
    accounts_changed: z.number().int(),
    bucket_changes: z.number().int(),
    summary: z.record(z.string(), z.unknown()),
    started_at: instant,
    finished_at: instant,
  })
  .meta({ id: 'CycleRun' });

function cycleRunJson(r: CycleRunRow): z.output<typeof cycleRunSchema> {
  return {
    run_id: r.run_id,
    as_of: r.as_of,
    status: r.status,
    accounts_aged: r.accounts_aged,
    accounts_changed: r.accounts_changed,
    bucket_changes: r.bucket_changes,
    summary: r.summary,
    started_at: r.started_at.toISOString(),
    finished_at: r.finished_at.toISOString(),
  };
}

/** Registers GET /api/v1/cycle-runs and /api/v1/cycle-runs/:asOf. */
export const cycleRoutes: FastifyPluginAsyncZod<CycleRoutesOptions> = async (app, { db }) => {
  app.get(
    '/api/v1/cycle-runs',
    {
      config: { permission: 'cycle.read' },
      schema: {
        summary: 'Daily cycle runs, newest first',
        tags: ['cycle'],
        querystring: z.strictObject({ limit: wholeNumberParam(1, 1000).default(100) }),
        response: { 200: z.object({ items: z.array(cycleRunSchema) }), 400: errorResponse },
      },
    },
    async (request) => ({
      items: (await listCycleRuns({ db, limit: request.query.limit })).map(cycleRunJson),
    }),
  );

  app.get(
    '/api/v1/cycle-runs/:asOf',
    {
      config: { permission: 'cycle.read' },
      schema: {
        summary: 'The daily cycle run for one as-of date',
        tags: ['cycle'],
        params: z.strictObject({ asOf: calendarDate }),
        response: { 200: cycleRunSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => cycleRunJson(await getCycleRun({ db, asOf: request.params.asOf })),
  );
};
