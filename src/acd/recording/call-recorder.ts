/**
 * Records agent calls to WAV files under <recordings dir>/YYYY/MM/DD/<id>.wav (8 kHz A-law,
 * both directions mixed: what the customer says and everything they hear), with a metadata row
 * written when recording starts and completed when it stops. The recording runs on the
 * customer's call session, so secure entry (PIN, password) pauses it: silence is recorded
 * instead (CallSession.record).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Recording } from '../../../bindings/index.js';
import type { CallSession } from '../../telephony/call-session.js';
import type { RowOp } from '../../records/row-ops.js';
import { recordingsRepo } from '../store/recordings-repo.js';

export interface RecordingMeta {
  tenantId: string;
  callId: string;
  legId: string | null;
  agentId: string | null;
  queueId: string | null;
  team: string;
  calling: string | null;
  called: string | null;
  /** Wall-clock time (ms) the recording starts. */
  at: number;
}

/**
 * Where metadata writes go: in order, off the call path (see ActivityWriter.row). Data, not
 * closures, so that they can be journalled while the database is away.
 */
export type WriteQueue = (op: RowOp) => void;

export class CallRecorder {
  private readonly active = new Map<string, Recording>();

  constructor(
    readonly dir: string,
    private readonly write: WriteQueue,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** Starts recording the session; resolves to the recording id (undefined if it could not start). */
  async start(session: CallSession, meta: RecordingMeta): Promise<string | undefined> {
    const id = randomUUID();
    const day = new Date(meta.at).toISOString().slice(0, 10).split('-');
    const file = join(day[0]!, day[1]!, day[2]!, `${id}.wav`);
    const path = join(this.dir, file);
    let recording: Recording;
    try {
      mkdirSync(dirname(path), { recursive: true });
      recording = await session.record(path, { direction: 'mixed', encoding: 'alaw' });
    } catch (err) {
      this.logger.warn({ err, callId: meta.callId }, 'could not start a call recording');
      return undefined;
    }
    this.active.set(id, recording);
    const startedAt = new Date(meta.at).toISOString();
    this.write(
      recordingsRepo.insertOp({
        id,
        tenantId: meta.tenantId,
        callId: meta.callId,
        legId: meta.legId,
        agentId: meta.agentId,
        queueId: meta.queueId,
        team: meta.team,
        calling: meta.calling,
        called: meta.called,
        startedAt,
        endedAt: null,
        durationMs: null,
        file,
        bytes: null,
        status: 'recording',
      }),
    );
    void recording.done.then((result) => {
      this.active.delete(id);
      let bytes: number | null = null;
      try {
        bytes = statSync(path).size;
      } catch {
        bytes = null;
      }
      const ok = result.reason !== 'error' && bytes !== null;
      this.write(
        recordingsRepo.finishOp(id, { endedAt: new Date(this.now()).toISOString(), durationMs: Math.round(result.samples / 8), bytes, status: ok ? 'complete' : 'failed' }),
      );
    });
    return id;
  }

  /** Stops a recording; resolves when its file is complete. */
  async stop(id: string | undefined): Promise<void> {
    if (id === undefined) return;
    const recording = this.active.get(id);
    if (recording) await recording.stop().catch(() => undefined);
  }

  /** Absolute path of a recording's file. */
  pathOf(file: string): string {
    return join(this.dir, file);
  }
}
