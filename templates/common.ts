import Decimal from 'decimal.js';
import { z } from 'zod';
import { toChineseUppercase } from '../functions/core/chinese-amount';
import type { DocumentType } from '../functions/core/document-types';
import { CURRENCIES, type Currency, formatMoney, moneySchema, sumMoney } from '../functions/core/money';
import { legalDateSchema } from '../functions/core/legal-date';
import { partySchema } from '../functions/core/schemas';
import type { PageWriter } from './layout';

/** The languages every template is written in. */
export type Language = 'zh-CN' | 'en';

/** Who signs, as printed under a signature box. */
export interface SignerLine {
  name: string;
  organization?: string;
  title?: string;
}

/** What a template needs besides its data. */
export interface RenderContext {
  signers: SignerLine[];
  /** Printed in every footer: the signing request the document belongs to. */
  reference?: string;
}

/**
 * A document template (DESIGN §9): its data schema (published as JSON Schema), a valid example,
 * and how it is written on the page. Amounts are printed from the data, in figures and in
 * Chinese uppercase, never typed twice.
 */
export interface TemplateDefinition<Schema extends z.ZodType = z.ZodType> {
  /** `<kind>.<language>`, e.g. `visit-record.zh-CN`. */
  id: string;
  title: string;
  language: Language;
  documentType: DocumentType;
  /** The limitation event a document signed by the debtor supports (DESIGN §7). */
  limitationEvent?: 'demand' | 'acknowledgement';
  schema: Schema;
  example: z.input<Schema>;
  /** The date the document speaks for (visit date, letter date…), as YYYY-MM-DD. */
  documentDate(data: z.output<Schema>): string;
  write(writer: PageWriter, data: z.output<Schema>, context: RenderContext): void;
}

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
export const money = moneySchema;
export const date = legalDateSchema;
export const currency = z.enum(CURRENCIES).default('CNY');
export const party = partySchema;
export type Party = z.output<typeof partySchema>;
/** The fields of a document between creditor and debtor about one project and contract. */
export const caseFields = { creditor: party, debtor: party, project: text(300).optional(), contractNo: text(100).optional() };

const CURRENCY_NAMES: Record<Currency, { zh: string; symbol: string }> = {
  CNY: { zh: '人民币', symbol: '¥' },
  USD: { zh: '美元', symbol: 'US$' },
  EUR: { zh: '欧元', symbol: '€' },
  GBP: { zh: '英镑', symbol: '£' },
  HKD: { zh: '港币', symbol: 'HK$' },
};

/**
 * An amount in figures with thousands separators.
 *
 * @example
 * figures('1234567.89') // '1,234,567.89'
 */
export function figures(amount: string): string {
  const [integer, fraction] = new Decimal(amount).toFixed(2).split('.') as [string, string];
  return `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/**
 * An amount in figures and in uppercase, as a sentence fragment in the document's language.
 *
 * @example
 * amountText('zh-CN', '100.00', 'CNY') // '人民币 ¥100.00 元（大写：人民币壹佰元整）'
 */
export function amountText(language: Language, amount: string, code: Currency): string {
  const name = CURRENCY_NAMES[code];
  const upper = `${name.zh}${toChineseUppercase(amount)}`;
  return language === 'zh-CN' ? `${name.zh} ${name.symbol}${figures(amount)} 元（大写：${upper}）` : `${code} ${figures(amount)} (in Chinese capitals: ${upper})`;
}

/** A short amount for table cells: figures only. */
export function amountCell(amount: string): string {
  return figures(amount);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A legal date as written in the document's language.
 *
 * @example
 * dateText('zh-CN', '2026-11-29') // '2026年11月29日'
 * dateText('en', '2026-11-29')    // '29 November 2026'
 */
export function dateText(language: Language, value: string): string {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return language === 'zh-CN' ? `${year}年${month}月${day}日` : `${day} ${MONTHS[month - 1]} ${year}`;
}

/** A party's name with its USCC and address, as label/value rows. */
export function partyRows(language: Language, label: string, value: Party): Array<[string, string]> {
  const rows: Array<[string, string]> = [[label, value.name]];
  if (value.uscc) rows.push([language === 'zh-CN' ? '统一社会信用代码' : 'USCC', value.uscc]);
  if (value.address) rows.push([language === 'zh-CN' ? '地址' : 'Address', value.address]);
  return rows;
}

const CASE_LABELS = {
  'zh-CN': { creditor: '债权人', debtor: '债务人', project: '工程项目', contractNo: '合同编号' },
  en: { creditor: 'Creditor', debtor: 'Debtor', project: 'Project', contractNo: 'Contract no.' },
};

/** The rows that open a document between creditor and debtor: parties, project, contract. */
export function caseRows(language: Language, data: { creditor: Party; debtor: Party; project?: string | undefined; contractNo?: string | undefined }): Array<[string, string]> {
  const l = CASE_LABELS[language];
  return [
    ...partyRows(language, l.creditor, data.creditor),
    ...partyRows(language, l.debtor, data.debtor),
    ...(data.project ? [[l.project, data.project] as [string, string]] : []),
    ...(data.contractNo ? [[l.contractNo, data.contractNo] as [string, string]] : []),
  ];
}

/** The signature boxes at the end of a document, one per signer in signing order. */
export function signatureSection(writer: PageWriter, language: Language, signers: SignerLine[]): void {
  writer.heading(language === 'zh-CN' ? '签字' : 'Signatures');
  writer.signatureBoxes(
    signers.map((signer, index) => ({
      label: language === 'zh-CN' ? `签字人 ${index + 1}（签字）：` : `Signer ${index + 1} (signature):`,
      lines: [
        signer.name,
        ...(signer.organization || signer.title ? [[signer.organization, signer.title].filter(Boolean).join(language === 'zh-CN' ? '　' : ', ')] : []),
        language === 'zh-CN' ? '日期：' : 'Date:',
      ],
    })),
  );
}

/** The footer of every page: title, page x of y, reference. */
export function footer(language: Language, title: string, reference?: string) {
  return (page: number, pages: number) =>
    language === 'zh-CN'
      ? `${title}　第 ${page} 页 / 共 ${pages} 页${reference ? `　编号 ${reference}` : ''}`
      : `${title} · page ${page} of ${pages}${reference ? ` · ref. ${reference}` : ''}`;
}

/** Sums money strings exactly. */
export function total(values: string[]): string {
  return formatMoney(sumMoney(values));
}
