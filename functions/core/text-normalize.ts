/**
 * Clean-up of a line of extracted text before the field parsers read it. OCR and PDF text layers
 * give full-width digits and punctuation (１２３，４５６．００), letters spaced out one by one
 * (人 民 币 1 2 3 元) and odd spaces; the parsers want one plain form.
 */

const FULL_WIDTH_START = 0xff01;
const FULL_WIDTH_END = 0xff5e;

/**
 * Full-width ASCII (！ to ～) to ASCII, ideographic space to a space, and ideographic punctuation
 * that plays the same role (：，．（）, and 〈〉〔〕 that OCR reads for brackets) to its ASCII twin. ￥ is
 * kept: it names the currency.
 *
 * @example
 * toHalfWidth('１２３，４５６．００') // '123,456.00'
 */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (char === '￥') out += char;
    else if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) out += String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (char === '〈' || char === '〔') out += '(';
    else if (char === '〉' || char === '〕') out += ')';
    else if (char === '。' && /\d/.test(out.at(-1) ?? '')) out += '.';
    else if (char === '、' && /\d/.test(out.at(-1) ?? '')) out += ',';
    else out += char;
  }
  return out;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * Undoes letter spacing: when most space-separated tokens of a line are single characters
 * (`人 民 币 1 2 3 , 4 5 6 . 0 0 元`), the spaces between single characters are dropped. Spaces
 * between two CJK characters are dropped everywhere: Chinese has no word spaces.
 *
 * @example
 * collapseSpacing('人 民 币 1 2 3 4 . 0 0 元') // '人民币1234.00元'
 */
export function collapseSpacing(text: string): string {
  const tokens = text.trim().split(/\s+/u).filter(Boolean);
  const single = tokens.filter((token) => [...token].length === 1).length;
  let out = text;
  if (tokens.length >= 4 && single / tokens.length >= 0.6) {
    out = tokens.reduce((line, token, i) => {
      const previous = tokens[i - 1];
      const glue = i === 0 || ([...token].length === 1 && previous !== undefined && [...previous].length === 1) ? '' : ' ';
      return line + glue + token;
    }, '');
  }
  // Two passes so that runs like 甲 方 ： 某 collapse fully.
  for (let pass = 0; pass < 2; pass++) {
    out = out.replace(/(\S)[ \t]+(?=\S)/gu, (match, before: string, offset: number) => {
      const after = out[offset + match.length] ?? '';
      return CJK.test(before) && (CJK.test(after) || /[：:（(]/u.test(after)) ? before : match;
    });
  }
  // Wide gaps are kept (as two spaces): they separate columns.
  return out.replace(/\t/gu, '  ').replace(/ {3,}/gu, '  ').trim();
}

/**
 * The normal form the field parsers read: half-width, spacing collapsed.
 *
 * @example
 * normalizeLine('合 同 总 价 ：￥１,０００.００') // '合同总价:￥1,000.00'
 */
export function normalizeLine(text: string): string {
  if (typeof text !== 'string') return '';
  return collapseSpacing(toHalfWidth(text.normalize('NFC')));
}

/** True when the text is mostly Chinese (used to route scans: Textract reads no Chinese). */
export function isMostlyChinese(text: string): boolean {
  let cjk = 0;
  let latin = 0;
  for (const char of text) {
    if (CJK.test(char)) cjk++;
    else if (/[A-Za-z]/.test(char)) latin++;
  }
  // A Chinese character carries about a word; Latin letters come five or so to a word.
  return cjk > 0 && cjk * 5 >= latin;
}
