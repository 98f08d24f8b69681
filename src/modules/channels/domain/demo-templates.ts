/**
 * The demo's message library: a pre-due reminder, an overdue notice, a payment confirmation and an
 * installment offer, in zh-CN and en, on SMS, WeChat, email and letter. Plain, factual, every
 * amount and date from a variable, the collector and the bank named, a way to reach the bank.
 */
import type { MessageChannel, TemplateLocale } from './template.js';

export type DemoTemplate = {
  templateId: string;
  locale: TemplateLocale;
  channel: MessageChannel;
  subject: string | null;
  body: string;
};

export const demoTemplates: DemoTemplate[] = [
  {
    templateId: 'pre-due-reminder-sms-zh',
    locale: 'zh-CN',
    channel: 'sms',
    subject: null,
    body: '【{{bank_name}}】尊敬的{{debtor_name}}，您尾号{{account_ref}}的账户本期应还{{amount_due}}，到期日为{{due_date}}。如已还款请忽略。咨询请致电{{bank_hotline}}。{{opt_out}}',
  },
  {
    templateId: 'pre-due-reminder-sms-en',
    locale: 'en',
    channel: 'sms',
    subject: null,
    body: '{{bank_name}}: Dear {{debtor_name}}, {{amount_due}} is due on {{due_date}} for account ending {{account_ref}}. Please ignore this if you have paid. Questions: {{bank_hotline}}. {{opt_out}}',
  },
  {
    templateId: 'overdue-notice-wechat-zh',
    locale: 'zh-CN',
    channel: 'wechat',
    subject: '逾期还款提醒',
    body: '尊敬的{{debtor_name}}，您尾号{{account_ref}}的账户截至{{due_date}}尚有{{amount_due}}未还。请尽快还款，如有困难可联系我们商量还款安排。工号{{collector_id}}，{{bank_name}}客服热线{{bank_hotline}}。',
  },
  {
    templateId: 'overdue-notice-email-en',
    locale: 'en',
    channel: 'email',
    subject: 'Your account ending {{account_ref}} is overdue',
    body: 'Dear {{debtor_name}},\n\nOur records show {{amount_due}} overdue on your account ending {{account_ref}} since {{due_date}}. Please pay at your earliest convenience. If you are having difficulty, call us on {{bank_hotline}} and we will discuss a repayment plan that works for you.\n\nCollector {{collector_id}}, {{bank_name}}\n\n{{opt_out}}',
  },
  {
    templateId: 'payment-confirmation-sms-zh',
    locale: 'zh-CN',
    channel: 'sms',
    subject: null,
    body: '【{{bank_name}}】{{debtor_name}}您好，我们已于{{paid_on}}收到您尾号{{account_ref}}账户的还款{{amount_paid}}，感谢您的配合。咨询请致电{{bank_hotline}}。',
  },
  {
    templateId: 'payment-confirmation-email-en',
    locale: 'en',
    channel: 'email',
    subject: 'Payment received: account ending {{account_ref}}',
    body: 'Dear {{debtor_name}},\n\nThank you. We received your payment of {{amount_paid}} on {{paid_on}} for your account ending {{account_ref}}.\n\n{{bank_name}}, {{bank_hotline}}',
  },
  {
    templateId: 'installment-offer-letter-zh',
    locale: 'zh-CN',
    channel: 'letter',
    subject: '分期还款方案',
    body: '尊敬的{{debtor_name}}：\n\n您尾号{{account_ref}}的账户目前应还{{amount_due}}。如您一次性还款有困难，本行可为您提供分{{installment_count}}期还款的方案，每期{{installment_amount}}。本方案有效期至{{offer_expires_on}}，如需办理请致电{{bank_hotline}}。\n\n{{bank_name}} 工号{{collector_id}}',
  },
  {
    templateId: 'installment-offer-letter-en',
    locale: 'en',
    channel: 'letter',
    subject: 'An installment plan for your account',
    body: 'Dear {{debtor_name}},\n\nYour account ending {{account_ref}} has {{amount_due}} due. If paying in one sum is difficult, we can offer {{installment_count}} monthly installments of {{installment_amount}}. This offer is open until {{offer_expires_on}}. To accept, or to talk about your circumstances, call {{bank_hotline}}.\n\n{{bank_name}}, collector {{collector_id}}',
  },
];
