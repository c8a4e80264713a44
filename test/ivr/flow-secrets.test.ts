/**
 * A flow cannot read a PIN: a secret (a secure collect) goes to a core action as it is, or is
 * compared with another secret; inside any computed value (add, mask), at any depth, in any
 * node, the validator refuses it and run time will not evaluate it.
 */
import test from 'ava';
import { validateFlow, type FlowIssue } from '../../src/ivr/engine/flow-validation.js';
import { evaluate, test as testCondition, type Scope } from '../../src/ivr/engine/expressions.js';

const secretFlow = (use: Record<string, unknown>) => ({
  start: 'a',
  nodes: {
    bye: { type: 'hangup' },
    a: { type: 'collect', prompts: ['enter.card_pin'], min: 6, max: 6, secure: true, into: 'pin', next: 'use' },
    use,
  },
});

function issuesOf(definition: unknown): FlowIssue[] {
  const result = validateFlow(definition);
  return result.ok ? [] : result.issues;
}

test('a secret inside a computed value is refused wherever it is', (t) => {
  const add = { add: ['$pin', 0] };
  const last4 = { mask: 'last4', from: '$pin' };
  const deep = { add: [{ add: [0, { add: ['$pin', 1] }] }, 0] };
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['condition value: add', { type: 'condition', branches: [{ if: { var: '$call.calling', op: 'eq', value: add }, next: 'bye' }], else: 'bye' }, 'branches.0.if.value.add.0'],
    ['condition value: mask', { type: 'condition', branches: [{ if: { var: '$call.calling', op: 'eq', value: last4 }, next: 'bye' }], else: 'bye' }, 'branches.0.if.value.from'],
    ['nested condition value', { type: 'condition', branches: [{ if: { not: { any: [{ var: '$call.calling', op: 'gt', value: deep }] } }, next: 'bye' }], else: 'bye' }, 'branches.0.if.not.any.0.value.add.0.add.1.add.0'],
    ['set: deep add', { type: 'set', values: { x: deep }, next: 'bye' }, 'values.x.add.0.add.1.add.0'],
    ['transfer data: mask', { type: 'transfer', queue: 'q', data: { tail: last4 } }, 'data.tail.from'],
    ['core action argument: masked', { type: 'action', operation: 'verifyCard', args: { cardNumber: last4, pin: '$pin' }, next: 'bye' }, 'args.cardNumber.from'],
    ['core action argument: summed', { type: 'action', operation: 'verifyCard', args: { cardNumber: '6222020000000001', pin: add }, next: 'bye' }, 'args.pin.add.0'],
    ['PIN-lock subject', { type: 'action', operation: 'verifyCard', args: { cardNumber: '6222020000000001', pin: '$pin' }, pinLock: { kind: 'card', subject: '$pin' }, next: 'bye' }, 'pinLock.subject'],
  ];
  for (const [what, node, field] of refused) {
    const issues = issuesOf(secretFlow(node));
    t.true(issues.some((i) => i.node === 'use' && i.field === field && /secret/.test(i.message)), `${what}: ${JSON.stringify(issues)}`);
  }
  // Sent as it is to the core, or compared with itself: still allowed.
  t.deepEqual(issuesOf(secretFlow({ type: 'action', operation: 'verifyCard', args: { cardNumber: '6222020000000001', pin: '$pin' }, next: 'bye' })), []);
  t.deepEqual(issuesOf(secretFlow({ type: 'condition', branches: [{ if: { var: '$pin', op: 'exists' }, next: 'bye' }], else: 'bye' })), []);
});

test('run time evaluates no secret inside a computed value, even where secrets are allowed', (t) => {
  const scope: Scope = { vars: new Map(), secrets: new Map([['pin', '123456']]) } as unknown as Scope;
  t.is(evaluate('$pin', scope, { allowSecrets: true }), '123456', 'as it is, to the core');
  t.throws(() => evaluate({ add: ['$pin', 0] }, scope, { allowSecrets: true }), { message: /secret/ });
  t.throws(() => evaluate({ mask: 'last4', from: '$pin' }, scope, { allowSecrets: true }), { message: /secret/ });
  t.throws(() => testCondition({ var: '$pin', op: 'eq', value: { add: ['$pin', 0] } }, scope), { message: /secret/ });
  t.true(testCondition({ var: '$pin', op: 'eq', value: '$pin' }, scope));
});
