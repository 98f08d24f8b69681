/**
 * An access request's export is the rows as held, made JSON: bigints (money in minor units, ids)
 * as decimal strings, instants as ISO 8601, bytes as hex. Pure.
 */
export type ExportValue =
  string | number | boolean | null | ExportValue[] | { [key: string]: ExportValue };

export function exportJson(value: unknown): ExportValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(exportJson);
  if (typeof value === 'object') {
    const out: { [key: string]: ExportValue } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = exportJson(v);
    return out;
  }
  return String(value);
}
