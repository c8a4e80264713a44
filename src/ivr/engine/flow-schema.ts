/**
 * What a flow is: JSON data, one object of named nodes, validated by these zod schemas (strict:
 * an unknown key is an error, so a typo in a node is refused at save instead of being ignored on
 * a call). The graph rules that zod cannot see -- targets that exist, prompt ids in the
 * catalog, secrets used only where they may be -- are in flow-validation.ts.
 *
 * Values in nodes:
 * - a string starting with `$` is a reference: `$auth.accounts.0.account`, `$call.calling`,
 *   `$settings.passwordChange`, `$today` (see expressions.ts); anything else is a literal;
 * - a target is a node id, or `@menu` (back to the menu the caller is in), or, in a menu's
 *   options only, `@back` (the menu before this one) and `@repeat` (this menu again).
 *
 * README.md next to this file lists every node type with an example.
 */
import { z } from 'zod';
import { businessCodes } from '../../gateway/business-codes.js';
import { operationNames, type OperationName } from '../../gateway/core-banking.js';

export const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const NodeId = z.string().regex(NODE_ID_PATTERN, 'a node id is a letter then letters, digits, _ . - (64 at most)');

export const SPECIAL_TARGETS = ['@menu', '@back', '@repeat'] as const;
export type SpecialTarget = (typeof SPECIAL_TARGETS)[number];
export const Target = z.union([NodeId, z.enum(SPECIAL_TARGETS)]);
export type Target = z.infer<typeof Target>;

export const REF_PATTERN = /^\$[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;
export const Ref = z.string().regex(REF_PATTERN, 'a reference is $name or $name.path.to.field');
export const VarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a variable name is letters, digits and _');

const Lang = z.enum(['zh', 'en']);
const Literal = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);

/** A value: a literal, a `$reference`, or a small computed form. */
export type Expr = string | number | boolean | null | { mask: 'account' | 'phone' | 'last4'; from: string } | { add: [Expr, Expr] };
export const Expr: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    Literal,
    z.strictObject({ mask: z.enum(['account', 'phone', 'last4']), from: Ref }),
    z.strictObject({ add: z.tuple([Expr, Expr]) }),
  ]),
);

// --- prompts --------------------------------------------------------------------------------

const CountUnit = z.enum(['transaction', 'hour', 'minute', 'second', 'day', 'month', 'year', 'caller', 'attempt', 'page']);
const From = z.union([Ref, z.string().max(64), z.number()]);

/** Something to say: a catalog prompt, possibly in another language, or a reading of a value. */
export const SayItem = z.discriminatedUnion('say', [
  z.strictObject({ say: z.literal('amount'), from: From, zheng: z.boolean().optional(), absolute: z.boolean().optional() }),
  z.strictObject({ say: z.literal('number'), from: From }),
  z.strictObject({ say: z.literal('count'), from: From, unit: CountUnit }),
  z.strictObject({ say: z.literal('ordinal'), from: From, unit: CountUnit.optional() }),
  z.strictObject({ say: z.literal('percent'), from: From }),
  /** Digit by digit; sensitive (masked in events, recordings paused) unless said otherwise. */
  z.strictObject({ say: z.literal('digits'), from: From, group: z.int().min(0).max(8).optional(), sensitive: z.boolean().optional() }),
  /** The last `count` digits of a number ("the account ending in ..."). */
  z.strictObject({ say: z.literal('last-digits'), from: From, count: z.int().min(1).max(6).default(4) }),
  z.strictObject({ say: z.literal('date'), from: From, weekday: z.boolean().optional(), year: z.boolean().optional() }),
  z.strictObject({ say: z.literal('time'), from: From }),
  z.strictObject({ say: z.literal('duration'), from: From }),
  z.strictObject({ say: z.literal('key'), from: From }),
  /** A list of core transactions: ordinal, date, kind, amount, balance after. */
  z.strictObject({ say: z.literal('transactions'), from: Ref }),
  /** Interest rates of one kind from an interestRates result's `rates`. */
  z.strictObject({ say: z.literal('interest-rates'), from: Ref, kind: z.enum(['demand', 'term', 'loan']) }),
  /** Buying and selling rate of one currency from an exchangeRates result's `rates`. */
  z.strictObject({ say: z.literal('exchange-rate'), from: Ref, currency: z.union([Ref, z.string().regex(/^[A-Z]{3}$/)]) }),
]);
export type SayItem = z.infer<typeof SayItem>;

export const PromptItem = z.union([
  z.string().min(1).max(64),
  z.strictObject({ id: z.string().min(1).max(64), lang: Lang }),
  SayItem,
]);
export type PromptItem = z.infer<typeof PromptItem>;
const Prompts = z.array(PromptItem).max(64);

// --- conditions ------------------------------------------------------------------------------

export const COMPARISONS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'exists', 'empty', 'has', 'in'] as const;
export type Condition =
  | { var: string; op: (typeof COMPARISONS)[number]; value?: Expr }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ var: Ref, op: z.enum(COMPARISONS), value: Expr.optional() }),
    z.strictObject({ all: z.array(Condition).min(1).max(16) }),
    z.strictObject({ any: z.array(Condition).min(1).max(16) }),
    z.strictObject({ not: Condition }),
  ]),
);

// --- nodes -----------------------------------------------------------------------------------

const comment = { comment: z.string().max(500).optional() };
const Millis = z.int().min(500).max(120_000);
const MenuKey = z.string().regex(/^[0-9*#]$/, 'a menu key is 0-9, * or #');

export const PlayNode = z.strictObject({
  type: z.literal('play'),
  prompts: Prompts.min(1),
  /** A key stops the prompts (and is kept for the next menu). Default true. */
  bargeIn: z.boolean().optional(),
  next: Target,
  ...comment,
});

export const MenuNode = z.strictObject({
  type: z.literal('menu'),
  /** A catalog menu (menus.ts): its sentence is played and `actions` map its actions to targets. */
  menu: z.string().min(1).max(64).optional(),
  actions: z.record(z.string().min(1).max(40), Target).optional(),
  /** Said before the menu sentence, every time (or the whole menu when there is no `menu`). */
  prompts: Prompts.optional(),
  /** Key -> target, for menus not from the catalog (or to add keys to one). */
  options: z.record(MenuKey, Target).optional(),
  /** Said only the first time the menu is offered. */
  intro: Prompts.optional(),
  /** Wrong keys or silences tolerated before `onFail`. Default 3. */
  retries: z.int().min(0).max(9).optional(),
  timeoutMs: Millis.optional(),
  invalidPrompts: Prompts.optional(),
  timeoutPrompts: Prompts.optional(),
  /** Go here on the first silence instead of asking again (e.g. a default language). */
  onTimeout: Target.optional(),
  /** After too many errors. Default: the flow's goodbye. */
  onFail: Target.optional(),
  /** A navigation level (default true); false for confirmations, which `@menu` skips over. */
  stack: z.boolean().optional(),
  ...comment,
});

export const INPUT_FORMATS = ['digits', 'amount', 'yuan', 'date', 'id-number'] as const;
export const CollectNode = z.strictObject({
  type: z.literal('collect'),
  prompts: Prompts.min(1),
  min: z.int().min(1).max(32).default(1),
  max: z.int().min(1).max(32),
  /** Ends the entry early; '' for none. Default '#'. */
  terminator: z.enum(['#', '*', '']).optional(),
  firstDigitTimeoutMs: Millis.optional(),
  interDigitTimeoutMs: Millis.optional(),
  /** Masked in every event and log, recordings paused while keying. */
  secure: z.boolean().default(false),
  /**
   * Kept only until sent to the core (then wiped), never said or copied. Default: the value
   * of `secure`. Set false for card/account numbers entered securely but needed again.
   */
  secret: z.boolean().optional(),
  into: VarName,
  /**
   * digits: as keyed; amount: yuan with * as the decimal point -> integer fen; yuan: whole yuan
   * -> fen; date: YYYYMMDD -> YYYY-MM-DD (a real date, not after today); id-number: a trailing
   * * is the letter X.
   */
  format: z.enum(INPUT_FORMATS).default('digits'),
  purpose: z.string().max(40).optional(),
  retries: z.int().min(0).max(9).optional(),
  invalidPrompts: Prompts.optional(),
  timeoutPrompts: Prompts.optional(),
  next: Target,
  onFail: Target.optional(),
  ...comment,
});

export const OUTCOME_KEYS = [...businessCodes, 'business', 'error', 'locked'] as const;
const OutcomeKey = z.enum(OUTCOME_KEYS);
export const ActionNode = z.strictObject({
  type: z.literal('action'),
  operation: z.enum(operationNames as [OperationName, ...OperationName[]]),
  args: z.record(z.string().min(1).max(40), Expr).default({}),
  /** Where the result goes (the whole `{ ok, ... }` object). */
  into: VarName.optional(),
  /**
   * Count wrong PINs/passwords of this card/account for telephone service: refused while
   * locked, counted on WRONG_PASSWORD, locked at the tenant's limit, cleared on success.
   */
  pinLock: z.strictObject({ kind: z.union([z.enum(['card', 'passbook', 'corporate', 'signed']), Ref]), subject: Ref }).optional(),
  next: Target,
  /** Business code, or `business` (any other refusal), `error` (core unreachable), `locked`. */
  on: z.partialRecord(OutcomeKey, Target).default({}),
  ...comment,
});

export const SetNode = z.strictObject({
  type: z.literal('set'),
  values: z.record(VarName, Expr),
  next: Target,
  ...comment,
});

export const ConditionNode = z.strictObject({
  type: z.literal('condition'),
  branches: z.array(z.strictObject({ if: Condition, next: Target })).min(1).max(32),
  else: Target,
  ...comment,
});

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time is HH:MM');
export const RouteTimeNode = z.strictObject({
  type: z.literal('route-time'),
  /** Open when any rule matches: day kind (or ISO weekdays 1-7) and [from, to). */
  open: z
    .array(
      z.strictObject({
        days: z.union([z.enum(['all', 'workdays', 'non-workdays']), z.array(z.int().min(1).max(7)).min(1)]),
        from: ClockTime,
        to: ClockTime,
      }),
    )
    .min(1)
    .max(16),
  /** Holidays are closed whatever the rules say (default true). */
  closedOnHolidays: z.boolean().optional(),
  inHours: Target,
  outOfHours: Target,
  ...comment,
});

const NumberPattern = z
  .string()
  .regex(/^(anonymous|[0-9X]{1,24}\*?)$/, 'a number pattern is digits, X for any digit, an optional trailing * for any rest, or "anonymous"');
export const RouteNumberNode = z.strictObject({
  type: z.literal('route-number'),
  by: z.enum(['calling', 'called']),
  rules: z.array(z.strictObject({ match: z.array(NumberPattern).min(1).max(200), next: Target })).min(1).max(64),
  else: Target,
  ...comment,
});

export const TransferNode = z.strictObject({
  type: z.literal('transfer'),
  queue: z.string().min(1).max(64),
  priority: z.int().min(0).max(100).optional(),
  /** For the agent's screen pop: never logged. Missing references are left out. */
  data: z.record(z.string().min(1).max(40), Expr).default({}),
  prompts: Prompts.optional(),
  /** Back to the IVR (the queue's max-wait action). Default: the flow's main menu. */
  onReturn: Target.optional(),
  /** No queue or no ACD. Default: say so and offer a message. */
  onUnavailable: Target.optional(),
  /** The queue asked for a message. Default: record one, then goodbye. */
  onVoicemail: Target.optional(),
  ...comment,
});

export const VOICEMAIL_REASONS = ['after-hours', 'all-busy', 'no-answer', 'caller-choice'] as const;
export const VoicemailNode = z.strictObject({
  type: z.literal('voicemail'),
  reason: z.enum(VOICEMAIL_REASONS),
  queue: z.string().min(1).max(64).optional(),
  next: Target.optional(),
  ...comment,
});

export const FaxDocumentSpec = z.discriminatedUnion('kind', [
  /** session: the caller's verified core-banking session (the fax module fetches the statement with it). */
  z.strictObject({ kind: z.literal('statement'), account: Ref, session: Ref.optional(), from: Ref.optional(), to: Ref.optional(), maxEntries: z.int().min(1).max(100).optional() }),
  z.strictObject({ kind: z.literal('document'), documentId: z.string().min(1).max(64) }),
]);
export const FaxNode = z.strictObject({
  type: z.literal('fax'),
  document: FaxDocumentSpec,
  /** Ask for a fax number (empty = this line). Default true. */
  askNumber: z.boolean().optional(),
  next: Target,
  onFail: Target.optional(),
  ...comment,
});

export const LanguageNode = z.strictObject({
  type: z.literal('language'),
  lang: Lang,
  next: Target,
  ...comment,
});

export const HangupNode = z.strictObject({
  type: z.literal('hangup'),
  prompts: Prompts.optional(),
  ...comment,
});

export const FlowNode = z.discriminatedUnion('type', [
  PlayNode,
  MenuNode,
  CollectNode,
  ActionNode,
  SetNode,
  ConditionNode,
  RouteTimeNode,
  RouteNumberNode,
  TransferNode,
  VoicemailNode,
  FaxNode,
  LanguageNode,
  HangupNode,
]);
export type FlowNode = z.infer<typeof FlowNode>;
export type NodeType = FlowNode['type'];
export type NodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>;

export const FlowDefinition = z.strictObject({
  description: z.string().max(500).optional(),
  start: NodeId,
  /** Where the engine sends callers on its own: main menu, agent, goodbye. */
  defaults: z
    .strictObject({ main: NodeId.optional(), agent: NodeId.optional(), goodbye: NodeId.optional() })
    .default({}),
  nodes: z.record(NodeId, FlowNode),
});
export type FlowDefinition = z.output<typeof FlowDefinition>;
export type FlowDefinitionInput = z.input<typeof FlowDefinition>;

export const FlowName = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'a flow name is lower-case letters, digits, _ and -');
