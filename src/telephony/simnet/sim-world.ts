/** Everything on the far side of a virtual card's cables. */
import type { Card } from '../../../bindings/index.js';
import type { CardRoles } from '../card-setup.js';
import { SimNetwork } from './sim-network.js';
import { SimPhones } from './sim-phones.js';

export class SimWorld {
  readonly network: SimNetwork;
  readonly phones: SimPhones;
  /** Where the control API listens, once started (`tellerline sim --server`). */
  apiUrl: string | undefined;
  /** The control API's token (tests and in-process clients; others read sim.token or the token file). */
  apiToken: string | undefined;

  constructor(readonly card: Card, readonly roles: CardRoles) {
    this.network = new SimNetwork(card, roles.networkSpans.map((i) => card.span(i)));
    this.phones = new SimPhones(card, roles.phoneSpans.map((i) => card.span(i)));
  }

  /** The bank trunk span facing a simulated network span. */
  trunkFacing(networkSpan: number): number | undefined {
    const i = this.roles.networkSpans.indexOf(networkSpan);
    return i < 0 ? undefined : this.roles.trunkSpans[i];
  }

  close(): void {
    this.network.close();
    this.phones.close();
  }
}
