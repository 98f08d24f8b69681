/**
 * The voice/dialer hook over HTTPS: asks the bank's dialer to place a call for an allowed call
 * attempt (the collector's desk and the number to dial), idempotent by the attempt's key.
 */
import { DeliveryError } from '../adapter.js';
import { postJson } from './https-json.js';

export type DialerHookOptions = {
  url: string;
  token: string;
  ca?: string | Buffer;
  timeoutMs?: number;
};

export type PlaceCall = {
  /** Idempotency key: the same key never places a second call. */
  callKey: string;
  /** E.164 number to dial. */
  to: string;
  collectorId: string;
  /** Caller id shown to the debtor: the bank's registered number (no anonymous calls). */
  callerId: string;
};

export type DialerHook = { placeCall(call: PlaceCall): Promise<{ dialerCallId: string }> };

export function createDialerHook(opts: DialerHookOptions): DialerHook {
  return {
    async placeCall(call) {
      const res = await postJson(
        opts.url,
        { to: call.to, collector_id: call.collectorId, caller_id: call.callerId },
        {
          ca: opts.ca,
          timeoutMs: opts.timeoutMs,
          headers: { authorization: `Bearer ${opts.token}`, 'idempotency-key': call.callKey },
        },
      );
      const body = (res.body ?? {}) as { call_id?: string };
      if (res.status < 200 || res.status >= 300 || typeof body.call_id !== 'string')
        throw new DeliveryError(
          `dialer: HTTP ${res.status}`,
          res.status >= 400 && res.status < 500 && res.status !== 409 && res.status !== 429,
        );
      return { dialerCallId: body.call_id };
    },
  };
}
