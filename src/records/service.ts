/**
 * The records service: what the telephony, ACD, gateway and HTTP layers call to leave a trace.
 *
 * Call detail records are written ahead: `cdr.offered()` inserts the leg's row before the call
 * goes any further, each stage updates it, `cdr.released()` closes it. Ids are generated here
 * (UUIDs), so a write that is retried or replayed from the journal is recognised. Every method
 * resolves when its record is durable: committed to the database, or fsync'd to the journal
 * while the database is away (see writer.ts).
 *
 * Nothing secret is stored: card numbers are masked, keys that name a secret (pin, password...)
 * are redacted, at any depth, before a record reaches the database or the journal.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { cdrRepo, DISPOSITIONS, DIRECTIONS, type Disposition, type Direction, type CdrStageFields } from './store/cdr-repo.js';
import type { ActorKind, AuditOutcome } from './store/audit-repo.js';
import { toDate, type TimeInput } from '../store/time.js';
import { maskCardNumbersInText } from '../log/mask.js';
import { redactSecrets } from '../log/redact.js';
import { RecordWriter, type RecordWriterOptions, type WritePath, type WriterMode } from './writer.js';
import type { RowOp } from './row-ops.js';
import type { RecordOp } from './ops.js';

export type { Disposition, Direction } from './store/cdr-repo.js';

const iso = (at: TimeInput | undefined) => toDate(at ?? new Date()).toISOString();
const phone = (v: string | null | undefined) => (v === undefined || v === null ? null : maskCardNumbersInText(v));
const text = (v: string | null | undefined) => (v === undefined || v === null ? null : maskCardNumbersInText(v));

const timeInput = z.union([z.date(), z.number(), z.string()]).optional();
const id = z.string().min(1).max(36);

const offeredSchema = z
  .object({
    tenantId: id,
    legId: z.uuid().optional(),
    callId: z.uuid().optional(),
    direction: z.enum(DIRECTIONS),
    span: z.number().int().nonnegative().nullable().optional(),
    channel: z.number().int().nonnegative().nullable().optional(),
    calling: z.string().max(64).nullable().optional(),
    called: z.string().max(64).nullable().optional(),
    at: timeInput,
  })
  .strict();
export type OfferedInput = z.input<typeof offeredSchema>;

const releasedSchema = z
  .object({
    disposition: z.enum(DISPOSITIONS),
    cause: z.number().int().min(1).max(127).nullable().optional(),
    at: timeInput,
  })
  .strict();
export type ReleasedInput = z.input<typeof releasedSchema>;

const trunkAccessSchema = z
  .object({
    tenantId: id,
    span: z.number().int().nonnegative(),
    channel: z.number().int().nonnegative().nullable().optional(),
    direction: z.enum(['inbound', 'outbound']),
    event: z.string().min(1).max(32),
    calling: z.string().max(64).nullable().optional(),
    called: z.string().max(64).nullable().optional(),
    cause: z.number().int().min(1).max(127).nullable().optional(),
    legId: z.string().max(36).nullable().optional(),
    at: timeInput,
  })
  .strict();
export type TrunkAccessInput = z.input<typeof trunkAccessSchema>;

export const AGENT_EVENTS = ['sign_in', 'sign_out', 'pause', 'resume', 'lock', 'unlock', 'not_hung_up', 'ring_no_answer', 'call_start', 'call_end'] as const;
const agentLogSchema = z
  .object({
    tenantId: id,
    agentId: z.string().min(1).max(64),
    event: z.enum(AGENT_EVENTS),
    queue: z.string().max(64).nullable().optional(),
    reason: z.string().max(200).nullable().optional(),
    legId: z.string().max(36).nullable().optional(),
    at: timeInput,
  })
  .strict();
export type AgentLogInput = z.input<typeof agentLogSchema>;

export const ALL_BUSY_OUTCOMES = ['answered', 'abandoned', 'overflow', 'voicemail', 'timeout', 'callback', 'ivr'] as const;
const allBusySchema = z
  .object({
    tenantId: id,
    legId: z.string().max(36).nullable().optional(),
    queue: z.string().min(1).max(64),
    calling: z.string().max(64).nullable().optional(),
    enteredAt: z.union([z.date(), z.number(), z.string()]),
    leftAt: timeInput,
    outcome: z.enum(ALL_BUSY_OUTCOMES),
  })
  .strict();
export type AllBusyInput = z.input<typeof allBusySchema>;

const transactionSchema = z
  .object({
    tenantId: id,
    legId: z.string().max(36).nullable().optional(),
    operation: z.string().min(1).max(64),
    adapter: z.string().max(16).nullable().optional(),
    keyFields: z.record(z.string(), z.unknown()).nullable().optional(),
    latencyMs: z.number().int().nonnegative(),
    result: z.enum(['ok', 'rejected', 'error', 'timeout']),
    errorCode: z.string().max(64).nullable().optional(),
    at: timeInput,
  })
  .strict();
export type TransactionInput = z.input<typeof transactionSchema>;

const auditSchema = z
  .object({
    tenantId: z.string().max(36).nullable(),
    actorKind: z.enum(['operator', 'token', 'system', 'anonymous']),
    actorId: z.string().max(36).nullable().optional(),
    actorName: z.string().max(100).nullable().optional(),
    actorTenantId: z.string().max(36).nullable().optional(),
    action: z.string().min(1).max(64),
    targetType: z.string().max(32).nullable().optional(),
    targetId: z.string().max(64).nullable().optional(),
    outcome: z.enum(['ok', 'denied', 'failed']).optional(),
    ip: z.string().max(64).nullable().optional(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    at: timeInput,
  })
  .strict();
export type AuditInput = z.input<typeof auditSchema>;

export class UnknownLegError extends Error {
  readonly code = 'UNKNOWN_LEG';
  constructor(legId: string) {
    super(`no open call leg ${legId} in this process`);
  }
}

/** The options of its writer, and the node it runs on. */
export interface RecordsServiceOptions extends RecordWriterOptions {
  /** This node: after a crash it closes only its own open legs. */
  nodeId: string;
}

export interface StartResult {
  /** Operations replayed from a journal left by a previous run. */
  replayed: number;
  /** Legs left open by a previous run, now closed as SYSTEM_RESTART. */
  closedOnRestart: number;
}

export class RecordsService {
  private readonly writer: RecordWriter;
  /** Open legs of this process: tenant and last stage number. */
  private readonly legs = new Map<string, { seq: number }>();
  private readonly store: Store;
  private readonly nodeId: string;
  private readonly logger: Logger;

  constructor(options: RecordsServiceOptions) {
    this.store = options.store;
    this.nodeId = options.nodeId;
    this.logger = options.logger;
    this.writer = new RecordWriter({
      store: options.store,
      journalDir: options.journalDir,
      logger: options.logger,
      ...(options.registry ? { registry: options.registry } : {}),
      ...(options.retryMs ? { retryMs: options.retryMs } : {}),
      ...(options.replayChunk ? { replayChunk: options.replayChunk } : {}),
      ...(options.maxHeld ? { maxHeld: options.maxHeld } : {}),
      ...(options.maxBatch ? { maxBatch: options.maxBatch } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
    });
  }

  /** 'journal' while the database is unreachable. */
  get mode(): WriterMode {
    return this.writer.mode;
  }

  get journalBacklog(): number {
    return this.writer.backlog;
  }

  /** Records held in memory because neither the database nor the journal takes them. */
  get heldInMemory(): number {
    return this.writer.heldInMemory;
  }

  /** Database transactions the records have taken since start (a group commit is one). */
  get commits(): number {
    return this.writer.commits;
  }

  /** The most records memory holds while the database and the journal are both away (`records.maxHeld`). */
  get maxHeldInMemory(): number {
    return this.writer.maxHeldInMemory;
  }

  /** Journal entries already replayed by a replay in progress (0 when none is). */
  get journalReplayed(): number {
    return this.writer.replayed;
  }

  /**
   * Replay a journal left by a previous run, then close this node's legs that a crash left
   * open (disposition SYSTEM_RESTART). Call once at start-up, before taking calls.
   */
  async start(): Promise<StartResult> {
    const replayed = await this.writer.start();
    const closedOnRestart = await cdrRepo.closeOpen(this.store.knex, this.nodeId, new Date().toISOString());
    if (closedOnRestart > 0) this.logger.warn({ closedOnRestart }, 'closed call records left open by the previous run as SYSTEM_RESTART');
    return { replayed, closedOnRestart };
  }

  /** Resolves when every record submitted so far is durable. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  async stop(): Promise<void> {
    await this.writer.stop();
  }

  readonly cdr = {
    /** The call is offered: insert its leg's row (write-ahead). Resolves to the leg id. */
    offered: async (input: OfferedInput): Promise<string> => {
      const v = offeredSchema.parse(input);
      const legId = v.legId ?? randomUUID();
      this.legs.set(legId, { seq: 1 });
      await this.submitOffered(legId, {
        kind: 'cdr.offered',
        id: legId,
        record: {
          legId,
          tenantId: v.tenantId,
          nodeId: this.nodeId,
          callId: v.callId ?? legId,
          direction: v.direction as Direction,
          span: v.span ?? null,
          channel: v.channel ?? null,
          calling: phone(v.calling),
          called: phone(v.called),
          offeredAt: iso(v.at as TimeInput | undefined),
        },
      });
      return legId;
    },
    answered: (legId: string, at?: TimeInput) => this.stage(legId, 'answered', { answeredAt: iso(at) }),
    queued: (legId: string, input: { queue: string; at?: TimeInput }) =>
      this.stage(legId, 'queued', { queue: z.string().min(1).max(64).parse(input.queue), queuedAt: iso(input.at) }),
    connected: (legId: string, input: { agentId: string; at?: TimeInput }) =>
      this.stage(legId, 'connected', { agentId: z.string().min(1).max(64).parse(input.agentId), connectedAt: iso(input.at) }),
    transferred: (legId: string, input: { target: string; at?: TimeInput }) =>
      this.stage(legId, 'transferred', { transferTarget: text(z.string().min(1).max(64).parse(input.target))!, transferredAt: iso(input.at) }),
    /** The leg is released: close its row with a disposition and the Q.850 cause. */
    released: async (legId: string, input: ReleasedInput): Promise<void> => {
      const v = releasedSchema.parse(input);
      await this.stage(legId, 'released', { releasedAt: iso(v.at as TimeInput | undefined), disposition: v.disposition as Disposition, cause: v.cause ?? null });
      this.legs.delete(legId);
    },
    /** Legs offered by this process and not yet released. */
    openLegs: (): number => this.legs.size,
  };

  readonly trunkAccess = {
    write: async (input: TrunkAccessInput): Promise<string> => {
      const v = trunkAccessSchema.parse(input);
      const entryId = randomUUID();
      await this.writer.submit({
        kind: 'trunkAccess',
        id: entryId,
        record: {
          id: entryId,
          tenantId: v.tenantId,
          at: iso(v.at as TimeInput | undefined),
          span: v.span,
          channel: v.channel ?? null,
          direction: v.direction,
          event: v.event,
          calling: phone(v.calling),
          called: phone(v.called),
          cause: v.cause ?? null,
          legId: v.legId ?? null,
        },
      });
      return entryId;
    },
  };

  readonly agentLog = {
    write: async (input: AgentLogInput): Promise<string> => {
      const v = agentLogSchema.parse(input);
      const entryId = randomUUID();
      await this.writer.submit({
        kind: 'agentLog',
        id: entryId,
        record: { id: entryId, tenantId: v.tenantId, at: iso(v.at as TimeInput | undefined), agentId: v.agentId, event: v.event, queue: v.queue ?? null, reason: text(v.reason), legId: v.legId ?? null },
      });
      return entryId;
    },
  };

  readonly allBusy = {
    write: async (input: AllBusyInput): Promise<string> => {
      const v = allBusySchema.parse(input);
      const entryId = randomUUID();
      const enteredAt = iso(v.enteredAt as TimeInput);
      const leftAt = iso(v.leftAt as TimeInput | undefined);
      await this.writer.submit({
        kind: 'allBusy',
        id: entryId,
        record: {
          id: entryId,
          tenantId: v.tenantId,
          legId: v.legId ?? null,
          queue: v.queue,
          calling: phone(v.calling),
          enteredAt,
          leftAt,
          waitMs: Math.max(0, Date.parse(leftAt) - Date.parse(enteredAt)),
          outcome: v.outcome,
        },
      });
      return entryId;
    },
  };

  readonly transactions = {
    /** A gateway request: operation, key fields (masked here), latency and result. */
    write: async (input: TransactionInput): Promise<string> => {
      const v = transactionSchema.parse(input);
      const entryId = randomUUID();
      await this.writer.submit({
        kind: 'transaction',
        id: entryId,
        record: {
          id: entryId,
          tenantId: v.tenantId,
          at: iso(v.at as TimeInput | undefined),
          legId: v.legId ?? null,
          operation: v.operation,
          adapter: v.adapter ?? null,
          keyFields: v.keyFields ? redactSecrets(v.keyFields) : null,
          latencyMs: v.latencyMs,
          result: v.result,
          errorCode: v.errorCode ?? null,
        },
      });
      return entryId;
    },
  };

  readonly audit = {
    /** An audit entry from outside an HTTP request (CLI, system actions). */
    write: async (input: AuditInput): Promise<string> => {
      const v = auditSchema.parse(input);
      const entryId = randomUUID();
      await this.writer.submit({
        kind: 'audit',
        id: entryId,
        record: {
          id: entryId,
          tenantId: v.tenantId,
          actorKind: v.actorKind as ActorKind,
          actorId: v.actorId ?? null,
          actorName: v.actorName ?? null,
          actorTenantId: v.actorTenantId ?? null,
          action: v.action,
          targetType: v.targetType ?? null,
          targetId: v.targetId ?? null,
          outcome: (v.outcome ?? 'ok') as AuditOutcome,
          ip: v.ip ?? null,
          at: iso(v.at as TimeInput | undefined),
          before: v.before === undefined ? null : redactSecrets(v.before),
          after: v.after === undefined ? null : redactSecrets(v.after),
        },
      });
      return entryId;
    },
  };

  readonly activity = {
    /**
     * A row written behind the calls (ACD activity, recording metadata) when it cannot be
     * written directly: in order with every other record, journalled while the database is
     * away, dead-lettered if refused. Resolves to where it went.
     */
    submit: (op: RowOp): Promise<WritePath> => this.writer.submit(op),
  };

  /** A leg whose first record was not kept is not open: its later stages have nowhere to go. */
  private async submitOffered(legId: string, op: RecordOp): Promise<void> {
    try {
      await this.writer.submit(op);
    } catch (err) {
      this.legs.delete(legId);
      throw err;
    }
  }

  private async stage(legId: string, stage: string, fields: CdrStageFields): Promise<void> {
    const leg = this.legs.get(legId);
    if (!leg) throw new UnknownLegError(legId);
    leg.seq += 1;
    await this.writer.submit({ kind: 'cdr.stage', id: legId, seq: leg.seq, stage, fields });
  }
}
