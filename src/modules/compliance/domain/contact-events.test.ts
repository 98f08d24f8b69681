import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { parseContactEvents } from './contact-events.js';

const debtor = '{"type":"debtor","debtor_id":"D1","timezone":"Asia/Shanghai","country":"CN"}';
const attempt = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'attempt',
    id: 't1',
    debtor_id: 'D1',
    account_id: 'A1',
    channel: 'call',
    at: '2026-11-25T09:00:00+08:00',
    recipient: 'debtor',
    ...fields,
  });

function errorOf(text: string): { line: number; field: string; message: string } {
  try {
    parseContactEvents(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const a = e as AppError;
    const details = a.details as { line: number; field: string };
    return { ...details, message: a.message };
  }
  throw new Error('parsed without error');
}

describe('parseContactEvents', () => {
  it('parses the example of the format', () => {
    const events = parseContactEvents(
      [
        debtor,
        '{"type":"flag","debtor_id":"D1","flag":"cease_contact","value":true,"at":"2026-11-20T10:00:00+08:00"}',
        attempt({
          number: '+8613800138000',
          collector_id: 'C7',
          identity_disclosed: true,
          answered: true,
          conversation: true,
        }),
        '',
      ].join('\r\n'),
    );
    expect(events).toEqual([
      { type: 'debtor', line: 1, debtorId: 'D1', timeZone: 'Asia/Shanghai', country: 'CN' },
      {
        type: 'flag',
        line: 2,
        debtorId: 'D1',
        flag: 'cease_contact',
        value: true,
        at: Date.parse('2026-11-20T02:00:00Z'),
      },
      {
        type: 'attempt',
        line: 3,
        attempt: {
          id: 't1',
          debtorId: 'D1',
          accountId: 'A1',
          channel: 'call',
          at: Date.parse('2026-11-25T01:00:00Z'),
          recipient: 'debtor',
          number: '+8613800138000',
          collectorId: 'C7',
          identityDisclosed: true,
          answered: true,
          conversation: true,
        },
      },
    ]);
  });

  it('treats null optional fields as absent and skips blank lines', () => {
    const events = parseContactEvents(
      `${debtor}\n\n${attempt({ number: null, template_id: null, answered: null })}\n`,
    );
    expect(events[1]).toMatchObject({ line: 3, attempt: { id: 't1' } });
    const a = (events[1] as { attempt: object }).attempt;
    for (const k of ['number', 'templateId', 'answered']) expect(k in a).toBe(false);
  });

  const table: [string, string, number, string, RegExp][] = [
    ['not JSON', `${debtor}\n{"type":`, 2, '(line)', /^line 2: not valid JSON$/],
    ['not an object', `[1,2]`, 1, '(line)', /expected a JSON object/],
    ['no type', `{"debtor_id":"D1"}`, 1, 'type', /^line 1, type: missing$/],
    ['unknown type', `{"type":"call"}`, 1, 'type', /expected "debtor", "flag" or "attempt"/],
    ['unknown field', `${debtor}\n${attempt({ colour: 'red' })}`, 2, 'colour', /unknown field/],
    ['bad zone', debtor.replace('Asia/Shanghai', 'Mars/Olympus'), 1, 'timezone', /IANA/],
    ['bad country', debtor.replace('"CN"', '"China"'), 1, 'country', /alpha-2/],
    ['missing at', `${debtor}\n${attempt({ at: undefined })}`, 2, 'at', /^line 2, at: missing$/],
    ['no offset', `${debtor}\n${attempt({ at: '2026-11-25T09:00:00' })}`, 2, 'at', /offset/],
    ['no such day', `${debtor}\n${attempt({ at: '2026-02-30T09:00:00Z' })}`, 2, 'at', /ISO 8601/],
    ['bad channel', `${debtor}\n${attempt({ channel: 'fax' })}`, 2, 'channel', /call, sms/],
    ['bad recipient', `${debtor}\n${attempt({ recipient: 'boss' })}`, 2, 'recipient', /debtor/],
    ['bad number', `${debtor}\n${attempt({ number: '13800138000' })}`, 2, 'number', /E\.164/],
    [
      'string boolean',
      `${debtor}\n${attempt({ answered: 'yes' })}`,
      2,
      'answered',
      /true or false/,
    ],
    ['empty id', `${debtor}\n${attempt({ id: '' })}`, 2, 'id', /non-empty/],
    [
      'bad flag',
      `${debtor}\n{"type":"flag","debtor_id":"D1","flag":"vip","value":true,"at":"2026-11-20T10:00:00Z"}`,
      2,
      'flag',
      /cease_contact/,
    ],
    ['undeclared debtor', attempt(), 1, 'debtor_id', /debtor D1 is not declared/],
    [
      'repeated id',
      `${debtor}\n${attempt()}\n${attempt()}`,
      3,
      'id',
      /attempt id t1 is used on an earlier line/,
    ],
    [
      'conversation unanswered',
      `${debtor}\n${attempt({ answered: false, conversation: true })}`,
      2,
      'conversation',
      /answered/,
    ],
  ];
  it.each(table)('%s -> line %i, %s', (_name, text, line, field, message) => {
    const e = errorOf(text);
    expect(e.line).toBe(line);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(new RegExp(`^line ${line}`));
  });
});
