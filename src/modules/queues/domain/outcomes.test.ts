import { describe, expect, it } from 'vitest';
import { isTask, outcomeEffects, outcomeInputSchema, outcomes } from './outcomes.js';

describe('outcomeEffects', () => {
  it.each([
    ['no_answer', false, false, false, []],
    ['wrong_number', false, true, false, []],
    ['promise_to_pay', false, true, true, []],
    ['paid', false, true, true, []],
    ['dispute', false, true, true, ['dispute']],
    ['hardship_claimed', false, true, true, []],
    ['represented', false, true, true, ['represented']],
    ['complaint', false, true, true, []],
    ['complaint', true, true, true, ['cease_contact']],
    ['refuses', false, true, true, []],
    ['refuses', true, true, true, ['cease_contact']],
    ['deceased', false, true, true, ['deceased']],
    ['incapacitated', false, true, true, []],
    ['callback_requested', false, true, true, []],
    // a cease request only counts on a refusal or a complaint
    ['no_answer', true, false, false, []],
  ] as const)('%s (cease requested: %s)', (outcome, cease, answered, conversation, flags) => {
    expect(outcomeEffects(outcome, cease)).toEqual({ answered, conversation, flags });
  });

  it('covers every outcome', () => {
    for (const o of outcomes) expect(outcomeEffects(o).answered).toBe(o !== 'no_answer');
  });
});

describe('isTask', () => {
  it.each([
    ['field_visit', 'escalation', true],
    ['legal_review', 'treatment', true],
    ['call', 'cash_flow_check', true],
    ['call', 'face_to_face_meeting', true],
    ['call', 'treatment', false],
    ['sms', 'pre_due_reminder', false],
  ])('%s / %s: %s', (channel, kind, task) => {
    expect(isTask(channel, kind)).toBe(task);
  });
});

describe('outcome input', () => {
  it.each([
    [
      { outcome: 'promise_to_pay', amount_minor: '0', currency: 'CNY', promised_on: '2026-12-01' },
      'amount_minor',
    ],
    [
      {
        outcome: 'promise_to_pay',
        amount_minor: '1.5',
        currency: 'CNY',
        promised_on: '2026-12-01',
      },
      'amount_minor',
    ],
    [
      {
        outcome: 'promise_to_pay',
        amount_minor: '100',
        currency: 'cny',
        promised_on: '2026-12-01',
      },
      'currency',
    ],
    [{ outcome: 'promise_to_pay', amount_minor: '100', currency: 'CNY' }, 'promised_on'],
    [{ outcome: 'represented', agent_name: 'A' }, 'power_of_attorney_ref'],
    [
      {
        outcome: 'hardship_claimed',
        documents: [{ document_id: '7', sha256: 'xyz' }],
      },
      'documents.0.sha256',
    ],
    [
      {
        outcome: 'hardship_claimed',
        documents: [{ document_id: 'doc-1', sha256: 'a'.repeat(64) }],
      },
      'documents.0.document_id',
    ],
    [
      {
        outcome: 'hardship_claimed',
        documents: [{ file_name: 'a.pdf', media_type: 'application/pdf', size_bytes: 1 }],
      },
      'documents.0.document_id',
    ],
    [{ outcome: 'no_answer', amount_minor: '1' }, ''],
    [{ outcome: 'callback_requested', callback_at: 'tomorrow' }, 'callback_at'],
  ])('refuses %j at %s', (input, path) => {
    const r = outcomeInputSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(path);
  });

  it('takes a promise, and defaults cease_contact_requested to false', () => {
    expect(outcomeInputSchema.parse({ outcome: 'refuses' })).toEqual({
      outcome: 'refuses',
      cease_contact_requested: false,
    });
    expect(
      outcomeInputSchema.parse({
        outcome: 'promise_to_pay',
        amount_minor: '100',
        currency: 'CNY',
        promised_on: '2026-12-01',
      }),
    ).toMatchObject({ amount_minor: '100' });
  });
});
