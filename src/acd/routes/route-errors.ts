/**
 * The error codes each ACD route may answer, beside those the route registry adds
 * (authentication, permission, validation...). Kept in one table because most ACD routes
 * answer what the ACD services refuse rather than what their handlers throw.
 */
import type { ErrorSpec } from '../../http/domain-error.js';
import { platformErrors } from '../../http/errors.js';
import { acdErrors as acd } from '../errors.js';
import { liveAcdErrors as live } from '../live/errors.js';
import { telephonyErrors } from '../../telephony/telephony-errors.js';

const { not_found, already_exists, too_many_streams } = platformErrors;

/** What a configuration write may refuse: a reference to a queue that does not exist, a clash between ids. */
const configCheck = [acd.acd_invalid_config];

/** What an action on a seat may answer: the seat's rights, the agent state machine, the calls, the phones. */
const seatAction: ErrorSpec[] = [
  acd.not_own_seat,
  telephonyErrors.number_not_allowed,
  acd.acd_unknown_agent,
  acd.acd_unknown_queue,
  acd.acd_unknown_call,
  acd.acd_illegal_state,
  acd.acd_invalid_config,
  acd.acd_not_member,
  live.acd_no_phone,
  live.acd_no_phone_control,
  live.acd_dial_failed,
  live.acd_no_telephony,
];

const seatActionIds = [
  'signIn', 'signOut', 'pause', 'resume', 'ready', 'unlock', 'answer', 'hangUp', 'hold', 'retrieve',
  'transfer', 'consult', 'completeConsult', 'cancelConsult', 'threeWay', 'conference', 'pickUp', 'call', 'survey',
];

export const acdRouteErrors: Record<string, readonly ErrorSpec[]> = {
  'acdQueues.get': [not_found],
  'acdQueues.create': [already_exists, ...configCheck],
  'acdQueues.update': [not_found, ...configCheck],
  'acdQueues.delete': [not_found, acd.acd_queue_in_use],
  'acdAgents.get': [not_found],
  'acdAgents.create': [already_exists, acd.phone_in_use, acd.extension_in_use, ...configCheck],
  'acdAgents.update': [not_found, acd.phone_in_use, acd.extension_in_use, ...configCheck],
  'acdAgents.delete': [not_found, acd.acd_illegal_state],
  'acdEntryPoints.create': [already_exists, ...configCheck],
  'acdEntryPoints.update': [not_found, ...configCheck],
  'acdEntryPoints.delete': [not_found],
  'acdSupervisors.getTeams': [not_found],
  'acdSupervisors.setTeams': [not_found],
  'acdDesk.get': [not_found, acd.acd_unknown_agent],
  'acdDesk.events': [not_found, acd.acd_unknown_agent, too_many_streams],
  'acdDesk.availableAgents': [acd.acd_unknown_queue],
  ...Object.fromEntries(seatActionIds.map((id) => [`acdAgents.${id}`, seatAction])),
  'acdAgents.monitor': [acd.not_own_seat, acd.acd_unknown_agent, acd.acd_unknown_call, acd.acd_illegal_state, acd.acd_invalid_config, live.acd_no_phone, live.acd_dial_failed, live.acd_no_telephony],
  'acdMonitor.setMode': [acd.acd_unknown_agent, acd.acd_illegal_state],
  'acdMonitor.stop': [acd.acd_unknown_agent, acd.acd_illegal_state],
  'acdAgents.forceRelease': [acd.acd_unknown_agent, acd.acd_illegal_state],
  'acdMetrics.queues': [acd.acd_unknown_queue, acd.acd_invalid_config, acd.range_too_large],
  'acdMetrics.agents': [acd.acd_unknown_agent, acd.acd_invalid_config, acd.range_too_large],
  'acdStaffing.erlangC': [acd.acd_invalid_config],
};
