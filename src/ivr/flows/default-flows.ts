/**
 * The flows shipped with the product. `main` covers every function of the requirements
 * ("Self-service banking IVR", seed 1.5): language choice, passbook and card customers,
 * signed personal customers (transfer, loss report without ID), corporate customers,
 * intermediary payments, information services, fax on demand, voice messages and agents on 0.
 *
 * A data migration stores them as version 1 of the default bank's flows, which the bank then
 * edits like any other; a tenant without a stored flow of a name gets the shipped one.
 */
import type { FlowDefinition, FlowDefinitionInput } from '../engine/flow-schema.js';
import { parseFlow } from '../engine/flow-validation.js';
import { corporateNodes } from './corporate-nodes.js';
import { infoNodes } from './info-nodes.js';
import { mainNodes } from './main-nodes.js';
import { paymentNodes } from './payment-nodes.js';
import { personalNodes } from './personal-nodes.js';

export function mainFlowDefinition(): FlowDefinitionInput {
  return {
    description: 'Telephone banking: language, passbook, card, signed and corporate customers, payments, information, fax on demand, messages, agents.',
    start: 'welcome',
    defaults: { main: 'main', agent: 'agent', goodbye: 'goodbye' },
    nodes: { ...mainNodes, ...personalNodes, ...corporateNodes, ...paymentNodes, ...infoNodes },
  };
}

const SHIPPED: Record<string, () => FlowDefinitionInput> = { main: mainFlowDefinition };
export const SHIPPED_FLOW_NAMES = Object.keys(SHIPPED);

const parsed = new Map<string, FlowDefinition>();

/** A shipped flow, validated (once), or undefined for a name the product does not ship. */
export function shippedFlow(name: string): FlowDefinition | undefined {
  const make = SHIPPED[name];
  if (!make) return undefined;
  let flow = parsed.get(name);
  if (!flow) {
    flow = parseFlow(make());
    parsed.set(name, flow);
  }
  return flow;
}
