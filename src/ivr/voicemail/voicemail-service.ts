/**
 * Voicemail (VoicemailPort, src/telephony/ports.ts): the greeting, a beep, the caller's message
 * recorded to <data.dir>/voicemail/<tenant>/<date>/<id>.wav until '#', silence, the maximum
 * length or hang-up, and a row in the store for staff to call back (the back office lists and
 * downloads messages: src/ivr/routes/voicemail-routes.ts). Messages shorter than the minimum
 * or without any sound are not kept. While the database is away the row goes to the records
 * journal and reaches the back office when the journal is replayed.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { CallContext } from '../../telephony/handlers.js';
import type { VoicemailPort } from '../../telephony/ports.js';
import type { PromptId } from '../../voice/prompts/index.js';
import type { RowOp } from '../../records/row-ops.js';
import type { WritePath } from '../../records/writer.js';
import { isUnavailableError } from '../../store/errors.js';
import type { IvrSettings } from '../engine/ivr-settings.js';
import { voicemailRepo, type NewVoicemail } from '../store/voicemail-repo.js';
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
  /** The records writer: a message's row goes through its journal while the database is away. */
  keepRow(op: RowOp): Promise<WritePath>;
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
    const message: NewVoicemail = {
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
    };
    const wentTo = await this.held(() => this.save(message));
    if (wentTo === undefined) {
      rmSync(path, { force: true });
      if (!session.ended) await session.play(ctx.prompts.prompts(['voicemail.empty'], session.lang));
      return undefined;
    }
    this.deps.logger.info({ messageId: id, tenantId, legId: ctx.legId, reason, durationMs, to: wentTo }, 'voicemail saved');
    if (!session.ended) await session.play(ctx.prompts.prompts(['voicemail.saved'], session.lang));
    return { messageId: id };
  }

  /** The message's row: in the database, or in the records journal while it is away; undefined when neither takes it. */
  private async save(message: NewVoicemail): Promise<WritePath | undefined> {
    try {
      await voicemailRepo.insert(this.deps.knex, message);
      return 'db';
    } catch (err) {
      if (!isUnavailableError(err)) throw err;
    }
    try {
      const op: RowOp = { kind: 'row.insert', id: message.id, table: 'voicemail_messages', row: voicemailRepo.newRow(message) };
      return await this.deps.keepRow(op);
    } catch (err) {
      this.deps.logger.error({ messageId: message.id, err: { message: (err as Error).message } }, 'voice message not kept: neither the database nor the records journal took it');
      return undefined;
    }
  }
}
