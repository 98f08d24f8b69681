import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from './canonical-json.js';

describe('canonicalJson', () => {
  it.each<[string, JsonValue, string]>([
    [
      'sorts keys by UTF-16 code units',
      { b: 1, a: 2, B: 3, é: 4, aa: 5 },
      '{"B":3,"a":2,"aa":5,"b":1,"é":4}',
    ],
    [
      'sorts nested objects, keeps array order',
      { z: [3, { y: 1, x: 2 }], a: {} },
      '{"a":{},"z":[3,{"x":2,"y":1}]}',
    ],
    [
      'writes bigints as decimal strings',
      { amount_minor: 12345678901234567890n, neg: -5n },
      '{"amount_minor":"12345678901234567890","neg":"-5"}',
    ],
    [
      'prints numbers as ECMAScript does',
      [1.0, 0.1, -0, 1e21, 5e-7, 100],
      '[1,0.1,0,1e+21,5e-7,100]',
    ],
    [
      'escapes strings as JSON',
      { s: 'line\n"quote" 催收 \u2028' },
      '{"s":"line\\n\\"quote\\" 催收 \u2028"}',
    ],
    ['leaves out undefined members', { a: undefined, b: null }, '{"b":null}'],
    ['handles scalars', 'x', '"x"'],
  ])('%s', (_name, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it.each<[string, unknown, RegExp]>([
    ['NaN', { a: NaN }, /a: numbers must be finite/],
    ['Infinity', [Infinity], /\[0\]: numbers must be finite/],
    ['U+0000', { s: 'a\u0000b' }, /U\+0000/],
    ['a Date', { at: new Date(0) }, /non-plain object/],
    ['undefined in an array', [undefined], /undefined is not JSON/],
    ['a function', { f: () => 1 }, /function is not JSON/],
  ])('refuses %s, naming where', (_name, value, message) => {
    expect(() => canonicalJson(value as JsonValue)).toThrow(message);
  });

  it('does not depend on key insertion order, and survives a JSON round trip (property)', () => {
    fc.assert(
      fc.property(
        fc
          .jsonValue({ noUnicodeString: false })
          .filter((v) => !JSON.stringify(v).includes('\\u0000')),
        (v) => {
          const text = canonicalJson(v as JsonValue);
          expect(canonicalJson(JSON.parse(text) as JsonValue)).toBe(text);
          const reversed = JSON.parse(JSON.stringify(v), (_k, x: unknown) =>
            x && typeof x === 'object' && !Array.isArray(x)
              ? Object.fromEntries(Object.entries(x).reverse())
              : x,
          ) as JsonValue;
          expect(canonicalJson(reversed)).toBe(text);
        },
      ),
    );
  });
});
