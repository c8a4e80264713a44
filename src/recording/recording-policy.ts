/**
 * Whether an agent call is recorded: the agent's own setting wins when it says always or never;
 * otherwise the queue's (default always). Calls outside a queue (desk calls) follow the agent's
 * setting, not recorded when it says inherit.
 */
export type AgentRecordingSetting = 'inherit' | 'always' | 'never';
export type QueueRecordingSetting = 'always' | 'never';

export function shouldRecord(agent: AgentRecordingSetting, queue: QueueRecordingSetting | undefined): boolean {
  if (agent !== 'inherit') return agent === 'always';
  return queue === 'always';
}
