/** Node maps of the shipped flows are typed by the flow schema's input. */
import type { z } from 'zod';
import type { FlowNode } from '../engine/flow-schema.js';

export type Nodes = Record<string, z.input<typeof FlowNode>>;

/** "Wrong password; you have N attempts left." then `next`. */
export function wrongPassword(result: string, next: string, first: 'auth.password_wrong' | 'result.password.old_wrong' = 'auth.password_wrong'): z.input<typeof FlowNode> {
  return {
    type: 'play',
    prompts: [first, 'auth.attempts_left', { say: 'count', from: `${result}.attemptsLeft`, unit: 'attempt' }, 'auth.attempts_left.after'],
    next,
  };
}
