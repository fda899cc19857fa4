import ExcelJS from 'exceljs';
import type { MonthlyRow, MonthlyStatistics } from '../../core/management/monthly';

export type ReportLanguage = 'zh-CN' | 'en';

const HEADERS: Record<ReportLanguage, { unit: string; person: string; columns: string[]; sheets: [string, string]; title: (month: string) => string }> = {
  'zh-CN': {
    unit: '单位',
    person: '责任人',
    columns: ['币种', '户数', '笔数', '月末欠款余额', '本月回收笔数', '本月回收金额', '本年累计回收', '年度清欠指标', '指标完成率(%)'],
    sheets: ['按单位', '按责任人'],
    title: (month) => `清欠工作月度统计 ${month}`,
  },
  en: {
    unit: 'Unit',
    person: 'Responsible person',
    columns: ['Currency', 'Debtors', 'Debts', 'Outstanding at month end', 'Payments this month', 'Recovered this month', 'Recovered year to date', 'Annual indicator', 'Completion (%)'],
    sheets: ['By unit', 'By person'],
    title: (month) => `Debt clearing monthly statistics ${month}`,
  },
};

const MONEY_FORMAT = '#,##0.00';

function cells(row: MonthlyRow): Array<string | number | null> {
  // XLSX has no decimal type: amounts go in as numbers (exact to the cent at these magnitudes) so
  // the sheet can sum them; the JSON and CSV keep the exact decimal strings.
  return [
    row.key,
    row.currency,
    row.debtors,
    row.debts,
    Number(row.outstanding),
    row.paymentsInMonth,
    Number(row.recoveredInMonth),
    Number(row.recoveredYearToDate),
    row.target === null ? null : Number(row.target),
    row.completionPercent === null ? null : Number(row.completionPercent),
  ];
}

/**
 * The monthly statistics as an XLSX workbook: one sheet per unit, one per responsible person.
 *
 * @example
 * const bytes = await monthlyWorkbook(stats, 'zh-CN'); // opens in Excel, WPS and LibreOffice
 */
export async function monthlyWorkbook(stats: MonthlyStatistics, language: ReportLanguage): Promise<Uint8Array> {
  const labels = HEADERS[language];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Evidence file service';
  for (const [index, rows] of [stats.units, stats.persons].entries()) {
    const sheet = workbook.addWorksheet(labels.sheets[index]);
    sheet.addRow([labels.title(stats.month)]).font = { bold: true, size: 14 };
    sheet.addRow([index === 0 ? labels.unit : labels.person, ...labels.columns]).font = { bold: true };
    for (const row of rows) sheet.addRow(cells(row));
    for (const column of [5, 7, 8, 9]) sheet.getColumn(column).numFmt = MONEY_FORMAT;
    sheet.getColumn(10).numFmt = '0.00';
    sheet.columns.forEach((column) => (column.width = 16));
    sheet.views = [{ state: 'frozen', ySplit: 2 }];
    // One page wide when printed, as the monthly report goes to the finance department on paper.
    sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * The monthly statistics as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese), units
 * then persons, with a `level` column; amounts as exact decimal strings.
 *
 * @example
 * const text = await monthlyCsv(stats, 'en');
 */
export async function monthlyCsv(stats: MonthlyStatistics, language: ReportLanguage): Promise<string> {
  const labels = HEADERS[language];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('csv');
  sheet.addRow(['level', 'key', ...labels.columns]);
  for (const [level, rows] of [['unit', stats.units], ['person', stats.persons]] as const) {
    for (const row of rows) {
      sheet.addRow([level, row.key, row.currency, row.debtors, row.debts, row.outstanding, row.paymentsInMonth, row.recoveredInMonth, row.recoveredYearToDate, row.target ?? '', row.completionPercent ?? '']);
    }
  }
  const buffer = await workbook.csv.writeBuffer({ sheetName: 'csv' });
  return `\uFEFF${Buffer.from(buffer).toString('utf8')}`;
}
