/**
 * The shipped main flow, part 1: greeting, language choice (Mandarin by default, English on
 * key 2 or on the English service number), the main menu, agents (press 0; working hours;
 * queue outcomes), voice messages and goodbye.
 */
import type { Nodes } from './nodes.js';

export const mainNodes: Nodes = {
  welcome: { type: 'play', prompts: ['welcome'], next: 'language.check' },
  'language.check': {
    type: 'condition',
    comment: 'The language menu only on the Mandarin number, and only when the bank offers both languages.',
    branches: [
      {
        if: {
          all: [
            { var: '$call.dialLang', op: 'eq', value: 'zh' },
            { var: '$settings.languages.offered', op: 'has', value: 'en' },
            { var: '$settings.languages.offered', op: 'has', value: 'zh' },
          ],
        },
        next: 'language.menu',
      },
    ],
    else: 'main',
  },
  'language.menu': {
    type: 'menu',
    comment: 'Each offer in its own language; no key means Mandarin.',
    prompts: [{ id: 'lang.choose.zh', lang: 'zh' }, { id: 'lang.choose.en', lang: 'en' }],
    options: { '1': 'language.zh', '2': 'language.en' },
    timeoutMs: 4000,
    onTimeout: 'main',
    retries: 1,
    onFail: 'main',
    stack: false,
  },
  'language.zh': { type: 'language', lang: 'zh', next: 'main' },
  'language.en': { type: 'language', lang: 'en', next: 'main' },
  main: {
    type: 'menu',
    menu: 'menu.main',
    actions: {
      savings: 'savings.start',
      card: 'card.start',
      signed: 'signed.menu',
      corporate: 'corporate.login',
      payments: 'payments.start',
      info: 'info.menu',
      'fax-on-demand': 'fod.menu',
      voicemail: 'voicemail.message',
      agent: 'agent',
      repeat: '@repeat',
    },
    onFail: 'agent',
  },

  // --- agents ---
  agent: {
    type: 'route-time',
    comment: 'Agents answer 08:00-20:00 on working days, 09:00-17:00 on other days; a message otherwise.',
    open: [
      { days: 'workdays', from: '08:00', to: '20:00' },
      { days: 'non-workdays', from: '09:00', to: '17:00' },
    ],
    closedOnHolidays: false,
    inHours: 'agent.queue',
    outOfHours: 'agent.closed',
  },
  'agent.queue': {
    type: 'transfer',
    queue: 'general',
    data: {
      customerId: '$auth.customerId',
      customerClass: '$auth.customerClass',
      account: { mask: 'account', from: '$account' },
      language: '$call.lang',
    },
    onReturn: 'main',
    onUnavailable: 'agent.unavailable',
  },
  'agent.unavailable': {
    type: 'menu',
    intro: ['agent.no_answer'],
    menu: 'menu.queue',
    actions: { wait: 'agent.queue', voicemail: 'voicemail.no-answer', main: 'main' },
    retries: 1,
    onFail: 'goodbye',
    stack: false,
  },
  'agent.closed': { type: 'play', prompts: ['agent.off_hours'], bargeIn: false, next: 'voicemail.after-hours' },

  // --- voice messages ---
  'voicemail.after-hours': { type: 'voicemail', reason: 'after-hours', queue: 'general', next: 'goodbye' },
  'voicemail.no-answer': { type: 'voicemail', reason: 'no-answer', queue: 'general', next: 'goodbye' },
  'voicemail.message': { type: 'voicemail', reason: 'caller-choice', next: 'goodbye' },

  // --- shared messages ---
  'auth.locked': { type: 'play', prompts: ['auth.locked'], next: 'main' },
  'auth.restricted': { type: 'play', prompts: ['auth.account_restricted'], next: 'main' },
  'not-signed': { type: 'play', prompts: ['service.not_signed'], next: 'main' },
  goodbye: { type: 'hangup', prompts: ['goodbye'] },
};
