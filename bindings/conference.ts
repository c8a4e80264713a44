/**
 * A conference on the card's TDM switch. A bridge between two channels is a
 * conference of two. Member modes:
 *   full     talks and listens (a party on the call);
 *   listen   hears everyone, is heard by no one (supervisor monitoring);
 *   whisper  hears everyone, is heard only by its target (coaching an agent).
 * Switching a whisperer to full is a barge-in.
 */
import type { CardCore } from './core.js';
import type { Channel } from './channel.js';

export type MemberMode = 'full' | 'listen' | 'whisper';

const modes: Record<MemberMode, number> = { full: 0, listen: 1, whisper: 2 };

export class Conference {
  private destroyed = false;

  constructor(
    private readonly core: CardCore,
    readonly id: number,
  ) {}

  async add(channel: Channel, mode: MemberMode = 'full', target?: Channel): Promise<void> {
    await this.member(2, channel, mode, target);
  }

  async setMode(channel: Channel, mode: MemberMode, target?: Channel): Promise<void> {
    await this.member(3, channel, mode, target);
  }

  async remove(channel: Channel): Promise<void> {
    await this.member(4, channel, 'full');
  }

  /** Takes every member out and frees the conference. Idempotent. */
  async destroy(): Promise<void> {
    if (this.destroyed || !this.core.isOpen()) return;
    this.destroyed = true;
    await this.core.issue(this.core.nextId(), (req) => this.core.native.conference(req, 1, this.id));
  }

  private async member(op: number, channel: Channel, mode: MemberMode, target?: Channel): Promise<void> {
    await this.core.issue(this.core.nextId(), (req) =>
      this.core.native.conference(req, op, this.id, channel.span, channel.number, modes[mode],
        target ? target.span : -1, target ? target.number : -1));
  }
}
