/**
 * The 'fax-receive' dial plan target: numbers the bank publishes as its fax line. The call is
 * answered and a fax received on it (we answer: CED, then our DIS); the TIFF, its PNG pages
 * and the T.30 result are stored (FaxService). When the handler returns the telephony service
 * hangs up if the caller has not.
 */
import type { CallHandler } from '../telephony/handlers.js';
import type { BankFaxPort } from './fax-port.js';

export function faxReceiveHandler(port: BankFaxPort): CallHandler {
  return async (ctx) => {
    await port.receiveFromCaller(ctx, 'dialed');
  };
}
