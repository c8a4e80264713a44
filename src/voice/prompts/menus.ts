// The menus of the default banking flows. Each menu's sentence is rendered
// from its options (entry.ts), so a flow reads the keys and actions from here
// instead of repeating them. Conventions across menus: 0 = agent, * = back to
// the previous menu, # = hear the menu again (# ends digit entry elsewhere, but
// a menu takes one key).

import { menu, type MenuOption } from './entry.js';

const AGENT: MenuOption = { key: '0', action: 'agent', zh: '人工服务', en: 'To speak to an agent' };
const BACK: MenuOption = { key: '*', action: 'back', zh: '返回上级菜单', en: 'To return to the previous menu' };
const REPEAT: MenuOption = { key: '#', action: 'repeat', zh: '重听', en: 'To hear these options again' };

// Account functions shared by passbook, card and corporate menus.
const BALANCE: MenuOption = { key: '1', action: 'balance', zh: '查询余额', en: 'For your balance' };
const RECENT: MenuOption = { key: '2', action: 'recent', zh: '查询近日明细', en: 'For your recent transactions' };
const BY_DATE: MenuOption = { key: '3', action: 'by-date', zh: '按日期查询明细', en: 'For transactions from a date' };
const FAX_STATEMENT: MenuOption = { key: '4', action: 'fax-statement', zh: '传真对账单', en: 'To receive a statement by fax' };

export const MENUS = [
  menu('menu.main', [
    { key: '1', action: 'savings', zh: '储蓄存折业务', en: 'For passbook savings accounts' },
    { key: '2', action: 'card', zh: '银行卡业务', en: 'For bank cards' },
    { key: '3', action: 'signed', zh: '签约个人客户服务', en: 'For contracted personal customers' },
    { key: '4', action: 'corporate', zh: '单位客户服务', en: 'For corporate customers' },
    { key: '5', action: 'payments', zh: '代缴费业务', en: 'To pay bills' },
    { key: '6', action: 'info', zh: '利率、汇率和业务介绍', en: 'For interest rates, exchange rates and information about our services' },
    { key: '7', action: 'fax-on-demand', zh: '传真索取资料', en: 'To receive documents by fax' },
    { key: '8', action: 'voicemail', zh: '留言', en: 'To leave a message' },
    { key: '0', action: 'agent', zh: '业务咨询和投诉', en: 'For enquiries and complaints' },
    REPEAT,
  ]),
  menu('menu.savings', [
    BALANCE,
    RECENT,
    BY_DATE,
    FAX_STATEMENT,
    { key: '5', action: 'change-password', zh: '修改密码', en: 'To change your password' },
    { key: '6', action: 'loss-report', zh: '口头挂失', en: 'To report a lost passbook' },
    { key: '7', action: 'help', zh: '操作帮助', en: 'For help' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  menu('menu.card', [
    BALANCE,
    RECENT,
    BY_DATE,
    FAX_STATEMENT,
    { key: '5', action: 'change-password', zh: '修改密码', en: 'To change your PIN' },
    { key: '6', action: 'loss-report', zh: '口头挂失', en: 'To report a lost card' },
    { key: '7', action: 'help', zh: '操作帮助', en: 'For help' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  // Contracted personal customers: the same functions, plus card-to-card
  // transfer and bill payment (which only contracted customers may use).
  menu('menu.signed', [
    { key: '1', action: 'savings', zh: '储蓄存折业务', en: 'For passbook savings accounts' },
    { key: '2', action: 'card', zh: '银行卡业务', en: 'For bank cards' },
    { key: '3', action: 'payments', zh: '代缴费业务', en: 'To pay bills' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  menu('menu.signed.card', [
    BALANCE,
    RECENT,
    BY_DATE,
    FAX_STATEMENT,
    { key: '5', action: 'change-password', zh: '修改密码', en: 'To change your PIN' },
    { key: '6', action: 'loss-report', zh: '口头挂失', en: 'To report a lost card' },
    { key: '7', action: 'transfer', zh: '卡卡转账', en: 'To transfer to another card' },
    { key: '8', action: 'help', zh: '操作帮助', en: 'For help' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  menu('menu.corporate', [
    BALANCE,
    RECENT,
    BY_DATE,
    FAX_STATEMENT,
    { key: '5', action: 'change-password', zh: '修改查询密码', en: 'To change your query password' },
    { key: '6', action: 'by-amount', zh: '按金额查询明细', en: 'To find transactions by amount' },
    { key: '7', action: 'transfer', zh: '转账', en: 'To make a transfer' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  menu('menu.payments', [
    { key: '1', action: 'phone-bill', zh: '代缴固定电话费', en: 'To pay a fixed-line phone bill' },
    { key: '2', action: 'mobile-bill', zh: '代缴手机费', en: 'To pay a mobile phone bill' },
    { key: '3', action: 'mobile-prepay', zh: '手机话费预存', en: 'To prepay mobile phone credit' },
    { key: '4', action: 'electricity-bill', zh: '代缴电费', en: 'To pay an electricity bill' },
    { key: '5', action: 'water-bill', zh: '代缴水费', en: 'To pay a water bill' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  // After choosing a bill: query what is owed, then pay.
  menu('menu.bill', [
    { key: '1', action: 'query', zh: '查询应缴费用', en: 'To check the amount due' },
    { key: '2', action: 'pay', zh: '缴费', en: 'To pay' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  menu('menu.info', [
    { key: '1', action: 'interest-rates', zh: '利率查询', en: 'For interest rates' },
    { key: '2', action: 'exchange-rates', zh: '汇率查询', en: 'For exchange rates' },
    { key: '3', action: 'introductions', zh: '业务介绍', en: 'For information about our services' },
    AGENT,
    BACK,
    REPEAT,
  ]),
  menu('menu.info.rates', [
    { key: '1', action: 'demand', zh: '活期存款利率', en: 'For demand deposit rates' },
    { key: '2', action: 'term', zh: '定期存款利率', en: 'For fixed-term deposit rates' },
    { key: '3', action: 'loan', zh: '贷款利率', en: 'For loan rates' },
    BACK,
    REPEAT,
  ]),
  menu('menu.info.fx', [
    { key: '1', action: 'USD', zh: '美元', en: 'For US dollars' },
    { key: '2', action: 'EUR', zh: '欧元', en: 'For euros' },
    { key: '3', action: 'JPY', zh: '日元', en: 'For Japanese yen' },
    { key: '4', action: 'HKD', zh: '港币', en: 'For Hong Kong dollars' },
    { key: '5', action: 'GBP', zh: '英镑', en: 'For British pounds' },
    { key: '6', action: 'AUD', zh: '澳大利亚元', en: 'For Australian dollars' },
    { key: '7', action: 'CAD', zh: '加拿大元', en: 'For Canadian dollars' },
    { key: '8', action: 'CHF', zh: '瑞士法郎', en: 'For Swiss francs' },
    { key: '9', action: 'SGD', zh: '新加坡元', en: 'For Singapore dollars' },
    BACK,
    REPEAT,
  ]),
  menu('menu.info.intro', [
    { key: '1', action: 'savings', zh: '储蓄业务介绍', en: 'About savings accounts' },
    { key: '2', action: 'card', zh: '银行卡业务介绍', en: 'About bank cards' },
    { key: '3', action: 'phone-banking', zh: '电话银行使用说明', en: 'About telephone banking' },
    { key: '4', action: 'payments', zh: '代缴费业务介绍', en: 'About bill payments' },
    BACK,
    REPEAT,
  ]),
  // Fax on demand: the documents a caller can receive by fax.
  menu('menu.fax', [
    { key: '1', action: 'deposit-rates', zh: '存款利率表', en: 'For the deposit interest rate table' },
    { key: '2', action: 'loan-rates', zh: '贷款利率表', en: 'For the loan interest rate table' },
    { key: '3', action: 'fx-rates', zh: '外汇牌价表', en: 'For the foreign exchange rate table' },
    { key: '4', action: 'fees', zh: '服务收费标准', en: 'For our schedule of fees' },
    { key: '5', action: 'forms', zh: '业务申请表', en: 'For application forms' },
    BACK,
    REPEAT,
  ]),
  menu('menu.confirm', [
    { key: '1', action: 'confirm', zh: '确认', en: 'To confirm' },
    { key: '2', action: 'retry', zh: '重新输入', en: 'To enter it again' },
    { key: '*', action: 'cancel', zh: '取消', en: 'To cancel' },
  ]),
  // Public customers' verbal loss report asks for the ID type and number
  // (contracted customers skip this).
  menu(
    'menu.id_type',
    [
      { key: '1', action: 'resident-id', zh: '居民身份证', en: 'For a resident identity card' },
      { key: '2', action: 'military-id', zh: '军官证', en: 'For a military officer card' },
      { key: '3', action: 'passport', zh: '护照', en: 'For a passport' },
      { key: '4', action: 'other', zh: '其他证件', en: 'For any other document' },
      BACK,
    ],
    { zh: '请选择证件类型：', en: 'Please choose your ID type.' },
  ),
  menu('menu.voicemail.review', [
    { key: '1', action: 'save', zh: '保存留言', en: 'To save your message' },
    { key: '2', action: 'listen', zh: '收听留言', en: 'To listen to your message' },
    { key: '3', action: 'rerecord', zh: '重新录音', en: 'To record it again' },
  ]),
  // While queueing for an agent.
  menu('menu.queue', [
    { key: '1', action: 'wait', zh: '继续等待', en: 'To keep waiting' },
    { key: '2', action: 'voicemail', zh: '留言', en: 'To leave a message' },
    { key: '*', action: 'main', zh: '返回主菜单', en: 'To return to the main menu' },
  ]),
  // After 'service.unavailable': offer an agent.
  menu('menu.unavailable', [
    { key: '0', action: 'agent', zh: '如需人工服务', en: 'To speak to an agent' },
    { key: '*', action: 'main', zh: '返回主菜单', en: 'To return to the main menu' },
  ]),
  menu('menu.survey', [
    { key: '1', action: 'very-satisfied', zh: '非常满意', en: 'If you were very satisfied' },
    { key: '2', action: 'satisfied', zh: '满意', en: 'If you were satisfied' },
    { key: '3', action: 'dissatisfied', zh: '不满意', en: 'If you were not satisfied' },
  ]),
] as const;
