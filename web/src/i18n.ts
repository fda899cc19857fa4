import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** zh-CN first, English too. Keys are English phrases' ids; both tables must have every key. */
const en = {
  appTitle: 'Evidence file',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signInAs: 'Sign in as a demo user',
  signInCognito: 'Sign in with your company account',
  language: 'Language',
  debts: 'Debts',
  newDebt: 'New debt',
  aging: 'Aging',
  verifyPdf: 'Verify a PDF',
  outbox: 'Outbox',
  debtor: 'Debtor',
  uscc: 'Unified Social Credit Code',
  project: 'Project',
  contractNo: 'Contract no.',
  principal: 'Principal',
  paid: 'Paid',
  outstanding: 'Outstanding',
  dueDate: 'Due date',
  status: 'Status',
  assignees: 'Assignees',
  collector: 'Collector',
  sales: 'Sales',
  legal: 'Legal',
  limitation: 'Limitation',
  expiresOn: 'Period ends',
  daysLeft: '{n} days left',
  expired: 'expired',
  noDueDate: 'no due date',
  filters: 'Filters',
  any: 'any',
  expiringWithinDays: 'Expiring within (days)',
  assignee: 'Assignee',
  apply: 'Apply',
  loadMore: 'Load more',
  none: 'Nothing here yet.',
  create: 'Create',
  save: 'Save',
  cancel: 'Cancel',
  summary: 'Summary',
  ledger: 'Ledger',
  documents: 'Documents',
  type: 'Type',
  title: 'Title',
  documentDate: 'Document date',
  file: 'File',
  size: 'Size',
  hash: 'SHA-256',
  extraction: 'Extraction',
  uploadedBy: 'Uploaded by',
  download: 'Download',
  void: 'Void',
  voided: 'void',
  voidReason: 'Reason for voiding',
  upload: 'Upload',
  dropHere: 'Drop a PDF, PNG, JPEG or TIFF here, or choose a file',
  chooseFile: 'Choose file',
  uploading: 'Uploading… {p}%',
  uploaded: 'Uploaded {name}',
  payment: 'Record a payment',
  amount: 'Amount',
  date: 'Date',
  reference: 'Reference',
  limitationEvent: 'Record a limitation event',
  eventType: 'Event',
  note: 'Note',
  audit: 'Audit trail',
  chainValid: 'Chain verified: {n} events, {b} files re-hashed, all intact',
  chainInvalid: 'Verification FAILED',
  export: 'Export (JSON Lines)',
  seq: 'No.',
  at: 'Time',
  actor: 'Actor',
  action: 'Action',
  subject: 'Subject',
  agingTitle: 'Outstanding by age',
  debtsCount: '{n} debts',
  notFound: 'Not found',
  back: 'Back',
  open: 'open',
  handed_off: 'handed off',
  closed: 'closed',
  required: 'required',
} as const;

type Messages = Record<keyof typeof en, string>;

const zh: Messages = {
  appTitle: '清欠证据档案',
  signIn: '登录',
  signOut: '退出',
  signInAs: '以演示用户登录',
  signInCognito: '使用公司账号登录',
  language: '语言',
  debts: '欠款',
  newDebt: '新建欠款',
  aging: '账龄',
  verifyPdf: '验证 PDF',
  outbox: '发件箱',
  debtor: '债务人',
  uscc: '统一社会信用代码',
  project: '项目',
  contractNo: '合同编号',
  principal: '本金',
  paid: '已付',
  outstanding: '未付余额',
  dueDate: '到期日',
  status: '状态',
  assignees: '负责人',
  collector: '清欠员',
  sales: '销售',
  legal: '法务',
  limitation: '诉讼时效',
  expiresOn: '时效届满日',
  daysLeft: '剩余 {n} 天',
  expired: '已届满',
  noDueDate: '无到期日',
  filters: '筛选',
  any: '全部',
  expiringWithinDays: '时效将在（天）内届满',
  assignee: '负责人',
  apply: '应用',
  loadMore: '加载更多',
  none: '暂无内容。',
  create: '创建',
  save: '保存',
  cancel: '取消',
  summary: '概况',
  ledger: '台账',
  documents: '证据文件',
  type: '类型',
  title: '标题',
  documentDate: '文件日期',
  file: '文件',
  size: '大小',
  hash: 'SHA-256',
  extraction: '信息提取',
  uploadedBy: '上传人',
  download: '下载',
  void: '作废',
  voided: '已作废',
  voidReason: '作废原因',
  upload: '上传',
  dropHere: '将 PDF、PNG、JPEG 或 TIFF 文件拖到此处，或选择文件',
  chooseFile: '选择文件',
  uploading: '上传中… {p}%',
  uploaded: '已上传 {name}',
  payment: '登记回款',
  amount: '金额',
  date: '日期',
  reference: '凭证号',
  limitationEvent: '登记时效事件',
  eventType: '事件',
  note: '备注',
  audit: '审计轨迹',
  chainValid: '链已验证：{n} 个事件，{b} 个文件重新校验，全部完好',
  chainInvalid: '验证失败',
  export: '导出（JSON Lines）',
  seq: '序号',
  at: '时间',
  actor: '操作人',
  action: '操作',
  subject: '对象',
  agingTitle: '按账龄的未付余额',
  debtsCount: '{n} 笔',
  notFound: '未找到',
  back: '返回',
  open: '进行中',
  handed_off: '已移交法务',
  closed: '已关闭',
  required: '必填',
};

export type MessageKey = keyof typeof en;
export type Locale = 'zh-CN' | 'en';
export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zh, en };

/** Names of document types and limitation events, in both languages. */
export const DOCUMENT_TYPE_NAMES: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    contract: '合同', visa: '签证', change_negotiation: '变更洽商', settlement: '结算', completion_acceptance: '竣工验收',
    invoice: '发票', payment_record: '付款凭证', visit_record: '走访记录', acknowledgement: '欠款确认函', demand_letter: '催款通知书',
    delivery_proof: '送达证明', responsibility_book: '清欠责任书', correspondence: '往来函件', court_filing: '诉讼文书',
  },
  en: {
    contract: 'Contract', visa: 'Site visa', change_negotiation: 'Change negotiation', settlement: 'Settlement', completion_acceptance: 'Completion acceptance',
    invoice: 'Invoice', payment_record: 'Payment record', visit_record: 'Visit record', acknowledgement: 'Acknowledgement', demand_letter: 'Demand letter',
    delivery_proof: 'Proof of delivery', responsibility_book: 'Responsibility book', correspondence: 'Correspondence', court_filing: 'Court filing',
  },
};

export const EVENT_TYPE_NAMES: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    demand: '催告', acknowledgement: '债务人承认', partial_payment: '部分履行', repayment_plan: '还款计划', suit_filed: '起诉',
    arbitration_filed: '申请仲裁', payment_order: '支付令', suspension_start: '中止开始', suspension_end: '中止结束',
  },
  en: {
    demand: 'Demand', acknowledgement: 'Acknowledgement', partial_payment: 'Partial payment', repayment_plan: 'Repayment plan', suit_filed: 'Suit filed',
    arbitration_filed: 'Arbitration filed', payment_order: 'Payment order', suspension_start: 'Suspension start', suspension_end: 'Suspension end',
  },
};

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  setLocale: (locale: Locale) => void;
}

export function translator(locale: Locale): I18n['t'] {
  return (key, vars = {}) => MESSAGES[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

export function initialLocale(): Locale {
  const saved = localStorage.getItem('evidence.locale');
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const I18nContext = createContext<I18n>({ locale: 'zh-CN', t: translator('zh-CN'), setLocale: () => undefined });

export const useI18n = (): I18n => useContext(I18nContext);
