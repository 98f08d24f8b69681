import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskField, maskPersonalData, type PersonalField } from './mask.js';

describe('maskField', () => {
  it.each([
    ['phone', '13800138000', '138****8000'],
    ['phone', '+8613800138000', '+86*******8000'],
    ['national_id', '110101199001011234', '110101********1234'],
    ['email', 'zhang.san@example.com', 'z****@example.com'],
    ['email', 'not-an-email', 'n***********'],
    ['wechat_id', 'wxid_abc123', 'w*********3'],
    ['address', '上海市浦东新区世纪大道100号', '上海市浦东**********'],
    ['phone', '12', '****2'],
    ['phone', '1380013', '13****13'],
  ] as [PersonalField, string, string][])('%s %s -> %s', (field, value, masked) => {
    expect(maskField(field, value)).toBe(masked);
  });

  it('hides at least a third of any value but an email’s domain, and never shows it whole', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PersonalField>('phone', 'national_id', 'wechat_id', 'address'),
        fc.string({ minLength: 1, maxLength: 60 }).filter((v) => !v.includes('*')),
        (field, value) => {
          const masked = maskField(field, value);
          const n = [...value].length;
          const shown = [...masked].filter((c) => c !== '*').length;
          expect(masked).not.toBe(value);
          expect(shown).toBeLessThanOrEqual(n - Math.ceil(n / 3));
        },
      ),
    );
  });

  it('shows only the first character of an email’s local part', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskField('email', email);
        const at = email.lastIndexOf('@');
        expect(masked).toBe(`${email[0]}****${email.slice(at)}`);
      }),
    );
  });

  it('masks each present field and leaves out the absent ones', () => {
    expect(maskPersonalData({ phone: '13800138000', email: '' })).toEqual({ phone: '138****8000' });
  });
});
