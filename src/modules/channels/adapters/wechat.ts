/**
 * WeChat template messages over HTTPS (the Official Account API shape: POST
 * /cgi-bin/message/template/send?access_token=...). The rendered subject and body fill the
 * provider template's fields; `client_msg_id` carries the outbox key, which WeChat uses to drop a
 * repeated request. errcode 0 is success; refusals about the user or template are permanent.
 */
import {
  DeliveryError,
  type ChannelAdapter,
  type Delivery,
  type OutboundMessage,
} from '../adapter.js';
import { postJson } from './https-json.js';

export type WechatAdapterOptions = {
  apiUrl: string;
  accessToken: string;
  /** The template registered with WeChat whose fields carry our rendered text. */
  templateId: string;
  ca?: string | Buffer;
  timeoutMs?: number;
};

// invalid openid, user refused or unsubscribed, invalid template, content refused
const permanentCodes = new Set([40003, 40036, 40037, 43004, 43019, 47001, 87014]);

export function createWechatAdapter(opts: WechatAdapterOptions): ChannelAdapter {
  const url = `${opts.apiUrl.replace(/\/$/, '')}/cgi-bin/message/template/send?access_token=${encodeURIComponent(opts.accessToken)}`;
  return {
    async send(m: OutboundMessage): Promise<Delivery> {
      const res = await postJson(
        url,
        {
          touser: m.to,
          template_id: opts.templateId,
          client_msg_id: m.messageId,
          data: {
            first: { value: m.subject ?? '' },
            content: { value: m.body },
          },
        },
        { ca: opts.ca, timeoutMs: opts.timeoutMs },
      );
      const body = (res.body ?? {}) as {
        errcode?: number;
        errmsg?: string;
        msgid?: number | string;
      };
      if (res.status !== 200)
        throw new DeliveryError(
          `wechat: HTTP ${res.status}`,
          res.status >= 400 && res.status < 500 && res.status !== 429,
        );
      if (body.errcode !== 0 || body.msgid === undefined)
        throw new DeliveryError(
          `wechat: errcode ${body.errcode ?? 'none'} ${body.errmsg ?? ''}`.trim(),
          permanentCodes.has(Number(body.errcode)),
        );
      return { providerMessageId: `wechat:${body.msgid}` };
    },
  };
}
