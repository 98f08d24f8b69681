/**
 * Masking of personal data for display: enough to recognise a value (138****8000), never enough
 * to use it. Pure; table-driven and property tests beside it.
 */
import type { PersonalData } from './loan-tape.js';

export const personalFields = ['national_id', 'phone', 'email', 'wechat_id', 'address'] as const;
export type PersonalField = (typeof personalFields)[number];

const stars = (n: number): string => '*'.repeat(Math.max(n, 4));

/**
 * Keeps up to `head` characters in front and `tail` at the end, but always hides at least a third
 * of the value (and shows at least four stars, so the length is not told exactly).
 */
function keep(value: string, head: number, tail: number): string {
  const chars = [...value];
  const n = chars.length;
  const hidden = Math.max(Math.ceil(n / 3), 1);
  while (head + tail > n - hidden) {
    if (head >= tail && head > 0) head--;
    else tail--;
  }
  return chars.slice(0, head).join('') + stars(n - head - tail) + chars.slice(n - tail).join('');
}

export function maskField(field: PersonalField, value: string): string {
  switch (field) {
    case 'phone':
      return keep(value, 3, 4);
    case 'national_id':
      return keep(value, 6, 4);
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at < 1) return keep(value, 1, 0);
      return `${[...value][0]}${stars(0)}${value.slice(at)}`;
    }
    case 'wechat_id':
      return keep(value, 1, 1);
    case 'address':
      return keep(value, Math.min(6, Math.floor([...value].length / 3)), 0);
  }
}

/** Every present field of a person's data, masked. */
export function maskPersonalData(data: PersonalData): Partial<Record<PersonalField, string>> {
  const out: Partial<Record<PersonalField, string>> = {};
  for (const f of personalFields) {
    const v = data[f];
    if (v !== undefined && v !== '') out[f] = maskField(f, v);
  }
  return out;
}
