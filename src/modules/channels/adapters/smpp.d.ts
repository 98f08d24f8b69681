/** The parts of the `smpp` package (node-smpp, no bundled types) that Recourse uses. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export type PduFields = Record<string, unknown>;

  export class PDU {
    constructor(command: string, options?: PduFields);
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    response(options?: PduFields): PDU;
    isResponse(): boolean;
  }

  export class Session extends EventEmitter {
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: () => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: PduFields, callback?: (pdu: PDU) => void): boolean;
    submit_sm(options: PduFields, callback?: (pdu: PDU) => void): boolean;
    deliver_sm(options: PduFields, callback?: (pdu: PDU) => void): boolean;
    unbind(options?: PduFields, callback?: (pdu: PDU) => void): boolean;
  }

  export class Server extends NetServer {}

  export function connect(
    options: string | { url: string; auto_enquire_link_period?: number; connectTimeout?: number },
    listener?: () => void,
  ): Session;
  export function createServer(
    options: Record<string, unknown>,
    listener?: (session: Session) => void,
  ): Server;
  export function createServer(listener?: (session: Session) => void): Server;

  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RINVDSTADR: number;
  export const ESME_RSYSERR: number;
}
