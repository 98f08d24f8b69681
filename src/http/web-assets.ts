/**
 * The web page: the files of web/ are read once at boot and served from memory with their
 * content types; index.html at /.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

type Asset = { route: string; body: Buffer; contentType: string };

function readAssets(dir: string): Asset[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && contentTypes[path.extname(e.name)] !== undefined)
    .map((e) => ({
      route: e.name === 'index.html' ? '/' : `/${e.name}`,
      body: fs.readFileSync(path.join(dir, e.name)),
      contentType: contentTypes[path.extname(e.name)] as string,
    }));
}

export function registerWebAssets(app: FastifyInstance, dir = webDir): void {
  for (const asset of readAssets(dir)) {
    app.get(asset.route, { schema: { hide: true } }, async (_request, reply) => {
      reply.headers(securityHeaders).type(asset.contentType);
      return asset.body;
    });
  }
}
