/**
 * Property tests of the IVR flow validator (what the flow editor's save goes through): whatever
 * JSON arrives, and whatever is done to the shipped flow — keys removed, values replaced by
 * other JSON, node ids renamed — validateFlow answers a result and never throws; every refusal
 * names a path and says why; and what it accepts, it accepts again.
 */
import test from 'ava';
import fc from 'fast-check';
import { validateFlow, parseFlow, FlowValidationError } from '../../src/ivr/engine/flow-validation.js';
import { mainFlowDefinition } from '../../src/ivr/flows/default-flows.js';
import { propertyRuns } from './runs.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Checks the shape of a result; throws (failing the property) on anything unexpected. */
function checkResult(input: unknown): boolean {
  const result = validateFlow(input);
  if (result.ok) {
    // Accepted once, accepted again: the output is itself a valid flow.
    const again = validateFlow(JSON.parse(JSON.stringify(result.flow)));
    if (!again.ok) throw new Error(`accepted flow refused on a second look: ${JSON.stringify(again.issues.slice(0, 2))}`);
    return true;
  }
  if (result.issues.length === 0) throw new Error('refused without an issue');
  for (const issue of result.issues) {
    if (typeof issue.path !== 'string' || typeof issue.field !== 'string' || typeof issue.message !== 'string' || issue.message.length === 0) {
      throw new Error(`issue without a path or message: ${JSON.stringify(issue)}`);
    }
  }
  try {
    parseFlow(input);
  } catch (error) {
    if (error instanceof FlowValidationError) return false;
    throw error;
  }
  throw new Error('parseFlow accepted what validateFlow refused');
}

const shipped = (): Json => JSON.parse(JSON.stringify(mainFlowDefinition())) as Json;

/** Every path to a value inside `value` (objects and arrays), the root excluded. */
function pathsOf(value: Json, base: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) value.forEach((v, i) => { out.push([...base, i]); pathsOf(v, [...base, i], out); });
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push([...base, k]); pathsOf(v, [...base, k], out); }
  return out;
}

const SHIPPED_PATHS = pathsOf(shipped());
const NODE_IDS = Object.keys(mainFlowDefinition().nodes);

/** Values that look like what an editor might put in a flow, or nothing like it. */
const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('@menu', '@back', '@repeat', 'no-such-node', '$auth.customerId', '$', '', 'x'.repeat(600), -1, 1e308, '08:00', '25:99', [], {}, null),
  fc.constantFrom(...NODE_IDS),
);

type Mutation = { kind: 'remove' | 'replace'; path: number; value: Json } | { kind: 'rename'; node: number; to: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), path: fc.nat(SHIPPED_PATHS.length - 1), value: fc.constant(null) }),
  fc.record({ kind: fc.constant('replace' as const), path: fc.nat(SHIPPED_PATHS.length - 1), value: replacement }),
  fc.record({ kind: fc.constant('rename' as const), node: fc.nat(NODE_IDS.length - 1), to: fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom(...NODE_IDS)) }),
);

function apply(flow: Json, m: Mutation): void {
  const root = flow as { nodes: Record<string, Json> };
  if (m.kind === 'rename') {
    // An earlier mutation may have removed or replaced the nodes themselves.
    if (root.nodes === null || typeof root.nodes !== 'object' || Array.isArray(root.nodes)) return;
    const id = NODE_IDS[m.node]!;
    const node = root.nodes[id];
    if (node === undefined) return;
    delete root.nodes[id];
    root.nodes[m.to] = node;
    return;
  }
  const path = SHIPPED_PATHS[m.path]!;
  let parent: Json = flow;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return;
    parent = (parent as Record<string | number, Json>)[key] as Json;
  }
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  const last = path.at(-1)!;
  if (m.kind === 'remove') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else delete (parent as Record<string, Json>)[last];
  } else {
    (parent as Record<string | number, Json>)[last] = m.value;
  }
}

test('positive control: the shipped flow is accepted', (t) => {
  t.true(validateFlow(shipped()).ok);
});

test('any JSON value is answered with a result, never a throw', (t) => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    checkResult(value);
    return true;
  }), propertyRuns(300));
  t.pass();
});

test('the shipped flow with keys removed, values replaced or nodes renamed: a result, never a throw', (t) => {
  let refused = 0;
  let runs = 0;
  fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
    const flow = shipped();
    for (const m of mutations) apply(flow, m);
    runs++;
    if (!checkResult(flow)) refused++;
    return true;
  }), propertyRuns(150));
  // The mutations did reach the validator's refusals (most break something).
  t.true(refused > runs / 4, `${refused} of ${runs} mutated flows refused`);
});

test('a flow whose start node is gone is refused, naming the start', (t) => {
  fc.assert(fc.property(fc.constantFrom(...NODE_IDS), (id) => {
    const flow = shipped() as { start: string; nodes: Record<string, Json> };
    flow.start = id;
    delete flow.nodes[id];
    const result = validateFlow(flow);
    return !result.ok && result.issues.some((i) => i.path === 'start' || i.field === 'start');
  }), propertyRuns(50));
  t.pass();
});
