/**
 * Plugs the ACD into the server (createServer's `modules`, after telephony; without telephony
 * it serves configuration, reports and recordings only, for servers and tests without a card): loads every
 * tenant's queues and agents and recovers agents' states, answers the dial plan's `queue`
 * target, becomes services.queues for the IVR, adds the ACD, agent desk, supervisor, metrics
 * and recording routes, Prometheus gauges per queue, and flushes its writes at shutdown.
 */
import { join } from 'node:path';
import { promptDirsOf } from '../voice/prompt-dirs.js';
import { PromptLibrary } from '../voice/prompt-library.js';
import type { AppServices } from '../services.js';
import { CallRecorder } from './recording/call-recorder.js';
import { recordingRoutes } from './routes/recording-routes.js';
import { DEFAULT_MUSIC } from './live/caller-media.js';
import { AcdService } from './live/acd-service.js';
import { agentPoolPort } from './live/agent-pool-port.js';
import { simPhoneControl, StationLines } from './live/phones.js';
import { queueHandler } from './live/queue-handler.js';
import { registerAcdMetrics } from './live/prometheus.js';
import type { RestartPolicy } from './queue-service.js';
import { ActivityWriter } from './store/activity-repo.js';
import { tenantCalendars } from './store/calendar-cache.js';
import type { TenantCalendarPort } from '../calendar/tenant-calendars.js';
import { acdRoutes } from './routes/index.js';
import { supervisorReach } from './supervisor-reach.js';

export interface AcdModuleOptions {
  /** What an available agent is after a restart (see RestartPolicy); default keep_available. */
  restartPolicy?: RestartPolicy;
  /** Music classes (queue announce.musicClass) → tone cadences; merged over the defaults. */
  musicClasses?: Record<string, string>;
  /** How long desk calls, consultations and monitors ring a phone or a number (ms). Default 30 s. */
  deskRingTimeoutMs?: number;
  /** See QueueServiceOptions.notHungUpAfterS (default 10). */
  notHungUpAfterS?: number;
}

declare module '../services.js' {
  interface AppServices {
    /** The ACD (set by the ACD module). */
    acd?: AcdService;
  }
}

export function acdModule(options: AcdModuleOptions = {}) {
  return async (services: AppServices): Promise<void> => {
    // Without the telephony module (no card) the ACD still serves its configuration, reports
    // and recordings; calls need the card. List the ACD after telephony.
    const telephony = services.telephony;
    const logger = services.logger.child({ module: 'acd' });
    const activity = new ActivityWriter(services.store.knex, services.records, logger);
    const recordingsDir = services.config.telephony.recordingsDir ?? join(services.config.data.dir, 'recordings');
    const now = () => (telephony ? telephony.card.clock.wallTime().getTime() : Date.now());
    const recorder = new CallRecorder(recordingsDir, (op) => activity.row(op), now, logger);
    const prompts =
      telephony?.prompts ??
      new PromptLibrary(promptDirsOf(services.config));
    const music = { ...DEFAULT_MUSIC, ...options.musicClasses };
    const acd = new AcdService({
      db: services.store.knex,
      telephony,
      stations: new StationLines(telephony),
      phoneControl: services.sim ? simPhoneControl(services.sim.phones) : undefined,
      records: services.records,
      bus: services.bus,
      logger,
      activity,
      recorder,
      prompts,
      music: (musicClass) => music[musicClass] ?? music['default'] ?? DEFAULT_MUSIC['default']!,
      profiles: () => services.gateway,
      restartPolicy: options.restartPolicy ?? 'keep_available',
      ...(options.notHungUpAfterS === undefined ? {} : { notHungUpAfterS: options.notHungUpAfterS }),
      deskRingTimeoutMs: options.deskRingTimeoutMs ?? 30_000,
    });
    await acd.start();
    services.acd = acd;
    services.queues = acd;
    services.agentPool = agentPoolPort(acd);
    // Outbound campaign calls are recorded like agent calls (no agent or team: the campaign's policy).
    services.callRecording = { start: (session, meta) => recorder.start(session, { ...meta, agentId: null, team: '' }), stop: (id) => recorder.stop(id) };
    // The tenant calendars (holidays, make-up working days) kept with the ACD configuration: the IVR's open hours follow them.
    const db = services.store.knex;
    const calendars: TenantCalendarPort = {
      async days(tenantId) {
        const calendar = await tenantCalendars.get(db, tenantId);
        return { holidays: calendar.holidays.map((d) => d.date), workingDays: calendar.workingDays.map((d) => d.date), timeZone: calendar.timeZone, weekend: calendar.weekend };
      },
    };
    services.calendars = calendars;
    // Supervisors limited to their teams see only those teams in the live events too.
    services.eventReach = { reachOf: (viewer) => supervisorReach(db, acd.tenant(viewer.tenantId), viewer) };
    telephony?.registerHandler('queue', queueHandler(services, acd));
    services.routes.add(...acdRoutes, ...recordingRoutes);
    registerAcdMetrics(services, acd);
    services.lifecycle.register({ name: 'acd-writes', phase: 'flush', stop: () => activity.flush() });
    services.lifecycle.register({ name: 'acd', phase: 'close', stop: () => acd.dispose() });
    logger.info({ tenants: acd.list().length, recordings: recordingsDir }, 'ACD ready');
  };
}
