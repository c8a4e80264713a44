/**
 * Plugs outbound campaigns into the server (createServer's `modules`, after telephony, the ACD
 * and the IVR): the campaign, number list, do-not-call, progress and results routes,
 * services.outbound with the dial guard and — with a card — the dialler, which places the
 * running campaigns' calls (started with the server, stopped before the calls drain). Without
 * a card campaigns are prepared and read, and nothing is dialled.
 */
import type { AppServices } from '../services.js';
import { DialGuard } from './dial-guard.js';
import { AttemptLedger } from './dialler/attempt-ledger.js';
import { everyAnswerIsAPerson, type AnswerClassifier } from './dialler/answer-classifier.js';
import { campaignProgress } from './dialler/campaign-progress.js';
import { Dialler } from './dialler/dialler.js';
import { telephonyDialPort } from './dialler/telephony-dial-port.js';
import { ProgressPublisher } from './dialler/progress-events.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { doNotCallRoutes } from './routes/do-not-call-routes.js';
import { numberRoutes } from './routes/number-routes.js';
import { resultRoutes } from './routes/result-routes.js';
import { previewRoutes } from './routes/preview-routes.js';
import { PreviewDesk } from './preview/preview-desk.js';
import { campaignsRepo } from './store/campaigns-repo.js';

export interface OutboundRuntime {
  guard: DialGuard;
  /** Absent without a card. */
  dialler?: Dialler;
  progress: ProgressPublisher;
  /** Preview dialling for agents (absent without a card). */
  preview?: PreviewDesk;
}

declare module '../services.js' {
  interface AppServices {
    outbound?: OutboundRuntime;
  }
}

export interface OutboundModuleOptions {
  /** Who answered: a person, a machine, a fax (default: every answered call is a person). */
  classifyAnswer?: AnswerClassifier;
  /** How long an answered callee waits for a free agent before the safe message, engine ms (default 2000). */
  agentWaitMs?: number;
  /** Prompt ids of the short message a callee hears when no agent is free in time (default the catalog's outbound.safe_message). */
  safeMessage?: string[];
  /** How long a preview agent may hold a record without dialling it, engine ms (default 5 minutes). */
  previewHoldMs?: number;
  /** One dialler per database: how long the dialler's lease lasts unrenewed, real ms (default 15 s). */
  diallerLeaseMs?: number;
}

export function outboundModule(options: OutboundModuleOptions = {}) {
  return (services: AppServices): void => {
    const logger = services.logger.child({ module: 'outbound' });
    const db = () => services.store.knex;
    const guard = new DialGuard(db);
    const telephony = services.telephony;
    let dialler: Dialler | undefined;
    let preview: PreviewDesk | undefined;
    const progress = new ProgressPublisher(services.bus, () => telephony?.card.clock, async (tenantId, campaignId) => {
      const campaign = await campaignsRepo.get(db(), tenantId, campaignId);
      return campaign ? { name: campaign.name, progress: await campaignProgress(db(), campaign, dialler?.live(campaignId)) } : undefined;
    });
    if (telephony) {
      const dial = telephonyDialPort(telephony);
      const ledger = new AttemptLedger(db);
      dialler = new Dialler({
        db,
        dial,
        guard,
        ledger,
        calendars: () => services.calendars,
        agentPool: () => services.agentPool,
        call: {
          dial,
          classify: options.classifyAnswer ?? everyAnswerIsAPerson,
          callFlows: () => services.callFlows,
          queues: () => services.queues,
          agentPool: () => services.agentPool,
          recording: () => services.callRecording,
          logger,
          agentWaitMs: options.agentWaitMs ?? 2000,
          safeMessage: options.safeMessage ?? ['outbound.safe_message'],
        },
        logger,
        changed: (tenantId, campaignId, o) => progress.changed(tenantId, campaignId, o),
        // The node id: a restarted server takes its own lease back at once; two servers have two ids.
        lease: { holder: services.config.server.nodeId, ttlMs: options.diallerLeaseMs ?? 15_000 },
      });
      const running = dialler;
      preview = new PreviewDesk({ db, dialler, guard, ledger, agentPool: () => services.agentPool, now: () => telephony.card.clock.wallTime(), holdMs: options.previewHoldMs ?? 5 * 60_000 });
      services.lifecycle.register({ name: 'outbound-dialler', phase: 'intake', start: () => running.start(), stop: () => running.stopDialling() });
      services.lifecycle.register({ name: 'outbound-attempts', phase: 'flush', stop: async () => {
        await running.settled();
        progress.close();
      } });
    }
    services.outbound = { guard, progress, ...(dialler ? { dialler } : {}), ...(preview ? { preview } : {}) };
    services.routes.add(...campaignRoutes, ...numberRoutes, ...doNotCallRoutes, ...resultRoutes, ...previewRoutes);
    logger.info({ dialler: dialler !== undefined }, 'outbound campaigns ready');
  };
}
