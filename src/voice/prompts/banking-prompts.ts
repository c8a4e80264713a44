// Fixed prompts of the self-service banking functions (requirements.md
// "Self-service banking IVR", seed 1.5): what to enter, confirmations,
// results, authentication failures, rates and service introductions.
// Entry prompts tell the caller to finish with the pound key (#), which the
// digit collector treats as end of input; the star key is the decimal point
// in amounts and the letter X at the end of a resident ID number.

import { prompt } from './entry.js';

export const ENTRY_PROMPTS = [
  prompt('enter.account', '请输入您的存折账号，以井号键结束。', 'Please enter your passbook account number, followed by the pound key.'),
  prompt('enter.card', '请输入您的卡号，以井号键结束。', 'Please enter your card number, followed by the pound key.'),
  prompt('enter.card_pin', '请输入您的银行卡取款密码，以井号键结束。', 'Please enter your card PIN, followed by the pound key.'),
  prompt(
    'enter.passbook_password',
    '请输入您的存折取款密码，以井号键结束。',
    'Please enter your passbook withdrawal password, followed by the pound key.',
  ),
  prompt(
    'enter.short_account',
    '请输入您的单位短账号，以井号键结束。',
    "Please enter your company's short account number, followed by the pound key.",
  ),
  prompt('enter.query_password', '请输入您的查询密码，以井号键结束。', 'Please enter your query password, followed by the pound key.'),
  prompt('enter.old_password', '请输入原密码，以井号键结束。', 'Please enter your current password, followed by the pound key.'),
  prompt('enter.new_password', '请输入六位新密码，以井号键结束。', 'Please enter your new six-digit password, followed by the pound key.'),
  prompt('enter.new_password_again', '请再次输入新密码，以井号键结束。', 'Please enter the new password again, followed by the pound key.'),
  prompt(
    'enter.date',
    '请输入查询起始日期，共八位数字，例如二零二六年一月五日，请输入二零二六零一零五，以井号键结束。',
    'Please enter the start date as eight digits: year, month and day. For example, for January fifth, twenty twenty-six, enter two zero two six zero one zero five. Then press the pound key.',
  ),
  prompt(
    'enter.amount',
    '请输入金额，以元为单位，小数点请按星号键，以井号键结束。',
    'Please enter the amount in yuan, using the star key for the decimal point, followed by the pound key.',
  ),
  prompt(
    'enter.search_amount',
    '请输入要查找的交易金额，系统将查找与该金额相差不超过百分之五的交易，小数点请按星号键，以井号键结束。',
    'Please enter the transaction amount to search for. We will find transactions within five percent of it. Use the star key for the decimal point, followed by the pound key.',
  ),
  prompt(
    'enter.transfer_amount',
    '请输入转账金额，以元为单位，小数点请按星号键，以井号键结束。',
    'Please enter the amount to transfer in yuan, using the star key for the decimal point, followed by the pound key.',
  ),
  prompt(
    'enter.prepay_amount',
    '请输入预存金额，以元为单位，以井号键结束。',
    'Please enter the amount to prepay in whole yuan, followed by the pound key.',
  ),
  prompt(
    'enter.id_number',
    '请输入证件号码，最后一位是字母X的请按星号键代替，以井号键结束。',
    'Please enter your ID number. If it ends in the letter X, press the star key instead. Then press the pound key.',
  ),
  prompt(
    'enter.phone_number',
    '请输入固定电话号码，包括区号，以井号键结束。',
    'Please enter the fixed-line phone number including the area code, followed by the pound key.',
  ),
  prompt('enter.mobile_number', '请输入手机号码，以井号键结束。', 'Please enter the mobile phone number, followed by the pound key.'),
  prompt(
    'enter.utility_account',
    '请输入缴费通知单上的用户编号，以井号键结束。',
    'Please enter the customer number shown on your bill, followed by the pound key.',
  ),
  prompt('enter.payee_card', '请输入转入卡号，以井号键结束。', 'Please enter the card number to transfer to, followed by the pound key.'),
  prompt(
    'enter.payee_account',
    '请输入收款账号，以井号键结束。',
    'Please enter the account number to transfer to, followed by the pound key.',
  ),
] as const;

export const CONFIRM_PROMPTS = [
  // 'confirm.you_entered' + reading: 您输入的是… / You entered …
  prompt('confirm.you_entered', '您输入的是', 'You entered'),
  // 'confirm.transfer' + last digits + 'confirm.transfer.amount' + amount:
  // 您将向尾号为一二三四的账户转账五百元 / You are about to transfer to the account ending in one two three four the amount of five hundred yuan
  prompt('confirm.transfer', '您将向尾号为', 'You are about to transfer to the account ending in'),
  prompt('confirm.transfer.amount', '的账户转账', 'the amount of'),
  // 'confirm.payment' + amount
  prompt('confirm.payment', '本次缴费金额为', 'The payment amount is'),
  prompt('confirm.prepay', '本次预存金额为', 'The prepayment amount is'),
  prompt(
    'confirm.loss_report',
    '您将办理口头挂失，挂失后该账户将暂停支付。',
    'You are about to report this account lost. Payments from it will be stopped.',
  ),
] as const;

export const RESULT_PROMPTS = [
  // 'result.balance' + amount
  prompt('result.balance', '您的账户余额为', 'Your account balance is'),
  prompt('result.available_balance', '可用余额为', 'The available balance is'),
  prompt('result.tx.none', '没有查询到符合条件的交易明细。', 'No transactions were found.'),
  // 'result.tx.found' + count (笔): 共查询到三笔 / We found three transactions
  prompt('result.tx.found', '共查询到', 'We found'),
  prompt('result.tx.recent', '以下是您最近的交易明细，从最近一笔开始播报。', 'Here are your most recent transactions, newest first.'),
  prompt(
    'result.tx.from_date',
    '以下是自您输入的日期起的交易明细，从最早一笔开始播报。',
    'Here are your transactions from the date you entered, oldest first.',
  ),
  prompt('result.tx.by_amount', '以下是与您输入金额相近的交易明细。', 'Here are the transactions close to the amount you entered.'),
  // One transaction: ordinal + 'result.tx.on' + date + kind + amount + 'result.tx.balance_after' + amount:
  // 第一笔，于二零二六年十一月二十二日，存入三百元，余额五千元
  prompt('result.tx.on', '于', 'on'),
  prompt('result.tx.deposit', '存入', 'deposit of'),
  prompt('result.tx.withdrawal', '支取', 'withdrawal of'),
  prompt('result.tx.transfer_in', '转入', 'transfer in of'),
  prompt('result.tx.transfer_out', '转出', 'transfer out of'),
  prompt('result.tx.payment', '缴费', 'bill payment of'),
  prompt('result.tx.interest', '利息', 'interest of'),
  prompt('result.tx.fee', '手续费', 'fee of'),
  prompt('result.tx.balance_after', '余额', 'balance'),
  prompt('result.tx.end', '明细播报完毕。', 'That is the end of the list.'),
  prompt('result.amount_due', '您本期应缴金额为', 'The amount due is'),
  prompt('result.nothing_due', '您目前没有需要缴纳的费用。', 'There is nothing to pay at this time.'),
  prompt('result.payment.ok', '缴费成功。', 'Your payment was successful.'),
  prompt('result.payment.failed', '对不起，缴费未成功，请稍后再试。', 'Sorry, your payment was not completed. Please try again later.'),
  prompt('result.prepay.ok', '预存话费成功。', 'Your prepayment was successful.'),
  prompt('result.transfer.ok', '转账成功。', 'Your transfer was successful.'),
  prompt('result.transfer.failed', '对不起，转账未成功。', 'Sorry, your transfer was not completed.'),
  prompt('result.insufficient_funds', '对不起，您的账户余额不足。', 'Sorry, there are not enough funds in your account.'),
  prompt('result.password.changed', '密码修改成功，请牢记您的新密码。', 'Your password has been changed. Please remember your new password.'),
  prompt(
    'result.password.mismatch',
    '两次输入的新密码不一致，请重新输入。',
    'The two new passwords you entered do not match. Please try again.',
  ),
  prompt('result.password.same_as_old', '新密码不能与原密码相同。', 'The new password must be different from the current one.'),
  prompt('result.password.old_wrong', '原密码不正确。', 'The current password is incorrect.'),
  // Seed 1.5: when the bank turns password change off.
  prompt(
    'result.password.change_disabled',
    '电话银行暂不提供修改密码服务，请到银行柜台或ATM修改密码。',
    'Password changes are not available by phone. Please go to a branch counter or an ATM to change your password.',
  ),
  // Seed 1.5, word for word: the verbal loss report is provisional.
  prompt(
    'result.loss.ok',
    '口头挂失成功，务必请您再到银行柜台办理正式挂失业务。',
    'Your verbal loss report was successful. You must still visit a branch counter to make the formal loss report.',
  ),
  prompt(
    'result.loss.failed',
    '对不起，口头挂失未成功，请转人工服务或到银行柜台办理。',
    'Sorry, the loss report was not completed. Please speak to an agent or visit a branch counter.',
  ),
  prompt('result.loss.already', '该账户已经办理挂失。', 'This account has already been reported lost.'),
  prompt('result.id_mismatch', '您输入的证件信息与账户不符。', 'The ID details you entered do not match the account.'),
] as const;

export const AUTH_PROMPTS = [
  prompt('auth.password_wrong', '密码不正确。', 'The password is incorrect.'),
  // 'auth.attempts_left' + count (次) + 'auth.attempts_left.after': 您还有两次机会。/ You have two attempts left.
  prompt('auth.attempts_left', '您还有', 'You have'),
  prompt('auth.attempts_left.after', '机会。', 'left.'),
  prompt(
    'auth.locked',
    '密码错误次数过多，为保护您的账户安全，电话银行服务已暂停，请携带有效证件到银行柜台办理。',
    'For your security, telephone banking for this account has been locked after too many incorrect passwords. Please visit a branch counter with valid identification.',
  ),
  prompt('auth.account_not_found', '您输入的账号不正确，请核对后重新输入。', 'The account number you entered is not valid. Please check it and try again.'),
  prompt('auth.card_not_found', '您输入的卡号不正确，请核对后重新输入。', 'The card number you entered is not valid. Please check it and try again.'),
  prompt(
    'auth.account_restricted',
    '该账户状态异常，暂时无法办理此项业务，请到银行柜台咨询。',
    'This account cannot use this service at the moment. Please ask at a branch counter.',
  ),
] as const;

export const INFO_PROMPTS = [
  prompt(
    'rate.intro',
    '以下是本行当前人民币存款利率，仅供参考，以营业网点公告为准。',
    'Here are our current deposit interest rates, for reference only. The rates posted at our branches apply.',
  ),
  prompt(
    'rate.loan_intro',
    '以下是本行当前人民币贷款利率，仅供参考，以营业网点公告为准。',
    'Here are our current loan interest rates, for reference only. The rates posted at our branches apply.',
  ),
  // 'rate.demand' + 'rate.annual' + percent: 活期存款，年利率百分之零点二
  prompt('rate.demand', '活期存款，', 'Demand deposits,'),
  // 'rate.term' then per term: count (年/个月) + 'rate.annual' + percent
  prompt('rate.term', '整存整取定期存款，', 'Fixed-term deposits,'),
  prompt('rate.loan', '贷款，', 'Loans,'),
  prompt('rate.annual', '年利率', 'annual interest rate'),
  prompt('fx.intro', '以下是今日外汇牌价，仅供参考，以营业网点公告为准。', "Here are today's exchange rates, for reference only. The rates posted at our branches apply."),
  prompt(
    'intro.savings',
    '本行个人储蓄业务包括活期储蓄、整存整取、零存整取、定活两便和通知存款等品种，存取方便，利率按国家规定执行。详情请咨询营业网点。',
    'Our personal savings accounts include demand deposits, fixed-term deposits, regular savings plans and notice deposits, with easy deposits and withdrawals at the official rates. Please ask at any branch for details.',
  ),
  prompt(
    'intro.card',
    '本行借记卡可在全国联网的柜台、ATM和商户使用，可办理存取款、转账、消费和代缴费等业务；卡片丢失后请立即挂失。',
    'Our debit card can be used at branch counters, ATMs and shops across the country, for deposits, withdrawals, transfers, purchases and bill payments. If your card is lost, report it at once.',
  ),
  prompt(
    'intro.phone_banking',
    '电话银行为您提供全天候的账户查询、明细查询、传真对账单、口头挂失、转账和代缴费服务。签约客户可使用转账和代缴费功能，请携带有效证件到银行柜台办理签约。',
    'Telephone banking offers balance and transaction enquiries, faxed statements, verbal loss reports, transfers and bill payments, around the clock. Transfers and bill payments are for contracted customers: bring valid identification to a branch counter to sign up.',
  ),
  prompt(
    'intro.payments',
    '签约客户可通过电话银行查询和缴纳固定电话费、手机费、电费和水费，还可以为手机预存话费。',
    'Contracted customers can check and pay fixed-line phone, mobile phone, electricity and water bills by phone, and prepay mobile phone credit.',
  ),
  prompt(
    'help.savings',
    '查询余额和明细需要输入存折账号和取款密码；按日期查询明细时，请输入八位日期，系统将播报该日期起最多十笔明细；近日明细从最近一笔起最多播报十笔。',
    'Balance and transaction enquiries need your passbook account number and withdrawal password. For transactions from a date, enter an eight-digit date and we will read up to ten transactions from that date. Recent transactions reads up to ten, newest first.',
  ),
  prompt(
    'help.card',
    '使用银行卡业务前需要输入卡号和取款密码；查询明细、传真对账单和口头挂失的操作方法与存折业务相同。',
    'Card services start with your card number and PIN. Transactions, faxed statements and loss reports work the same way as for passbooks.',
  ),
] as const;
