/**
 * The channels' figures, as JSON: linter throughput (texts per second, clean and dirty, zh-CN and
 * en), rendering throughput, the outbox's cost on the contact path (an allowed attempt alone vs
 * the attempt plus its queued message, one transaction each; as a ratio) and dispatch throughput
 * through an in-process adapter (claim, deliver, mark sent, evidence entry). On embedded PGlite by
 * default; DATABASE_URL=postgres://... for PostgreSQL (use a scratch database).
 *   npx tsx bench/channels.ts [messages=2000]
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { demoTemplates } from '../src/modules/channels/domain/demo-templates.js';
import {
  dispatchOutbox,
  enqueueMessage,
  lintTemplateText,
  renderTemplate,
  seedDemoTemplates,
} from '../src/modules/channels/index.js';
import { migrate } from '../src/shared/db/migrate.js';
import type { Queryable } from '../src/shared/db/types.js';
import { openPglite } from '../src/shared/db/pglite.js';
import { openPostgres } from '../src/shared/db/postgres.js';
import { PiiCipher } from '../src/shared/pii-cipher.js';

const messages = Number(process.argv[2] ?? 2000);
const url = process.env.DATABASE_URL || undefined;

const dirty = [
  '老赖，再不还5000元就通知你的家人和单位，让你坐牢',
  '我们是公安局经侦大队，您已被列入黑名单',
  'Pay $500 now, you deadbeat, or we will call your employer and the police',
  'You will be arrested; your family will know. This is the court.',
];
const texts = [...demoTemplates.map((t) => t.body), ...dirty];

function rate(n: number, ms: number): number {
  return Math.round(n / (ms / 1000));
}

// linter
let t = performance.now();
let findings = 0;
const lintRounds = 2000;
for (let i = 0; i < lintRounds; i++) for (const s of texts) findings += lintTemplateText(s).length;
const lintPerSecond = rate(lintRounds * texts.length, performance.now() - t);

// rendering
const vars = {
  bank_name: '示例银行',
  debtor_name: '张三',
  account_ref: '1234',
  amount_due: { minor: 123456n, currency: 'CNY' },
  due_date: '2026-12-01',
  bank_hotline: '95555',
  opt_out: '回复TD退订',
};
const sms = demoTemplates[0]!;
t = performance.now();
const renderRounds = 20_000;
for (let i = 0; i < renderRounds; i++) if (!renderTemplate(sms, vars).ok) throw new Error('render');
const renderPerSecond = rate(renderRounds, performance.now() - t);

// outbox
const db = url ? await openPostgres(url) : await openPglite(undefined);
await migrate(db);
await db.transaction((tx) => seedDemoTemplates({ tx }));
const cipher = new PiiCipher(randomBytes(32));
const attempt = async (tx: Queryable): Promise<bigint> => {
  const [row] = await tx.query<{ attempt_id: bigint }>(
    `INSERT INTO contact_attempts (portfolio_id, account_id, debtor_id, channel, template_id,
       attempted_at, local_date)
     VALUES (1, 'A-1', 'D-1', 'sms', $1, now(), current_date) RETURNING attempt_id`,
    [sms.templateId],
  );
  return row!.attempt_id;
};
t = performance.now();
for (let i = 0; i < messages; i++) await db.transaction((tx) => attempt(tx));
const attemptsPerSecond = rate(messages, performance.now() - t);
t = performance.now();
for (let i = 0; i < messages; i++)
  await db.transaction(async (tx) => {
    await enqueueMessage({
      tx,
      cipher,
      attemptId: await attempt(tx),
      templateId: sms.templateId,
      version: 1,
      variables: vars,
      to: '+8613800138000',
    });
  });
const attemptsWithMessagePerSecond = rate(messages, performance.now() - t);
const adapters = {
  sms: { send: async (m: { messageId: string }) => ({ providerMessageId: m.messageId }) },
};
t = performance.now();
let sent = 0;
for (;;) {
  const r = await dispatchOutbox({ db, cipher, adapters, limit: 500, concurrency: 16 });
  sent += r.sent;
  if (r.claimed === 0) break;
}
const dispatchPerSecond = rate(sent, performance.now() - t);
await db.close();

process.stdout.write(
  JSON.stringify(
    {
      engine: url ? 'postgres' : 'pglite',
      lint_texts_per_second: lintPerSecond,
      lint_findings_per_round: findings / lintRounds,
      renders_per_second: renderPerSecond,
      attempts_per_second: attemptsPerSecond,
      attempts_with_message_per_second: attemptsWithMessagePerSecond,
      outbox_cost_ratio: Number((attemptsWithMessagePerSecond / attemptsPerSecond).toFixed(2)),
      dispatched: sent,
      dispatch_messages_per_second: dispatchPerSecond,
    },
    null,
    2,
  ) + '\n',
);
