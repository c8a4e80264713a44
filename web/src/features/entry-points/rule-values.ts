/**
 * Routing rules between the API and the rule editor's form: the form always holds every field
 * (empty lists, no priority); the API gets only the conditions that are set, so an empty number
 * list is "any number" rather than a rule the server refuses.
 */
import type { ResponseOf } from '../../api/types.js';

export type EntryPoint = ResponseOf<'/api/v1/acd/entry-points', 'get'>['items'][number];
export type RoutingRule = EntryPoint['rules'][number];
export type DayKind = NonNullable<RoutingRule['days']>;
export const DAY_KINDS: DayKind[] = ['any', 'working', 'non_working', 'holiday'];

interface NumberMatchValues {
  exact: string[];
  prefix: string[];
}

export interface RuleValues {
  id: string;
  queueId: string;
  enabled: boolean;
  priority: number | null;
  days: DayKind;
  weekdays: number[];
  callingNumber: NumberMatchValues;
  calledNumber: NumberMatchValues;
  timeOfDay: Array<{ from: string; to: string }>;
}

export function newRule(index: number, queueId: string | undefined): RuleValues {
  return { id: `rule-${index + 1}`, queueId: queueId ?? '', enabled: true, priority: null, days: 'any', weekdays: [], callingNumber: { exact: [], prefix: [] }, calledNumber: { exact: [], prefix: [] }, timeOfDay: [] };
}

export function ruleToValues(rule: RoutingRule): RuleValues {
  return {
    id: rule.id,
    queueId: rule.queueId,
    enabled: rule.enabled ?? true,
    priority: rule.priority ?? null,
    days: rule.days ?? 'any',
    weekdays: rule.weekdays ?? [],
    callingNumber: { exact: rule.callingNumber?.exact ?? [], prefix: rule.callingNumber?.prefix ?? [] },
    calledNumber: { exact: rule.calledNumber?.exact ?? [], prefix: rule.calledNumber?.prefix ?? [] },
    timeOfDay: rule.timeOfDay ?? [],
  };
}

function numberMatch(m: NumberMatchValues | undefined): NumberMatchValues | undefined {
  const exact = m?.exact ?? [];
  const prefix = m?.prefix ?? [];
  return exact.length + prefix.length > 0 ? { exact, prefix } : undefined;
}

/** Only the set conditions; list positions stay as in the form so the server's paths point at the right fields. */
export function valuesToRule(v: RuleValues): RoutingRule {
  const calling = numberMatch(v.callingNumber);
  const called = numberMatch(v.calledNumber);
  return {
    id: v.id,
    queueId: v.queueId,
    enabled: v.enabled,
    days: v.days,
    ...(v.priority !== null && v.priority !== undefined ? { priority: v.priority } : {}),
    ...(v.weekdays?.length ? { weekdays: v.weekdays } : {}),
    ...(calling ? { callingNumber: calling } : {}),
    ...(called ? { calledNumber: called } : {}),
    ...(v.timeOfDay?.length ? { timeOfDay: v.timeOfDay } : {}),
  };
}
