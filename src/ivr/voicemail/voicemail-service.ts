/**
 * Voicemail (VoicemailPort, src/telephony/ports.ts): the greeting, a beep, the caller's message
 * recorded to <data.dir>/voicemail/<tenant>/<date>/<id>.wav until '#', silence, the maximum
 * length or hang-up, and a row in the store for staff to call back (the back office lists and
 * downloads messages: src/ivr/routes/voicemail-routes.ts). Messages shorter than the minimum
 * or without any sound are not kept.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CallContext } from '../../telephony/handlers.js';
import type { VoicemailPort } from '../../telephony/ports.js';
import type { PromptId } from '../../voice/prompts/index.js';
import type { IvrSettings } from '../engine/ivr-settings.js';
import { voicemailRepo } from '../store/voicemail-repo.js';
import { endsInSilence, hasSound } from './audio-level.js';

export type VoicemailReason = Parameters<VoicemailPort['record']>[1];

export interface VoicemailServiceDeps {
  knex: Knex;
  /** <data.dir>/voicemail */
  dir: string;
  settingsFor(tenantId: string): Promise<IvrSettings>;
  /** Holds the engine clock around database work (see FlowRunDeps.hold). */
  hold(): () => void;
  /** Wall-clock now on the card's clock. */
  wallTime(): Date;
  logger: Logger;
}

/** Absolute path of a stored message's audio (refusing anything that leaves the directory). */
export function voicemailAudioPath(dir: string, file: string): string {
  if (file.split(/[\\/]/).some((part) => part === '..' || part === '')) throw new Error('bad voicemail file name');
  return join(dir, file);
}

export class VoicemailService implements VoicemailPort {
  constructor(private readonly deps: VoicemailServiceDeps) {}

  audioPath(file: string): string {
    return voicemailAudioPath(this.deps.dir, file);
  }

  private async held<T>(work: () => Promise<T>): Promise<T> {
    const release = this.deps.hold();
    try {
      return await work();
    } finally {
      release();
    }
  }

  async record(ctx: CallContext, reason: VoicemailReason, queue?: string): Promise<{ messageId: string } | undefined> {
    const { session, tenantId } = ctx;
    if (session.ended) return undefined;
    const settings = (await this.held(() => this.deps.settingsFor(tenantId))).voicemail;
    await session.answer();
    const greeting: PromptId[] = reason === 'after-hours' ? ['voicemail.off_hours', 'voicemail.intro', 'tone.beep'] : ['voicemail.intro', 'tone.beep'];
    // No barge-in: the caller must hear the tone before speaking.
    await session.play(ctx.prompts.prompts(greeting, session.lang));
    if (session.ended) return undefined;
    session.flushDigits();

    const id = randomUUID();
    const day = this.deps.wallTime().toISOString().slice(0, 10);
    const file = `${tenantId}/${day}/${id}.wav`;
    const path = this.audioPath(file);
    mkdirSync(dirname(path), { recursive: true });
    const recording = await session.record(path, { direction: 'rx', encoding: 'alaw', maxSeconds: settings.maxSeconds });
    let finished = false;
    void recording.done.then(() => {
      finished = true;
    });
    let byKey = false;
    while (!finished && !session.ended) {
      const key = await session.nextDigit(1000);
      if (key === '#') {
        byKey = true;
        break;
      }
      if (endsInSilence(path, settings.silenceSeconds)) break;
    }
    // After a hang-up the engine has ended the recording itself.
    const result = finished || session.ended ? await recording.done : await recording.stop().catch(() => recording.done);
    const durationMs = Math.round(result.samples / 8);
    const kept = !result.error && durationMs >= settings.minSeconds * 1000 && hasSound(path, byKey ? 300 : 0);
    if (!kept) {
      rmSync(path, { force: true });
      if (!session.ended) await session.play(ctx.prompts.prompts(['voicemail.empty'], session.lang));
      return undefined;
    }
    await this.held(() =>
      voicemailRepo.insert(this.deps.knex, {
        id,
        tenantId,
        legId: ctx.legId,
        calling: session.calling || null,
        called: session.called || null,
        queue: queue ?? null,
        reason,
        lang: session.lang,
        durationMs,
        file,
        createdAt: this.deps.wallTime(),
      }),
    );
    this.deps.logger.info({ messageId: id, tenantId, legId: ctx.legId, reason, durationMs }, 'voicemail saved');
    if (!session.ended) await session.play(ctx.prompts.prompts(['voicemail.saved'], session.lang));
    return { messageId: id };
  }
}
