import type { PageWriter } from '../../templates/layout';
import type { ClaimSheet } from '../core/ledger/claim-sheet';

const SOURCE_LABEL = { contract: '约定利率 contract rate', pboc_benchmark: '人民银行一年期贷款基准利率 PBOC benchmark', lpr: '一年期LPR 1-year LPR' } as const;

/**
 * Writes the claim calculation sheet (诉讼请求计算表) and the court fee next to it, for the
 * readiness report and the litigation packet alike.
 *
 * @example
 * writeClaimSheet(writer, sheet);
 */
export function writeClaimSheet(writer: PageWriter, sheet: ClaimSheet): void {
  writer.heading('诉讼请求计算表 Claim calculation sheet', 12);
  writer.fields(
    [
      ['本金 Principal', `${sheet.principal} ${sheet.currency}${sheet.tranches.length > 1 ? `（${sheet.tranches.length} 期 instalments: ${sheet.tranches.map((t) => `${t.dueDate} ${t.amount}`).join('；')}）` : ` · 到期 due ${sheet.tranches[0]?.dueDate ?? '—'}`}`],
      ['已付 Payments', sheet.payments.length ? `${sheet.paid}：${sheet.payments.map((p) => `${p.date} ${p.amount}`).join('；')}` : '无 none'],
      ['未付本金 Outstanding principal', `${sheet.outstandingPrincipal} ${sheet.currency}`],
      ['利息 Interest', sheet.interestUnavailable ? `未计 not claimed: ${sheet.interestUnavailable}` : `${sheet.interest} ${sheet.currency}，暂计至 to ${sheet.asOf}，此后计至实际清偿之日 and on until payment`],
      ['合计 Total claimed', `${sheet.total} ${sheet.currency}`],
    ],
    9,
  );
  if (sheet.segments.length > 0) {
    writer.table(
      [
        { title: '期间 Period', width: 0.26 },
        { title: '天数 Days', width: 0.09 },
        { title: '本金 Principal', width: 0.17 },
        { title: '年利率 Rate %', width: 0.12 },
        { title: '利率来源 Rate', width: 0.2 },
        { title: '利息 Interest', width: 0.16 },
      ],
      sheet.segments.map((s) => [`${s.from} – ${s.to}`, String(s.days), s.principal, s.annualRate, `${SOURCE_LABEL[s.rateSource]}${s.rateFixedOn ? ` (${s.rateFixedOn})` : ''}`, s.interest]),
      7.5,
    );
  }
  writer.paragraph(sheet.explanation.join(' '), { size: 7.5, grey: true });
  for (const warning of sheet.warnings) writer.paragraph(`注意 Warning: ${warning}`, { size: 7.5 });
  if (sheet.courtFee) {
    const fee = sheet.courtFee;
    writer.fields(
      [
        [
          '案件受理费 Court fee',
          `${fee.fee} CNY（${fee.procedure === 'summary' ? `简易程序减半 summary procedure, half of ${fee.fullFee}` : '普通程序 ordinary procedure'}；按 on ${fee.claimAmount}：50${fee.bands.map((b) => ` + ${b.part} × ${b.rate}`).join('')}）`,
        ],
        ['依据 Basis', fee.basis],
      ],
      9,
    );
  }
}
