/**
 * Replay speed, in-process; prints the figure, asserts only a floor far below it. 200k attempts
 * by default, 1M with COMPLIANCE_SPEED_ATTEMPTS=1000000.
 */
import { describe, expect, it } from 'vitest';
import type { ContactEvent } from './contact-events.js';
import { createReplay } from './replay.js';
import { cnPack, usPack } from './rule-packs.js';
import { channels, recipients } from './vocabulary.js';

function syntheticEvents(attempts: number, debtors: number, seed: number): ContactEvent[] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  const zones = ['Asia/Shanghai', 'America/New_York', 'America/Los_Angeles', 'Europe/London'];
  const events: ContactEvent[] = [];
  for (let d = 0; d < debtors; d++)
    events.push({
      type: 'debtor',
      line: 0,
      debtorId: `D${d}`,
      timeZone: zones[d % zones.length] as string,
      country: 'CN',
    });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / attempts;
  for (let i = 0; i < attempts; i++) {
    const d = Math.floor(next() * debtors);
    const r = next();
    if (r < 0.002) {
      events.push({
        type: 'flag',
        line: 0,
        debtorId: `D${d}`,
        flag: r < 0.001 ? 'dispute' : 'consent_late_hours',
        value: next() < 0.5,
        at: start + i * step,
      });
    }
    const channel = r < 0.7 ? 'call' : (channels[Math.floor(next() * channels.length)] as string);
    events.push({
      type: 'attempt',
      line: 0,
      attempt: {
        id: `t${i}`,
        debtorId: `D${d}`,
        accountId: `A${d}-${Math.floor(next() * 2)}`,
        channel: channel as (typeof channels)[number],
        at: start + Math.floor(i * step + next() * 3_600_000),
        recipient: next() < 0.95 ? 'debtor' : (recipients[Math.floor(next() * 4)] as 'debtor'),
        number: `+86138${String(d).padStart(8, '0')}`,
        collectorId: 'C1',
        identityDisclosed: true,
        templateId: 'r1',
        answered: next() < 0.4,
        conversation: false,
      },
    });
  }
  return events;
}

const attempts = Number(process.env.COMPLIANCE_SPEED_ATTEMPTS ?? 200_000);

describe('replay speed', () => {
  it.each([cnPack, usPack])(
    `replays ${attempts} attempts ($id)`,
    (pack) => {
      const events = syntheticEvents(attempts, Math.max(1, attempts / 20), 42);
      const replay = createReplay(pack);
      let decisions = 0;
      let blocked = 0;
      const t0 = performance.now();
      for (const e of events) {
        const d = replay.apply(e);
        if (d) {
          decisions++;
          if (!d.allowed) blocked++;
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      const rate = Math.round(decisions / seconds);
      console.log(
        JSON.stringify({
          pack: pack.id,
          decisions,
          blocked,
          seconds: +seconds.toFixed(3),
          per_second: rate,
        }),
      );
      expect(decisions).toBe(attempts);
      expect(rate).toBeGreaterThan(5_000); // a floor for loaded CI machines; expect far more
    },
    300_000,
  );
});
