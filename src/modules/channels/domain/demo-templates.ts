/**
 * The demo's message library, in families of one template per locale (zh-CN and en): the pre-due
 * reminder SMS, the overdue reminder SMS and the overdue notice letter the default strategy sends
 * (automated: they use only what an automated send can fill, no collector id), the overdue notice
 * on WeChat and email, a payment confirmation by SMS and email, and an installment offer letter.
 * Plain, factual, every amount and date from a variable, the bank named, a way to reach the bank.
 */
import type { MessageChannel, TemplateLocale } from './template.js';

export type DemoTemplate = {
  templateId: string;
  family: string;
  locale: TemplateLocale;
  channel: MessageChannel;
  subject: string | null;
  body: string;
};

export const demoTemplates: DemoTemplate[] = [
  {
    templateId: 'pre-due-reminder-sms-zh',
    family: 'pre-due-reminder-sms',
    locale: 'zh-CN',
    channel: 'sms',
    subject: null,
    body: '【{{bank_name}}】尊敬的{{debtor_name}}，您尾号{{account_ref}}的账户本期应还{{amount_due}}，到期日为{{due_date}}。如已还款请忽略。咨询请致电{{bank_hotline}}。{{opt_out}}',
  },
  {
    templateId: 'pre-due-reminder-sms-en',
    family: 'pre-due-reminder-sms',
    locale: 'en',
    channel: 'sms',
    subject: null,
    body: '{{bank_name}}: Dear {{debtor_name}}, {{amount_due}} is due on {{due_date}} for account ending {{account_ref}}. Please ignore this if you have paid. Questions: {{bank_hotline}}. {{opt_out}}',
  },
  {
    templateId: 'overdue-notice-wechat-zh',
    family: 'overdue-notice-wechat',
    locale: 'zh-CN',
    channel: 'wechat',
    subject: '逾期还款提醒',
    body: '尊敬的{{debtor_name}}，您尾号{{account_ref}}的账户截至{{due_date}}尚有{{amount_due}}未还。请尽快还款，如有困难可联系我们商量还款安排。工号{{collector_id}}，{{bank_name}}客服热线{{bank_hotline}}。',
  },
  {
    templateId: 'overdue-notice-email-en',
    family: 'overdue-notice-email',
    locale: 'en',
    channel: 'email',
    subject: 'Your account ending {{account_ref}} is overdue',
    body: 'Dear {{debtor_name}},\n\nOur records show {{amount_due}} overdue on your account ending {{account_ref}} since {{due_date}}. Please pay at your earliest convenience. If you are having difficulty, call us on {{bank_hotline}} and we will discuss a repayment plan that works for you.\n\nCollector {{collector_id}}, {{bank_name}}\n\n{{opt_out}}',
  },
  {
    templateId: 'payment-confirmation-sms-zh',
    family: 'payment-confirmation-sms',
    locale: 'zh-CN',
    channel: 'sms',
    subject: null,
    body: '【{{bank_name}}】{{debtor_name}}您好，我们已于{{paid_on}}收到您尾号{{account_ref}}账户的还款{{amount_paid}}，感谢您的配合。咨询请致电{{bank_hotline}}。',
  },
  {
    templateId: 'payment-confirmation-email-en',
    family: 'payment-confirmation-email',
    locale: 'en',
    channel: 'email',
    subject: 'Payment received: account ending {{account_ref}}',
    body: 'Dear {{debtor_name}},\n\nThank you. We received your payment of {{amount_paid}} on {{paid_on}} for your account ending {{account_ref}}.\n\n{{bank_name}}, {{bank_hotline}}',
  },
  {
    templateId: 'installment-offer-letter-zh',
    family: 'installment-offer-letter',
    locale: 'zh-CN',
    channel: 'letter',
    subject: '分期还款方案',
    body: '尊敬的{{debtor_name}}：\n\n您尾号{{account_ref}}的账户目前应还{{amount_due}}。如您一次性还款有困难，本行可为您提供分{{installment_count}}期还款的方案，每期{{installment_amount}}。本方案有效期至{{offer_expires_on}}，如需办理请致电{{bank_hotline}}。\n\n{{bank_name}} 工号{{collector_id}}',
  },
  {
    templateId: 'installment-offer-letter-en',
    family: 'installment-offer-letter',
    locale: 'en',
    channel: 'letter',
    subject: 'An installment plan for your account',
    body: 'Dear {{debtor_name}},\n\nYour account ending {{account_ref}} has {{amount_due}} due. If paying in one sum is difficult, we can offer {{installment_count}} monthly installments of {{installment_amount}}. This offer is open until {{offer_expires_on}}. To accept, or to talk about your circumstances, call {{bank_hotline}}.\n\n{{bank_name}}, collector {{collector_id}}',
  },
  {
    templateId: 'overdue-reminder-sms-zh',
    family: 'overdue-reminder-sms',
    locale: 'zh-CN',
    channel: 'sms',
    subject: null,
    body: '【{{bank_name}}】尊敬的{{debtor_name}}，您尾号{{account_ref}}的账户截至{{due_date}}尚有{{amount_due}}未还。请尽快还款；如有困难，请致电{{bank_hotline}}与我们商量还款安排。如已还款请忽略。{{opt_out}}',
  },
  {
    templateId: 'overdue-reminder-sms-en',
    family: 'overdue-reminder-sms',
    locale: 'en',
    channel: 'sms',
    subject: null,
    body: '{{bank_name}}: Dear {{debtor_name}}, {{amount_due}} on your account ending {{account_ref}} has been overdue since {{due_date}}. If paying is difficult, call {{bank_hotline}} to agree a plan. Please ignore this if you have paid. {{opt_out}}',
  },
  {
    templateId: 'overdue-notice-letter-zh',
    family: 'overdue-notice-letter',
    locale: 'zh-CN',
    channel: 'letter',
    subject: '逾期还款通知',
    body: '尊敬的{{debtor_name}}：\n\n根据本行记录，您尾号{{account_ref}}的账户自{{due_date}}起尚有{{amount_due}}逾期未还。请您尽快安排还款。\n\n如您目前还款有困难，请致电{{bank_hotline}}，我们可以与您商量分期或其他还款安排。如您已还款，请忽略本通知。\n\n{{bank_name}}',
  },
  {
    templateId: 'overdue-notice-letter-en',
    family: 'overdue-notice-letter',
    locale: 'en',
    channel: 'letter',
    subject: 'Your account ending {{account_ref}} is overdue',
    body: 'Dear {{debtor_name}},\n\nOur records show {{amount_due}} overdue on your account ending {{account_ref}} since {{due_date}}. Please arrange a payment as soon as you can.\n\nIf you are having difficulty paying, call us on {{bank_hotline}}: we can discuss an installment plan or another arrangement that works for you. If you have already paid, please ignore this letter.\n\n{{bank_name}}',
  },
  {
    templateId: 'overdue-notice-wechat-en',
    family: 'overdue-notice-wechat',
    locale: 'en',
    channel: 'wechat',
    subject: 'Overdue payment reminder',
    body: 'Dear {{debtor_name}}, {{amount_due}} on your account ending {{account_ref}} has been overdue since {{due_date}}. Please pay as soon as you can; if that is difficult, contact us to agree a plan. Collector {{collector_id}}, {{bank_name}} hotline {{bank_hotline}}.',
  },
  {
    templateId: 'overdue-notice-email-zh',
    family: 'overdue-notice-email',
    locale: 'zh-CN',
    channel: 'email',
    subject: '您尾号{{account_ref}}的账户已逾期',
    body: '尊敬的{{debtor_name}}：\n\n根据本行记录，您尾号{{account_ref}}的账户自{{due_date}}起尚有{{amount_due}}逾期未还。请您尽快还款。如有困难，请致电{{bank_hotline}}，我们将与您商量合适的还款安排。\n\n{{bank_name}} 工号{{collector_id}}\n\n{{opt_out}}',
  },
  {
    templateId: 'payment-confirmation-sms-en',
    family: 'payment-confirmation-sms',
    locale: 'en',
    channel: 'sms',
    subject: null,
    body: '{{bank_name}}: Dear {{debtor_name}}, we received your payment of {{amount_paid}} on {{paid_on}} for account ending {{account_ref}}. Thank you. Questions: {{bank_hotline}}.',
  },
  {
    templateId: 'payment-confirmation-email-zh',
    family: 'payment-confirmation-email',
    locale: 'zh-CN',
    channel: 'email',
    subject: '还款已收到：尾号{{account_ref}}的账户',
    body: '尊敬的{{debtor_name}}：\n\n感谢您的配合。我们已于{{paid_on}}收到您尾号{{account_ref}}账户的还款{{amount_paid}}。\n\n{{bank_name}}，客服热线{{bank_hotline}}',
  },
];
