/**
 * The channel adapters the configuration asks for (src/shared/config.ts, `channels`): a channel
 * without settings has no adapter, and its messages wait in the outbox (retried with backoff).
 */
import fs from 'node:fs';
import type { ChannelsConfig } from '../../../shared/config.js';
import type { ChannelAdapters } from '../adapter.js';
import { createDialerHook, type DialerHook } from './dialer.js';
import { createEmailAdapter } from './email.js';
import { createLetterAdapter } from './letter.js';
import { createSmsAdapter, type SmsReceipt } from './sms.js';
import { createWechatAdapter } from './wechat.js';

export type BuiltAdapters = {
  adapters: ChannelAdapters;
  dialer: DialerHook | null;
  close: () => Promise<void>;
};

export function buildChannelAdapters(
  config: ChannelsConfig,
  hooks: { onSmsReceipt?: (r: SmsReceipt) => void } = {},
): BuiltAdapters {
  const ca = config.httpsCaFile ? fs.readFileSync(config.httpsCaFile) : undefined;
  const adapters: ChannelAdapters = {};
  if (config.smtp)
    adapters.email = createEmailAdapter({ url: config.smtp.url, from: config.smtp.from });
  if (config.smpp)
    adapters.sms = createSmsAdapter({ ...config.smpp, onReceipt: hooks.onSmsReceipt });
  if (config.wechat) adapters.wechat = createWechatAdapter({ ...config.wechat, ca });
  if (config.letterDir) adapters.letter = createLetterAdapter({ dir: config.letterDir });
  const dialer = config.dialer ? createDialerHook({ ...config.dialer, ca }) : null;
  return {
    adapters,
    dialer,
    async close() {
      await Promise.all(Object.values(adapters).map((a) => a.close?.()));
    },
  };
}
