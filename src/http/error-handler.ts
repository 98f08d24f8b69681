/**
 * The one place HTTP errors are shaped: every failure leaves as {error:{code,message,details}}
 * with the status of its code (src/shared/errors.ts). Internal failures are logged in full and
 * answered with no detail at all.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorBody, isAppError } from '../shared/errors.js';

export type FieldIssue = { field: string; message: string };

type ValidationIssue = { instancePath?: string; message?: string; params?: unknown };

/** The fields one validation issue is about (several for unknown parameters). */
function fieldIssues(issue: ValidationIssue): FieldIssue[] {
  const params = issue.params as { keys?: unknown; missingProperty?: unknown } | undefined;
  if (Array.isArray(params?.keys))
    return params.keys.map((key) => ({ field: String(key), message: 'unknown parameter' }));
  const path = (issue.instancePath ?? '').split('/').filter(Boolean);
  if (typeof params?.missingProperty === 'string') path.push(params.missingProperty);
  return [{ field: path.join('.'), message: issue.message ?? 'invalid' }];
}

function validationError(error: FastifyError): AppError {
  const context = error.validationContext ?? 'request';
  const details = (error.validation ?? []).flatMap(fieldIssues);
  const fields = details.map((d) => d.field || context).join(', ');
  return new AppError('validation_failed', `invalid ${context}: ${fields}`, details);
}

/** The AppError a failure is shown as, or null when it is internal. */
function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error.httpStatus < 500 ? error : null;
  const e = error as FastifyError;
  if (Array.isArray(e?.validation)) return validationError(e);
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 404) return new AppError('not_found', e.message);
  if (status === 413) return new AppError('payload_too_large', 'the request body is too large');
  if (status === 429)
    return new AppError('rate_limited', 'too many requests: slow down and try again shortly');
  if (status >= 400 && status < 500) return new AppError('validation_failed', e.message);
  return null;
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  let shown = toAppError(error);
  if (!shown) {
    request.log.error({ err: error }, 'internal error');
    shown = new AppError('internal', 'internal error');
  }
  void reply.code(shown.httpStatus).send(errorBody(shown));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const e = new AppError(
      'not_found',
      `no route for ${request.method} ${request.url.split('?')[0]}`,
    );
    void reply.code(e.httpStatus).send(errorBody(e));
  });
}
