/**
 * Canonical JSON for evidence payloads: RFC 8785 (JCS) ordering and number form, with bigints
 * written as decimal strings. Keys are sorted by UTF-16 code units, there is no whitespace,
 * numbers print as ECMAScript does (shortest round-trip form, -0 as 0), and object members whose
 * value is undefined are left out (as JSON.stringify does). The same value always encodes to the
 * same text, and a payload read back from a jsonb column encodes to the text it was stored from.
 */
import { AppError } from '../../../shared/errors.js';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

export type JsonObject = { readonly [key: string]: JsonValue | undefined };

function refuse(path: string, why: string): never {
  throw new AppError('validation_failed', `evidence payload ${path || '(root)'}: ${why}`, {
    path,
  });
}

function encodeString(s: string, path: string): string {
  // jsonb cannot hold U+0000, so such a payload could never be read back as it was hashed.
  if (s.includes('\u0000')) refuse(path, 'strings may not contain U+0000');
  return JSON.stringify(s);
}

function encode(v: unknown, path: string, out: string[]): void {
  if (v === null) out.push('null');
  else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) refuse(path, 'numbers must be finite');
    out.push(JSON.stringify(v));
  } else if (typeof v === 'bigint') out.push(`"${v.toString()}"`);
  else if (typeof v === 'string') out.push(encodeString(v, path));
  else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((item, i) => {
      if (i > 0) out.push(',');
      if (item === undefined) refuse(`${path}[${i}]`, 'undefined is not JSON');
      encode(item, `${path}[${i}]`, out);
    });
    out.push(']');
  } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push('{');
    entries.forEach(([k, x], i) => {
      if (i > 0) out.push(',');
      out.push(encodeString(k, path), ':');
      encode(x, path ? `${path}.${k}` : k, out);
    });
    out.push('}');
  } else refuse(path, `a ${typeof v === 'object' ? 'non-plain object' : typeof v} is not JSON`);
}

/** The canonical text of a JSON value (bigints as decimal strings). */
export function canonicalJson(value: JsonValue): string {
  const out: string[] = [];
  encode(value, '', out);
  return out.join('');
}
