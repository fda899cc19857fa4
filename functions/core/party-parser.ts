import { isValidUscc } from './uscc';

/**
 * Parties, their Unified Social Credit Codes and contract numbers, read from labelled lines:
 * `甲方(发包人):福州某某建设工程有限公司`, `Creditor: Fujian Example Co., Ltd.`,
 * `统一社会信用代码:91350100M000100Y43`, `合同编号:HT-2026-018`.
 *
 * This service keeps the file of the contractor / supplier, so the creditor is the party that
 * builds or supplies (乙方, 承包人, 供方, 卖方, seller, contractor) and the debtor the one that
 * orders and pays (甲方, 发包人, 需方, 买方, buyer, employer, owner).
 */
export type PartyRole = 'creditor' | 'debtor';

export interface FoundParty {
  role: PartyRole;
  name: string;
  /** The label as written (甲方, 发包人, Creditor…). */
  label: string;
}

const DEBTOR_LABELS = ['甲方', '发包人', '发包方', '需方', '买方', '债务人', '业主', '建设单位', '付款方', '欠款单位', 'debtor', 'buyer', 'employer', 'owner', 'purchaser', 'party a', 'client'];
const CREDITOR_LABELS = ['乙方', '承包人', '承包方', '供方', '卖方', '债权人', '施工单位', '收款方', '供应商', 'creditor', 'seller', 'contractor', 'supplier', 'vendor', 'party b'];

const LABEL = new RegExp(
  String.raw`^\s*(?<label>${[...DEBTOR_LABELS, ...CREDITOR_LABELS].map((l) => l.replace(' ', String.raw`\s+`)).join('|')})\s*(?:[(（][^)）]{1,12}[)）])?\s*(?:\(?(?:name|名称)\)?)?\s*[:：]\s*(?<name>.+)$`,
  'iu',
);
// Where a name stops: another field on the same line, a seal mark, or wide spacing.
const NAME_END = /\s{2,}.*$|\s*(?:统一社会信用代码|社会信用代码|信用代码|地址|住所|法定代表人|电话|联系人|USCC\b|Address\b|Tel\b).*$|\s*[(（](?:盖章|公章|签章|章|seal)[)）].*$/iu;

/**
 * The party named on a line, if the line is a party label with a name.
 *
 * @example
 * findParty('甲方(发包人):福州某某建设工程有限公司') // { role: 'debtor', name: '福州某某建设工程有限公司', label: '甲方' }
 */
export function findParty(line: string): FoundParty | undefined {
  if (typeof line !== 'string') return undefined;
  const match = LABEL.exec(line);
  if (!match?.groups) return undefined;
  const label = match.groups.label as string;
  const name = (match.groups.name as string).replace(NAME_END, '').replace(/[,，;；.。]+$/u, '').trim();
  // A label followed by nothing but blanks or underscores is a form not filled in.
  if (name.length < 2 || /^[_\s.]+$/u.test(name)) return undefined;
  const key = label.toLowerCase().replace(/\s+/gu, ' ');
  const role: PartyRole = DEBTOR_LABELS.includes(key) ? 'debtor' : 'creditor';
  return { role, name, label };
}

export interface FoundCode {
  value: string;
  text: string;
  /** Below 1 when OCR look-alikes (O for 0, I for 1…) had to be mapped back. */
  certainty: number;
}

// Letters OCR puts where the USCC alphabet (no I, O, S, V, Z) has a digit.
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1', Z: '2', S: '5', B: '8', G: '6' };

/**
 * Every valid USCC on a line (check character verified). Codes broken by OCR look-alikes are
 * repaired when exactly the repaired form validates.
 *
 * @example
 * findUsccCodes('统一社会信用代码:91350100M000100Y43').map((c) => c.value) // ['91350100M000100Y43']
 * findUsccCodes('信用代码 9135O1OOMOOO1OOY43').map((c) => c.value)       // ['91350100M000100Y43']
 */
export function findUsccCodes(line: string): FoundCode[] {
  if (typeof line !== 'string') return [];
  const found: FoundCode[] = [];
  for (const match of line.toUpperCase().matchAll(/(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])/gu)) {
    const text = match[0];
    if (isValidUscc(text)) {
      found.push({ value: text, text, certainty: 1 });
      continue;
    }
    // Positions 3–8 are the region code, all digits; elsewhere only I/O/S/V/Z are impossible.
    const repaired = [...text].map((char, i) => ((i >= 2 && i <= 7) || /[IOSVZ]/u.test(char) ? (LOOK_ALIKES[char] ?? char) : char)).join('');
    if (repaired !== text && isValidUscc(repaired)) found.push({ value: repaired, text, certainty: 0.8 });
  }
  return found;
}

const CONTRACT_NO = /(?:合同编号|合同号|协议编号|编号|contract\s*(?:no\.?|number|#)|agreement\s*no\.?)\s*[:：]?\s*(?<no>[A-Za-z0-9][A-Za-z0-9\-_/#()〔〕\[\]（）]{2,60})/iu;

/**
 * The contract number on a labelled line.
 *
 * @example
 * findContractNo('合同编号:HT-2026-018') // 'HT-2026-018'
 * findContractNo('Contract No. FZ/2026/7') // 'FZ/2026/7'
 */
export function findContractNo(line: string): string | undefined {
  if (typeof line !== 'string') return undefined;
  const no = CONTRACT_NO.exec(line)?.groups?.no;
  return no && /\d/u.test(no) ? no.replace(/[()（）]+$/u, '') : undefined;
}
