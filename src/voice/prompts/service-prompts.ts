// Fixed prompts around the banking functions: greeting, language choice,
// input errors, service availability, agents and queueing, voicemail, fax,
// line test, satisfaction survey, goodbye.
// Prompts that are followed by a reading (a number, a duration) end without
// a full stop; the flow appends the tokens and, where needed, the `.after` id.

import { prompt, tone } from './entry.js';

export const GREETING_PROMPTS = [
  prompt('welcome', '您好，欢迎致电电话银行。', 'Hello, and welcome to telephone banking.'),
  // Played as zh 'lang.choose.zh' then en 'lang.choose.en': each offer in its own language.
  prompt('lang.choose.zh', '普通话服务请按一。', 'For Mandarin, press one.'),
  prompt('lang.choose.en', '英语服务请按二。', 'For English, press two.'),
  prompt('goodbye', '感谢您的来电，再见。', 'Thank you for calling. Goodbye.'),
  prompt('wait.processing', '正在为您办理，请稍候。', 'One moment please, while we process your request.'),
  prompt(
    'help.general',
    '使用电话银行时，输入账号、密码、日期或金额后请按井号键结束；在任何菜单中按星号键返回上级菜单，按井号键重听，按零转人工服务。为了您的资金安全，请不要向任何人透露您的密码。',
    'When using telephone banking, finish each account number, password, date or amount with the pound key. In any menu, press the star key to go back, the pound key to hear the options again, or zero for an agent. For your security, never tell anyone your password.',
  ),
] as const;

export const INPUT_PROMPTS = [
  prompt('input.invalid', '您的输入有误，请重新输入。', 'Sorry, that entry is not valid. Please try again.'),
  prompt('input.timeout', '对不起，您没有按键。', 'Sorry, we did not receive your entry.'),
  prompt('input.too_many_errors', '您的输入错误次数过多。', 'You have made too many invalid entries.'),
  prompt('input.date_invalid', '您输入的日期不正确，请重新输入。', 'The date you entered is not valid. Please try again.'),
  prompt('input.amount_invalid', '您输入的金额不正确，请重新输入。', 'The amount you entered is not valid. Please try again.'),
] as const;

export const SERVICE_PROMPTS = [
  prompt(
    'service.unavailable',
    '对不起，该项服务暂时无法使用，请稍后再试。',
    'Sorry, this service is temporarily unavailable. Please try again later.',
  ),
  prompt(
    'service.not_signed',
    '您尚未开通此项服务，请携带有效证件到银行柜台办理签约。',
    'This service is not enabled for your account. Please bring valid identification to a branch counter to sign up.',
  ),
] as const;

export const AGENT_PROMPTS = [
  prompt('agent.transfer', '正在为您转接人工服务，请稍候。', 'Please hold while we transfer you to an agent.'),
  prompt('agent.off_hours', '对不起，现在是非人工服务时间。', 'Sorry, our agents are not available at this time.'),
  prompt('agent.no_answer', '对不起，座席人员暂时无法接听。', 'Sorry, no agent is able to take your call right now.'),
  prompt('queue.all_busy', '座席人员正忙，请您稍候。', 'All our agents are busy. Please hold.'),
  // 'queue.position' + number + 'queue.position.after': 您现在排在第三位。/ You are caller number three in the queue.
  prompt('queue.position', '您现在排在第', 'You are caller number'),
  prompt('queue.position.after', '位。', 'in the queue.'),
  // 'queue.expected_wait' + duration: 预计等待时间约三分钟 / The expected waiting time is about three minutes
  prompt('queue.expected_wait', '预计等待时间约', 'The expected waiting time is about'),
  prompt(
    'queue.thanks',
    '感谢您的耐心等待，我们将尽快为您服务。',
    'Thank you for waiting. An agent will be with you as soon as possible.',
  ),
  // An outbound call answered when no agent is free (the abandon-rate "safe" message): short, says who called.
  prompt(
    'outbound.safe_message',
    '您好，这里是电话银行，稍后我们会再与您联系，谢谢。',
    'Hello, this is your bank calling. We will call you again shortly. Thank you.',
  ),
] as const;

export const VOICEMAIL_PROMPTS = [
  prompt(
    'voicemail.intro',
    '请在听到提示音后开始留言，留言完毕请按井号键或直接挂机。',
    'Please leave your message after the tone. When you have finished, press the pound key or hang up.',
  ),
  prompt(
    'voicemail.off_hours',
    '现在是非工作时间，请您留言，我们将在工作时间内与您联系。',
    'Our office is now closed. Please leave a message and we will call you back during business hours.',
  ),
  prompt(
    'voicemail.saved',
    '您的留言已保存，我们的工作人员将尽快与您联系，谢谢。',
    'Your message has been saved. Our staff will call you back as soon as possible. Thank you.',
  ),
  prompt('voicemail.empty', '对不起，没有录到您的留言。', 'Sorry, no message was recorded.'),
  tone('tone.beep', 1000, 400, '（提示音）', '(beep)'),
] as const;

export const FAX_PROMPTS = [
  prompt(
    'fax.enter_number',
    '请输入接收传真的号码，包括区号，以井号键结束；用本机接收请直接按井号键。',
    'Please enter the fax number to send to, including the area code, followed by the pound key. To receive the fax on this line, just press the pound key.',
  ),
  prompt(
    'fax.press_start',
    '请按传真机的开始键接收传真。',
    'Please press the start button on your fax machine to receive the fax.',
  ),
  prompt('fax.sending', '正在发送传真，请不要挂机。', 'Sending your fax. Please do not hang up.'),
  prompt('fax.sent', '传真发送完毕，谢谢。', 'Your fax has been sent. Thank you.'),
  prompt('fax.failed', '对不起，传真发送失败，请稍后再试。', 'Sorry, the fax could not be sent. Please try again later.'),
  prompt(
    'fax.number_not_allowed',
    '对不起，不能向您输入的号码发送传真。',
    'Sorry, we cannot send a fax to the number you entered.',
  ),
  prompt(
    'fax.will_call',
    '传真将发送到您输入的号码，请注意接收。',
    'We will send the fax to the number you entered. Please be ready to receive it.',
  ),
  prompt(
    'fax.statement_limit',
    '传真对账单最多包含自起始日期起的一百笔明细。',
    'The faxed statement lists up to one hundred transactions from the start date.',
  ),
] as const;

export const LINE_TEST_PROMPTS = [
  prompt(
    'linetest.intro',
    '线路测试。请按任意键，系统将读出您所按的键；挂机即可结束测试。',
    'Line test. Press any key and the system will read it back. Hang up to end the test.',
  ),
  // 'linetest.pressed' + key: 您按的是五 / You pressed five
  prompt('linetest.pressed', '您按的是', 'You pressed'),
] as const;

export const SURVEY_PROMPTS = [
  prompt('survey.intro', '请您对刚才的服务进行评价。', 'Please rate the service you have just received.'),
  prompt('survey.thanks', '感谢您的评价，再见。', 'Thank you for your feedback. Goodbye.'),
] as const;
