/**
 * Chooses the queue for a call (the seed's 主叫路由, 被叫路由, 作息时间路由, 节假日路由): rules are
 * data, tried in order, the first whose every condition holds wins; otherwise the default
 * queue. A rule may also raise the caller's priority (a VIP number list). Busy, no-answer and
 * overflow routing happen later, inside the queue (see the queue configuration).
 */
import { z } from 'zod';
import type { WorkCalendar } from '../calendar/work-calendar.js';
import { parseOrThrow } from './model.js';

const numberMatchSchema = z
  .strictObject({
    exact: z.array(z.string().min(1).max(32)).default([]),
    prefix: z.array(z.string().min(1).max(32)).default([]),
  })
  .refine((m) => m.exact.length + m.prefix.length > 0, 'give at least one exact number or prefix');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

export const routingRuleSchema = z.strictObject({
  id: z.string().min(1).max(64),
  queueId: z.string().min(1).max(64),
  enabled: z.boolean().default(true),
  /** Priority given to the caller when this rule matches (e.g. 10 for a VIP list). */
  priority: z.number().int().min(0).max(100).optional(),
  callingNumber: numberMatchSchema.optional(),
  calledNumber: numberMatchSchema.optional(),
  /** Local time windows [from, to); a window with from > to runs over midnight. */
  timeOfDay: z.array(z.strictObject({ from: clock, to: clock })).min(1).optional(),
  /** Which days: working days, non-working days (weekends and holidays), holidays only, any. */
  days: z.enum(['any', 'working', 'non_working', 'holiday']).default('any'),
  /** Restrict to weekdays (0 = Sunday … 6 = Saturday). */
  weekdays: z.array(z.number().int().min(0).max(6)).min(1).optional(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type RoutingRuleInput = z.input<typeof routingRuleSchema>;

export const queueSelectorConfigSchema = z.strictObject({
  defaultQueueId: z.string().min(1).max(64),
  rules: z.array(routingRuleSchema).default([]),
});
export type QueueSelectorConfigInput = z.input<typeof queueSelectorConfigSchema>;

export interface CallFacts {
  callingNumber: string;
  calledNumber: string;
  /** ms; the time the call arrived. */
  at: number;
}

export interface QueueSelection {
  queueId: string;
  /** The rule that matched; undefined for the default queue. */
  ruleId: string | undefined;
  priority: number | undefined;
}

interface CompiledNumberMatch {
  exact: ReadonlySet<string>;
  prefix: readonly string[];
}

interface CompiledRule {
  rule: RoutingRule;
  calling: CompiledNumberMatch | undefined;
  called: CompiledNumberMatch | undefined;
  windows: ReadonlyArray<{ from: number; to: number }> | undefined;
}

function compileNumbers(m: { exact: string[]; prefix: string[] } | undefined): CompiledNumberMatch | undefined {
  return m ? { exact: new Set(m.exact), prefix: m.prefix } : undefined;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function numberMatches(match: CompiledNumberMatch | undefined, number: string): boolean {
  if (!match) return true;
  if (match.exact.has(number)) return true;
  return match.prefix.some((p) => number.startsWith(p));
}

export class QueueSelector {
  private readonly defaultQueueId: string;
  private readonly rules: readonly CompiledRule[];

  constructor(
    config: QueueSelectorConfigInput,
    private readonly calendar: WorkCalendar,
  ) {
    const parsed = parseOrThrow(queueSelectorConfigSchema, config, 'queue selector');
    this.defaultQueueId = parsed.defaultQueueId;
    this.rules = parsed.rules
      .filter((rule) => rule.enabled)
      .map((rule) => ({
        rule,
        calling: compileNumbers(rule.callingNumber),
        called: compileNumbers(rule.calledNumber),
        windows: rule.timeOfDay?.map((w) => ({ from: minutes(w.from), to: minutes(w.to) })),
      }));
  }

  /** Every queue a rule or the default can choose, for the caller to check they exist. */
  queueIds(): string[] {
    return [...new Set([this.defaultQueueId, ...this.rules.map((r) => r.rule.queueId)])];
  }

  select(call: CallFacts): QueueSelection {
    const local = this.calendar.localTime(call.at);
    for (const compiled of this.rules) {
      if (this.matches(compiled, call, local.date, local.weekday, local.minuteOfDay)) {
        return { queueId: compiled.rule.queueId, ruleId: compiled.rule.id, priority: compiled.rule.priority };
      }
    }
    return { queueId: this.defaultQueueId, ruleId: undefined, priority: undefined };
  }

  private matches(compiled: CompiledRule, call: CallFacts, date: string, weekday: number, minuteOfDay: number): boolean {
    const { rule } = compiled;
    if (!numberMatches(compiled.calling, call.callingNumber)) return false;
    if (!numberMatches(compiled.called, call.calledNumber)) return false;
    if (rule.weekdays && !rule.weekdays.includes(weekday)) return false;
    switch (rule.days) {
      case 'working':
        if (!this.calendar.isWorkingDay(date)) return false;
        break;
      case 'non_working':
        if (this.calendar.isWorkingDay(date)) return false;
        break;
      case 'holiday':
        if (!this.calendar.isHoliday(date)) return false;
        break;
      case 'any':
        break;
    }
    if (compiled.windows) {
      const inside = compiled.windows.some((w) =>
        w.from <= w.to ? minuteOfDay >= w.from && minuteOfDay < w.to : minuteOfDay >= w.from || minuteOfDay < w.to,
      );
      if (!inside) return false;
    }
    return true;
  }
}
