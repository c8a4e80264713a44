/**
 * The shipped main flow, part 5: information services (seed 1.5 (四): interest rates, exchange
 * rates, introductions of the bank's services) and fax on demand (documents chosen by key).
 */
import type { Nodes } from './nodes.js';

const CURRENCIES = ['USD', 'EUR', 'JPY', 'HKD', 'GBP', 'AUD', 'CAD', 'CHF', 'SGD'] as const;

function fxNodes(): Nodes {
  const out: Nodes = {};
  for (const c of CURRENCIES) out[`info.fx.${c.toLowerCase()}`] = { type: 'set', values: { currency: c }, next: 'info.fx.query' };
  return out;
}

function faxDocument(id: string): Nodes[string] {
  return { type: 'fax', document: { kind: 'document', documentId: id }, next: '@menu' };
}

export const infoNodes: Nodes = {
  'info.menu': {
    type: 'menu',
    menu: 'menu.info',
    actions: { 'interest-rates': 'info.rates', 'exchange-rates': 'info.fx', introductions: 'info.intro', agent: 'agent', back: '@back', repeat: '@repeat' },
  },
  'info.rates': {
    type: 'menu',
    menu: 'menu.info.rates',
    actions: { demand: 'info.rates.demand', term: 'info.rates.term', loan: 'info.rates.loan', back: '@back', repeat: '@repeat' },
  },
  'info.rates.demand': { type: 'action', operation: 'interestRates', into: 'rates', next: 'info.rates.demand.say' },
  'info.rates.demand.say': { type: 'play', prompts: ['rate.intro', { say: 'interest-rates', from: '$rates.rates', kind: 'demand' }], next: '@menu' },
  'info.rates.term': { type: 'action', operation: 'interestRates', into: 'rates', next: 'info.rates.term.say' },
  'info.rates.term.say': { type: 'play', prompts: ['rate.intro', { say: 'interest-rates', from: '$rates.rates', kind: 'term' }], next: '@menu' },
  'info.rates.loan': { type: 'action', operation: 'interestRates', into: 'rates', next: 'info.rates.loan.say' },
  'info.rates.loan.say': { type: 'play', prompts: ['rate.loan_intro', { say: 'interest-rates', from: '$rates.rates', kind: 'loan' }], next: '@menu' },
  'info.fx': {
    type: 'menu',
    menu: 'menu.info.fx',
    actions: {
      ...Object.fromEntries(CURRENCIES.map((c) => [c, `info.fx.${c.toLowerCase()}`])),
      back: '@back',
      repeat: '@repeat',
    },
  },
  ...fxNodes(),
  'info.fx.query': { type: 'action', operation: 'exchangeRates', into: 'fx', next: 'info.fx.say' },
  'info.fx.say': { type: 'play', prompts: ['fx.intro', { say: 'exchange-rate', from: '$fx.rates', currency: '$currency' }], next: '@menu' },
  'info.intro': {
    type: 'menu',
    menu: 'menu.info.intro',
    actions: {
      savings: 'info.intro.savings',
      card: 'info.intro.card',
      'phone-banking': 'info.intro.phone-banking',
      payments: 'info.intro.payments',
      back: '@back',
      repeat: '@repeat',
    },
  },
  'info.intro.savings': { type: 'play', prompts: ['intro.savings'], next: '@menu' },
  'info.intro.card': { type: 'play', prompts: ['intro.card'], next: '@menu' },
  'info.intro.phone-banking': { type: 'play', prompts: ['intro.phone_banking'], next: '@menu' },
  'info.intro.payments': { type: 'play', prompts: ['intro.payments'], next: '@menu' },

  // --- fax on demand ---
  'fod.menu': {
    type: 'menu',
    menu: 'menu.fax',
    actions: {
      'deposit-rates': 'fod.deposit-rates',
      'loan-rates': 'fod.loan-rates',
      'fx-rates': 'fod.fx-rates',
      fees: 'fod.fees',
      forms: 'fod.forms',
      back: '@back',
      repeat: '@repeat',
    },
  },
  'fod.deposit-rates': faxDocument('deposit-rates'),
  'fod.loan-rates': faxDocument('loan-rates'),
  'fod.fx-rates': faxDocument('fx-rates'),
  'fod.fees': faxDocument('fees'),
  'fod.forms': faxDocument('forms'),
};
