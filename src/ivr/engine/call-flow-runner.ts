/**
 * The flow runner of one call, inbound (call-handler.ts) or outbound (outbound-flows.ts): the
 * services a flow reaches (the core, queues, voicemail, faxes, PIN locks) and the card's clock
 * are wired the same way for both; what differs is the flow, its settings and calendar, the
 * language the call was dialled in and the logger.
 */
import type { Logger } from 'pino';
import type { WorkCalendar } from '../../calendar/work-calendar.js';
import type { AppServices } from '../../services.js';
import type { CallContext } from '../../telephony/handlers.js';
import type { Lang } from '../../voice/prompts/index.js';
import type { FlowDefinition } from './flow-schema.js';
import { FlowRunner } from './flow-runner.js';
import type { PinLocker } from './ivr-session.js';
import type { IvrSettings } from './ivr-settings.js';
import { openHoursCalendar } from './open-hours-calendar.js';

export interface CallFlowRun {
  ctx: CallContext;
  flow: FlowDefinition;
  flowName: string;
  flowVersion: number;
  /** The language the dial plan chose for the called number. */
  dialLang: Lang;
  settings: IvrSettings;
  calendar: WorkCalendar;
  logger: Logger;
}

/** Holds the card's engine clock while awaiting something outside it; a no-op without a card. */
export function engineClockHold(services: AppServices): () => () => void {
  return () => services.telephony?.card?.hold() ?? (() => undefined);
}

/** The tenant's working-day calendar under its IVR settings, unless the module was given its own. */
export async function flowCalendar(
  services: AppServices,
  calendarFor: ((tenantId: string, settings: IvrSettings) => WorkCalendar) | undefined,
  tenantId: string,
  settings: IvrSettings,
): Promise<WorkCalendar> {
  return calendarFor?.(tenantId, settings) ?? openHoursCalendar(settings, await services.calendars?.days(tenantId).catch(() => undefined));
}

export function callFlowRunner(services: AppServices, pinLocks: PinLocker, run: CallFlowRun): FlowRunner {
  const { ctx } = run;
  const card = services.telephony?.card;
  return new FlowRunner(run.flow, {
    ctx,
    session: ctx.session,
    tenantId: ctx.tenantId,
    legId: ctx.legId,
    flowName: run.flowName,
    flowVersion: run.flowVersion,
    dialLang: run.dialLang,
    prompts: ctx.prompts,
    gateway: services.gateway,
    queues: services.queues,
    voicemail: services.voicemail,
    faxes: services.faxes,
    pinLocks,
    settings: run.settings,
    calendar: run.calendar,
    wallTime: () => card?.clock.wallTime() ?? new Date(),
    hold: engineClockHold(services),
    logger: run.logger,
  });
}
