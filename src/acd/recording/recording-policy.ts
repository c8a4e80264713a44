/**
 * Whether an agent call is recorded: the agent's own setting wins when it says always or never;
 * otherwise the queue's (default always).
 *
 * Desk calls have no queue:
 * - outbound to an outside number (usually a customer; banks record these for compliance): the
 *   agent's always/never wins; 'inherit' follows the agent's queues — recorded unless every one
 *   of them says never (an agent in no queue: recorded, the queue default);
 * - agent to agent (internal): not recorded, unless one of the two agents says always and
 *   neither says never (never is an explicit exemption, e.g. a staff representative's seat).
 */
export type AgentRecordingSetting = 'inherit' | 'always' | 'never';
export type QueueRecordingSetting = 'always' | 'never';

export function shouldRecord(agent: AgentRecordingSetting, queue: QueueRecordingSetting | undefined): boolean {
  if (agent !== 'inherit') return agent === 'always';
  return queue === 'always';
}

/** An agent's outbound desk call; `queues`: the settings of the queues the agent belongs to. */
export function shouldRecordOutbound(agent: AgentRecordingSetting, queues: readonly QueueRecordingSetting[]): boolean {
  if (agent !== 'inherit') return agent === 'always';
  return queues.length === 0 || queues.includes('always');
}

/** An agent-to-agent desk call. */
export function shouldRecordInternal(caller: AgentRecordingSetting, callee: AgentRecordingSetting): boolean {
  if (caller === 'never' || callee === 'never') return false;
  return caller === 'always' || callee === 'always';
}
