/**
 * The simulator's demo customers (see docs/demo-customers.md). The PINs and passwords here are
 * the SIMULATOR's published demo credentials; they are hashed when the bank is seeded and
 * never kept in clear in its state. Balances are the balances today; the history that leads
 * to them is generated from the seed (seed-bank.ts).
 */
import type { AccountKind, BillType, IdType } from '../gateway/core-banking.js';
import type { AccountStatus, RecentContactRecord, Segment } from './bank-state.js';

export type HistoryStyle = 'salaried' | 'modest' | 'wealthy' | 'corporate';

export interface DemoAccount {
  number: string;
  kind: AccountKind;
  password: string;
  /** Yuan, as a bank clerk would write it; converted to fen on seeding. */
  balanceYuan: string;
  status?: AccountStatus;
  shortNumber?: string;
  history: HistoryStyle;
}

export interface DemoBill {
  type: BillType;
  billAccount: string;
  payee: string;
  /** Unpaid amounts in yuan for the last months, oldest first; empty = nothing owed. */
  owedYuan: string[];
}

export interface DemoCustomer {
  id: string;
  kind: 'personal' | 'corporate';
  name: string;
  idType: IdType;
  idNumber: string;
  city: string;
  segment: Segment;
  vip: boolean;
  phones: string[];
  signed?: { number: string; password: string };
  accounts: DemoAccount[];
  bills?: DemoBill[];
  recentContacts: RecentContactRecord[];
}

export const demoCustomers: DemoCustomer[] = [
  {
    id: 'C0001',
    kind: 'personal',
    name: '张伟',
    idType: 'resident_id',
    idNumber: '110101198001011234',
    city: '北京',
    segment: 'mass',
    vip: false,
    phones: ['13811112222'],
    accounts: [
      { number: '1001200030004001', kind: 'passbook', password: '123456', balanceYuan: '12345.67', history: 'salaried' },
      { number: '6222020000000001', kind: 'card', password: '111111', balanceYuan: '5200.00', history: 'modest' },
    ],
    recentContacts: [{ daysAgo: 12, channel: 'phone', summary: '咨询定期存款利率' }],
  },
  {
    id: 'C0002',
    kind: 'personal',
    name: '李娜',
    idType: 'resident_id',
    idNumber: '320102198507154321',
    city: '南京',
    segment: 'mass',
    vip: false,
    phones: ['13822223333'],
    accounts: [
      { number: '1001200030004002', kind: 'passbook', password: '654321', balanceYuan: '30000.00', status: 'frozen', history: 'modest' },
      { number: '6222020000000002', kind: 'card', password: '222222', balanceYuan: '860.00', status: 'lost', history: 'modest' },
    ],
    recentContacts: [{ daysAgo: 3, channel: 'branch', summary: '银行卡挂失' }],
  },
  {
    id: 'C0003',
    kind: 'personal',
    name: '王芳',
    idType: 'resident_id',
    idNumber: '31010119920515567X',
    city: '上海',
    segment: 'mass',
    vip: false,
    phones: ['13833334444'],
    accounts: [{ number: '6222020000000003', kind: 'card', password: '333333', balanceYuan: '88.50', history: 'modest' }],
    recentContacts: [],
  },
  {
    id: 'C0004',
    kind: 'personal',
    name: '陈静',
    idType: 'resident_id',
    idNumber: '440103197811224567',
    city: '广州',
    segment: 'private',
    vip: true,
    phones: ['13900139000', '02088886666'],
    signed: { number: '88000001', password: '24681357' },
    accounts: [
      { number: '6222020000000004', kind: 'card', password: '444444', balanceYuan: '86000.00', history: 'wealthy' },
      { number: '6222020000000005', kind: 'card', password: '555555', balanceYuan: '3000.00', history: 'modest' },
      { number: '1001200030004004', kind: 'passbook', password: '246810', balanceYuan: '200000.00', history: 'wealthy' },
    ],
    bills: [
      { type: 'fixed_line', billAccount: '02088886666', payee: '中国电信', owedYuan: ['58.00', '61.50'] },
      { type: 'mobile', billAccount: '13900139000', payee: '中国移动', owedYuan: ['128.00'] },
      { type: 'electricity', billAccount: '0201234567', payee: '国家电网', owedYuan: [] },
      { type: 'water', billAccount: '2001234567', payee: '自来水公司', owedYuan: ['45.30'] },
    ],
    recentContacts: [
      { daysAgo: 2, channel: 'phone', summary: '咨询理财产品到期' },
      { daysAgo: 20, channel: 'branch', summary: '办理大额存单' },
    ],
  },
  {
    id: 'C0005',
    kind: 'personal',
    name: '杨磊',
    idType: 'resident_id',
    idNumber: '510104199003033456',
    city: '成都',
    segment: 'affluent',
    vip: false,
    phones: ['13700137000'],
    signed: { number: '88000002', password: '13572468' },
    accounts: [{ number: '6222020000000006', kind: 'card', password: '666666', balanceYuan: '1500.00', history: 'salaried' }],
    bills: [
      { type: 'mobile', billAccount: '13700137000', payee: '中国联通', owedYuan: ['158.00'] },
      { type: 'fixed_line', billAccount: '02866668888', payee: '中国电信', owedYuan: ['2300.00'] },
    ],
    recentContacts: [{ daysAgo: 7, channel: 'mobile_app', summary: '修改手机银行登录密码' }],
  },
  {
    id: 'C0006',
    kind: 'personal',
    name: '赵敏',
    idType: 'passport',
    idNumber: 'E12345678',
    city: '上海',
    segment: 'private',
    vip: true,
    phones: ['13500135000'],
    signed: { number: '88000003', password: '11223344' },
    accounts: [{ number: '6222020000000007', kind: 'card', password: '777777', balanceYuan: '1250000.00', history: 'wealthy' }],
    bills: [{ type: 'electricity', billAccount: '0211234567', payee: '国家电网', owedYuan: ['312.40'] }],
    recentContacts: [
      { daysAgo: 1, channel: 'phone', summary: '投诉：转账到账慢' },
      { daysAgo: 9, channel: 'phone', summary: '预约私人银行经理' },
    ],
  },
  {
    id: 'C0007',
    kind: 'personal',
    name: '刘洋',
    idType: 'resident_id',
    idNumber: '440106199512128888',
    city: '广州',
    segment: 'mass',
    vip: false,
    phones: ['13612345678'],
    accounts: [{ number: '6222021234567890123', kind: 'card', password: '135790', balanceYuan: '2468.00', history: 'salaried' }],
    recentContacts: [],
  },
  {
    id: 'K0001',
    kind: 'corporate',
    name: '北京天禾商贸有限公司',
    idType: 'other',
    idNumber: '91110105MA01ABCD2X',
    city: '北京',
    segment: 'corporate',
    vip: true,
    phones: ['01065551234'],
    accounts: [
      {
        number: '110060149018000123456',
        kind: 'corporate',
        password: '888888',
        shortNumber: '80001',
        balanceYuan: '2356789.00',
        history: 'corporate',
      },
    ],
    recentContacts: [{ daysAgo: 4, channel: 'branch', summary: '开通对公电话银行' }],
  },
  {
    id: 'K0002',
    kind: 'corporate',
    name: '上海明远科技有限公司',
    idType: 'other',
    idNumber: '91310115MA1HXYZ12Q',
    city: '上海',
    segment: 'corporate',
    vip: false,
    phones: ['02150501234'],
    accounts: [
      {
        number: '310066726018000456789',
        kind: 'corporate',
        password: '12345678',
        shortNumber: '80002',
        balanceYuan: '45600.00',
        history: 'corporate',
      },
    ],
    recentContacts: [],
  },
];

/**
 * Fixed corporate transactions for "find by amount" (12,000.00 yuan ±5%: 11,400.00-12,600.00
 * match), dated `daysAgo` before today.
 */
export const byAmountAnchors: { daysAgo: number; yuan: string; summary: string; counterparty: string }[] = [
  { daysAgo: 5, yuan: '12000.00', summary: '货款', counterparty: '天津华北物流有限公司' },
  { daysAgo: 12, yuan: '-11600.00', summary: '付材料款', counterparty: '河北钢联贸易有限公司' },
  { daysAgo: 20, yuan: '12580.00', summary: '货款', counterparty: '山东鲁中食品有限公司' },
  { daysAgo: 33, yuan: '-13000.00', summary: '付运费', counterparty: '天津华北物流有限公司' },
];
