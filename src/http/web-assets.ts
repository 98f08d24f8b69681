/**
 * The web app: the files Vite built into dist/web are read once at boot and served from memory.
 * Hashed assets (/assets/*) are cached for a year; index.html is never cached and answers each
 * of the app's page paths (the app routes in the browser; other paths get the JSON 404). Every response carries the security
 * headers, with a content security policy that allows no inline script.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The content security policy of every response (set by @fastify/helmet in server.ts, with
 * nosniff, no referrer and no framing): no inline script or style, nothing from another origin.
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const noCache = 'no-cache';
const immutable = 'public, max-age=31536000, immutable';

type Asset = { route: string; body: Buffer; contentType: string; cacheControl: string };

function readAssets(dir: string, prefix = ''): Asset[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e): Asset[] => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return readAssets(full, `${prefix}/${e.name}`);
    const contentType = contentTypes[path.extname(e.name)];
    if (!e.isFile() || contentType === undefined) return [];
    return [
      {
        route: `${prefix}/${e.name}`,
        body: fs.readFileSync(full),
        contentType,
        cacheControl: prefix === '/assets' ? immutable : noCache,
      },
    ];
  });
}

function send(reply: FastifyReply, asset: Asset) {
  return reply.header('cache-control', asset.cacheControl).type(asset.contentType).send(asset.body);
}

/** The app's own pages, answered with index.html (the app routes in the browser). */
export const appRoutes = [
  '/',
  '/war-room',
  '/accounts',
  '/accounts/:portfolio/:accountId',
  '/workbench',
  '/supervisor',
  '/compliance',
  '/login',
];

/**
 * Registers the built app. Without a build (dist/web missing) the server still runs its API
 * and answers / with a plain page saying how to build the app.
 */
export function registerWebAssets(app: FastifyInstance, dir = webDir): void {
  const assets = readAssets(dir);
  const index = assets.find((a) => a.route === '/index.html');
  for (const asset of assets) {
    if (asset === index) continue;
    app.get(
      asset.route,
      { config: { permission: 'public' }, schema: { hide: true } },
      async (_request, reply) => send(reply, asset),
    );
  }
  const page: Asset = index ?? {
    route: '/',
    body: Buffer.from(
      '<!doctype html><meta charset="utf-8"><title>Recourse</title>' +
        '<p>The web app is not built: run <code>npm run build:web</code>.</p>',
    ),
    contentType: 'text/html; charset=utf-8',
    cacheControl: noCache,
  };
  for (const route of appRoutes)
    app.get(
      route,
      { config: { permission: 'public' }, schema: { hide: true } },
      async (_request, reply) => send(reply, page),
    );
}
