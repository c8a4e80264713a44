/** A virtual card's cable: pull it, restore it, impair it (tests and demos). */
import type { CardCore } from './core.js';

export interface Impairments {
  /** White noise level in dBm0 (undefined = none). */
  noiseDbm0?: number;
  /** Each side hears its own signal back (a hybrid's echo). */
  echo?: { delayMs: number; lossDb: number };
}

export class VirtualCable {
  constructor(
    private readonly core: CardCore,
    readonly index: number,
  ) {}

  /** Both spans go into RED alarm; calls on PRI spans are cleared. */
  async pull(): Promise<void> {
    await this.send(0);
  }

  async restore(): Promise<void> {
    await this.send(1);
  }

  async impair(impairments: Impairments): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.cable(req, 2, this.index, impairments.echo?.delayMs ?? 0, 0,
      impairments.noiseDbm0 ?? Number.NaN, impairments.echo ? impairments.echo.lossDb : Number.NaN));
  }

  /**
   * A controlled frame slip in one direction (side 0: first span to second,
   * 1: back): +1 repeats one sample, -1 deletes one.
   */
  async slip(side: 0 | 1, amount: 1 | -1): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.cable(req, 3, this.index, side, amount));
  }

  private async send(op: number): Promise<void> {
    const id = this.core.nextId();
    await this.core.issue(id, (req) => this.core.native.cable(req, op, this.index));
  }
}
