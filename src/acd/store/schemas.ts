/**
 * The ACD's stored objects as the API and the store see them: a queue (the core's settings plus
 * how its calls are handled live), an agent with the phone it answers on, an entry point
 * (routing rules choosing a queue) and the tenant's working-day calendar. Schemas refuse unknown
 * keys; defaults are filled the same way for rows read back and for bodies sent in.
 */
import { z } from 'zod';
import { membershipSchema, queueConfigSchema } from '../model.js';
import { routingRuleSchema } from '../queue-selector.js';
import { weekdayOf } from '../../calendar/work-calendar.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - (not first)');
const dtmfKey = z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #');

/** How the live ACD treats a queue's calls, beside the core's distribution settings. */
export const queueSettingsSchema = z.strictObject({
  /** Record agent calls of this queue (an agent's own setting may override). */
  recording: z.enum(['always', 'never']).default('always'),
  /** Keys a waiting caller may press; a key left out does nothing. Defaults follow menu.queue. */
  keys: z
    .strictObject({
      /** Ask to be called back on the calling number, keeping the place in line. */
      callback: dtmfKey.optional(),
      /** Leave the queue to record a message. */
      voicemail: dtmfKey.optional(),
      /** Leave the queue, back to the menu. */
      ivr: dtmfKey.optional(),
    })
    .prefault({ callback: '3', voicemail: '2', ivr: '*' }),
  /** When the agent hangs up first, the caller goes to the satisfaction survey. */
  surveyAfterCall: z.boolean().default(false),
});
export type QueueSettings = z.infer<typeof queueSettingsSchema>;

/** A queue: the core's configuration (queueConfigSchema) and the live settings. */
export const queueInputSchema = queueConfigSchema.extend({ id, settings: queueSettingsSchema.prefault({}) });
export type QueueInput = z.input<typeof queueInputSchema>;
export type QueueRecord = z.infer<typeof queueInputSchema>;
export const queueUpdateSchema = queueInputSchema.omit({ id: true });

/**
 * An agent's phone: B-channel `timeslot` (1–15, 17–31) of station span `station` — the
 * station-th span of the card that carries agents' phones (virtual card: the station-th
 * simulated phone span; hardware: the station-th of card.dahdiStationSpans, an E1 to the bank's
 * PBX or phone concentrator). The bank acts as the network side and rings the extension on that
 * B-channel: SETUP with called number = the extension, channel = timeslot (exclusive).
 */
export const phoneSchema = z.strictObject({
  station: z.number().int().min(0).max(15),
  timeslot: z
    .number()
    .int()
    .min(1)
    .max(31)
    .refine((ts) => ts !== 16, 'timeslot 16 is the D-channel'),
});
export type AgentPhone = z.infer<typeof phoneSchema>;

export const agentInputSchema = z.strictObject({
  id,
  name: z.string().min(1).max(128),
  extension: z.string().regex(/^[0-9]{2,8}$/, '2–8 digits'),
  phone: phoneSchema,
  /** skill name → level 1–10 */
  skills: z.record(z.string().min(1).max(64), z.number().int().min(1).max(10)).default({}),
  team: z.string().max(64).default(''),
  city: z.string().max(64).default(''),
  queues: z.array(membershipSchema).default([]),
  /** Overrides the queue's recording setting for this agent's calls. */
  recording: z.enum(['inherit', 'always', 'never']).default('inherit'),
});
export type AgentInput = z.input<typeof agentInputSchema>;
export type AgentRecord = z.infer<typeof agentInputSchema>;
export const agentUpdateSchema = agentInputSchema.omit({ id: true });

/**
 * An entry point: what a dial-plan queue target or the IVR's "press 0" names when the queue
 * depends on who calls, which number they called and when. Rules are tried in order; the
 * first whose every condition holds chooses the queue (and may raise the caller's priority).
 */
export const entryPointInputSchema = z.strictObject({
  id,
  defaultQueueId: id,
  rules: z.array(routingRuleSchema).max(200).default([]),
});
export type EntryPointInput = z.input<typeof entryPointInputSchema>;
export type EntryPointRecord = z.infer<typeof entryPointInputSchema>;
export const entryPointUpdateSchema = entryPointInputSchema.omit({ id: true });

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Working days and holidays (法定节假日 and the weekend days worked instead, 调休). */
export const calendarSchema = z.strictObject({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone')
    .default('Asia/Shanghai'),
  weekend: z.array(z.number().int().min(0).max(6)).max(7).default([0, 6]),
  holidays: z.array(z.strictObject({ date, name: z.string().max(64).default('') })).max(400).default([]),
  workingDays: z
    .array(z.strictObject({ date, name: z.string().max(64).default('') }))
    .max(400)
    .default([])
    .describe('make-up working days (调休上班): weekend days that are working days'),
}).superRefine((calendar, ctx) => {
  // A make-up working day turns a weekend day into a working day: on a weekday, or on a
  // holiday as well, it would mean nothing or contradict itself.
  const holidays = new Set(calendar.holidays.map((d) => d.date));
  calendar.workingDays.forEach((day, i) => {
    if (!calendar.weekend.includes(weekdayOf(day.date))) ctx.addIssue({ code: 'custom', path: ['workingDays', i, 'date'], message: `${day.date} is not a weekend day: a make-up working day must fall on the weekend` });
    if (holidays.has(day.date)) ctx.addIssue({ code: 'custom', path: ['workingDays', i, 'date'], message: `${day.date} is also listed as a holiday` });
  });
});
export type CalendarInput = z.input<typeof calendarSchema>;
export type CalendarRecord = z.infer<typeof calendarSchema>;

export { id as acdIdSchema };
