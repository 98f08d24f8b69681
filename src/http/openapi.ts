/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas and served at
 * GET /api/openapi.json. Register it before any documented route.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

type Components = { schemas?: Record<string, unknown> };

/**
 * Drops the component schemas nothing refers to (the provider emits an input and an output
 * variant of every named schema; the API uses most of them one way only).
 */
export function pruneUnusedSchemas<T extends object>(doc: T): T {
  const { paths, components } = doc as { paths?: unknown; components?: Components };
  const schemas = { ...components?.schemas };
  for (let changed = true; changed;) {
    changed = false;
    for (const name of Object.keys(schemas)) {
      const others = Object.entries(schemas).filter(([other]) => other !== name);
      const text = JSON.stringify({ paths, others });
      if (!text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        changed = true;
      }
    }
  }
  return { ...doc, components: { ...components, schemas } };
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Recourse API',
        description: 'Debt collection and recovery for banks: portfolios, accounts, daily cycle',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => pruneUnusedSchemas(jsonSchemaTransformObject(input)),
  });
  app.get(
    '/api/openapi.json',
    { config: { permission: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );
}
