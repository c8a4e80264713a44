/**
 * Flow validation: the shipped flow is valid and maps every key of every catalog menu it uses;
 * each kind of mistake is refused naming the node and the field.
 */
import test from 'ava';
import { menuOptions, type PromptId } from '../../src/voice/prompts/index.js';
import { describeIssue, FlowValidationError, parseFlow, validateFlow, type FlowIssue } from '../../src/ivr/engine/flow-validation.js';
import { mainFlowDefinition, shippedFlow } from '../../src/ivr/flows/default-flows.js';

function issuesOf(definition: unknown): FlowIssue[] {
  const result = validateFlow(definition);
  if (result.ok) throw new Error('expected the flow to be refused');
  return result.issues;
}

function flowWith(nodes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { start: 'a', nodes: { bye: { type: 'hangup' }, ...nodes }, ...extra };
}

test('the shipped main flow is valid, and every catalog menu in it maps all of its keys', (t) => {
  const flow = parseFlow(mainFlowDefinition());
  t.true(Object.keys(flow.nodes).length > 100);
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.type !== 'menu' || !node.menu) continue;
    for (const option of menuOptions(node.menu as PromptId)) {
      t.truthy(node.actions?.[option.action], `${id}: ${node.menu} key ${option.key} (${option.action}) leads somewhere`);
    }
  }
  t.is(shippedFlow('main'), shippedFlow('main'), 'parsed once');
  t.is(shippedFlow('nothing'), undefined);
});

const cases: Array<[string, unknown, Omit<Partial<FlowIssue>, 'message'> & { message: RegExp }]> = [
  ['a target that is not a node', flowWith({ a: { type: 'play', prompts: ['welcome'], next: 'nowhere' } }), { node: 'a', field: 'next', message: /no node "nowhere"/ }],
  ['@back outside a menu', flowWith({ a: { type: 'play', prompts: ['welcome'], next: '@back' } }), { node: 'a', field: 'next', message: /only in a menu/ }],
  ['a prompt not in the catalog', flowWith({ a: { type: 'play', prompts: ['welcome', 'nope'], next: 'bye' } }), { node: 'a', field: 'prompts.1', message: /no prompt "nope"/ }],
  ['an action the catalog menu does not have', flowWith({ a: { type: 'menu', menu: 'menu.confirm', actions: { fly: 'bye' } } }), { node: 'a', field: 'actions.fly', message: /has no action "fly"/ }],
  ['a prompt that is not a menu used as one', flowWith({ a: { type: 'menu', menu: 'welcome', actions: { x: 'bye' } } }), { node: 'a', field: 'menu', message: /not a menu prompt/ }],
  ['a menu key that is not a key', flowWith({ a: { type: 'menu', prompts: ['menu.main'], options: { A: 'bye' } } }), { node: 'a', field: 'options.A', message: /a menu key is/ }],
  ['an unknown node type', flowWith({ a: { type: 'dance', next: 'bye' } }), { node: 'a', field: 'type', message: /discriminator|Invalid/ }],
  ['an unknown field', flowWith({ a: { type: 'play', prompts: ['welcome'], next: 'bye', colour: 'red' } }), { node: 'a', field: 'colour', message: /unknown field/ }],
  ['a missing field', flowWith({ a: { type: 'collect', prompts: ['enter.amount'], into: 'x', next: 'bye' } }), { node: 'a', field: 'max', message: /./ }],
  ['min above max', flowWith({ a: { type: 'collect', prompts: ['enter.amount'], min: 8, max: 6, into: 'x', next: 'bye' } }), { node: 'a', field: 'min', message: /more than max/ }],
  ['a reserved variable', flowWith({ a: { type: 'set', values: { settings: 1 }, next: 'bye' } }), { node: 'a', field: 'values.settings', message: /reserved/ }],
  ['an operation the core does not have', flowWith({ a: { type: 'action', operation: 'printMoney', next: 'bye' } }), { node: 'a', field: 'operation', message: /./ }],
  ['an outcome that is not a business code', flowWith({ a: { type: 'action', operation: 'balance', next: 'bye', on: { OOPS: 'bye' } } }), { node: 'a', field: 'on.OOPS', message: /unknown field/ }],
  ['closing before opening', flowWith({ a: { type: 'route-time', open: [{ days: 'all', from: '18:00', to: '08:00' }], inHours: 'bye', outOfHours: 'bye' } }), { node: 'a', field: 'open.0.to', message: /must be after/ }],
  ['a bad number pattern', flowWith({ a: { type: 'route-number', by: 'calling', rules: [{ match: ['13x'], next: 'bye' }], else: 'bye' } }), { node: 'a', field: 'rules.0.match.0', message: /number pattern/ }],
  ['a bad reference', flowWith({ a: { type: 'play', prompts: [{ say: 'amount', from: { x: 1 } }], next: 'bye' } }), { node: 'a', field: 'prompts.0.from', message: /expected string/ }],
  ['a missing start node', { start: 'zz', nodes: { bye: { type: 'hangup' } } }, { field: 'start', message: /no node "zz"/ }],
  ['defaults that point nowhere', flowWith({ a: { type: 'hangup' } }, { defaults: { agent: 'ghost' } }), { field: 'defaults.agent', message: /no node "ghost"/ }],
  ['a bad node id', { start: 'a', nodes: { a: { type: 'hangup' }, '9x': { type: 'hangup' } } }, { node: '9x', field: '(node)', message: /a node id is/ }],
];

for (const [what, definition, expected] of cases) {
  test(`refused: ${what}`, (t) => {
    const issues = issuesOf(definition);
    const found = issues.find((i) => (expected.node === undefined || i.node === expected.node) && (expected.field === undefined || i.field === expected.field));
    t.truthy(found, JSON.stringify(issues));
    t.regex(found!.message, expected.message);
    if (expected.node && expected.field !== '(node)') t.is(found!.path, `nodes.${expected.node}.${expected.field}`);
  });
}

const secretFlow = (use: Record<string, unknown>) =>
  flowWith({
    a: { type: 'collect', prompts: ['enter.card_pin'], min: 6, max: 6, secure: true, into: 'pin', next: 'b' },
    b: { type: 'collect', prompts: ['enter.card_pin'], min: 6, max: 6, secure: true, into: 'pin2', next: 'use' },
    use,
  });

test('secrets may be sent to the core and compared with each other, nothing else', (t) => {
  t.true(validateFlow(secretFlow({ type: 'action', operation: 'verifyCard', args: { cardNumber: '6222020000000001', pin: '$pin' }, next: 'bye' })).ok);
  t.true(validateFlow(secretFlow({ type: 'condition', branches: [{ if: { var: '$pin', op: 'eq', value: '$pin2' }, next: 'bye' }], else: 'bye' })).ok);
  t.true(validateFlow(secretFlow({ type: 'condition', branches: [{ if: { var: '$pin', op: 'exists' }, next: 'bye' }], else: 'bye' })).ok);
  const refused: Array<[Record<string, unknown>, string]> = [
    [{ type: 'play', prompts: [{ say: 'digits', from: '$pin' }], next: 'bye' }, 'prompts.0.from'],
    [{ type: 'set', values: { copy: '$pin' }, next: 'bye' }, 'values.copy'],
    [{ type: 'set', values: { copy: { mask: 'last4', from: '$pin' } }, next: 'bye' }, 'values.copy.from'],
    [{ type: 'condition', branches: [{ if: { var: '$pin', op: 'eq', value: '123456' }, next: 'bye' }], else: 'bye' }, 'branches.0.if.var'],
    [{ type: 'transfer', queue: 'q', data: { pin: '$pin' } }, 'data.pin'],
    [{ type: 'set', values: { pin: 'x' }, next: 'bye' }, 'values.pin'],
  ];
  for (const [node, field] of refused) {
    const issues = issuesOf(secretFlow(node));
    t.true(issues.some((i) => i.node === 'use' && i.field === field && /secret/.test(i.message)), `${field}: ${JSON.stringify(issues)}`);
  }
  const notSecure = issuesOf(flowWith({ a: { type: 'collect', prompts: ['enter.card_pin'], max: 6, secret: true, into: 'pin', next: 'bye' } }));
  t.true(notSecure.some((i) => i.field === 'secret'));
});

test('errors read as node and field; parseFlow throws them all', (t) => {
  const definition = flowWith({ a: { type: 'play', prompts: ['nope'], next: 'nowhere' } });
  const error = t.throws(() => parseFlow(definition), { instanceOf: FlowValidationError });
  t.is(error!.issues.length, 2);
  t.is(describeIssue(error!.issues[0]!), 'node "a", field "prompts.0": no prompt "nope" in the catalog');
  t.true(error!.message.startsWith('invalid flow: node "a"'));
});
