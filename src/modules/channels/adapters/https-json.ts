/**
 * POSTs JSON over HTTPS with node:https, trusting only the given CA when one is given (pinned),
 * with a timeout. Answers the status and the parsed JSON body.
 */
import https from 'node:https';
import { DeliveryError } from '../adapter.js';

export type HttpsJsonOptions = {
  /** PEM of the CA the peer must chain to; when given, the system CAs are not trusted. */
  ca?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
};

export type HttpsJsonResponse = { status: number; body: unknown };

export function postJson(
  url: string,
  payload: unknown,
  opts: HttpsJsonOptions = {},
): Promise<HttpsJsonResponse> {
  const data = Buffer.from(JSON.stringify(payload), 'utf8');
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        ...(opts.ca ? { ca: opts.ca } : {}),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(data.length),
          ...opts.headers,
        },
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', (e) => reject(new DeliveryError(`https: ${e.message}`, false)));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => reject(new DeliveryError(`https: ${e.message}`, false)));
    req.end(data);
  });
}
