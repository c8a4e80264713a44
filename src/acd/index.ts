/** The ACD core's public surface for the integrator (HTTP routes, telephony, store). */
export { AcdError, isAcdError, type AcdErrorCode } from './errors.js';
export {
  STRATEGIES,
  agentProfileSchema,
  callerEntrySchema,
  membershipSchema,
  queueConfigSchema,
  skillRequirementSchema,
  type AgentProfile,
  type AgentProfileInput,
  type CallerEntry,
  type CallerEntryInput,
  type Membership,
  type MembershipInput,
  type QueueConfig,
  type QueueConfigInput,
  type SkillRequirement,
  type Strategy,
} from './model.js';
export { AGENT_STATES, allowedTransitions, canTransition, isSignedIn, isStaffed, type AgentAction, type AgentState } from './agent-state.js';
export { averageIdleMs, averageTalkMs, type AgentWindowStats } from './agent-stats.js';
export { Calendar, intervalStart, nextLocalHour, windowStart, type CalendarData, type LocalTime, type WorkCalendar } from '../calendar/work-calendar.js';
export {
  QueueSelector,
  queueSelectorConfigSchema,
  routingRuleSchema,
  type CallFacts,
  type QueueSelection,
  type QueueSelectorConfigInput,
  type RoutingRule,
  type RoutingRuleInput,
} from './queue-selector.js';
export { IndexedRouter, type Router } from './router.js';
export { NaiveRouter } from './naive-router.js';
export { HandleTimeHistory, type HandleTimeHistoryOptions, type WaitEstimate } from './expected-wait.js';
export {
  agentsNeeded,
  erlangB,
  erlangC,
  erlangCFigures,
  trafficErlangs,
  type ErlangCInput,
  type ErlangCResult,
  type StaffingTarget,
} from './erlang-c.js';
export {
  agentMetrics,
  queueMetrics,
  type AbandonTreatment,
  type AgentIntervalMetrics,
  type MetricsOptions,
  type QueueIntervalMetrics,
  type StateTimes,
} from './metrics.js';
export type {
  AcdPort,
  Actor,
  AgentServiceLogEntry,
  AgentServiceLogSink,
  AllBusyWaitEntry,
  AllBusyWaitLogSink,
  CallRecordSink,
  CallerAnnouncement,
  CancelReason,
  OfferDetails,
  QueueCallRecord,
  VisitOutcome,
  WaitOutcome,
} from './ports.js';
export {
  QueueService,
  type AcdEvent,
  type AgentView,
  type CallerView,
  type PersistedAgentRow,
  type QueueServiceOptions,
  type QueueView,
  type RestartPolicy,
} from './queue-service.js';
