import { api } from '../api';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { formatAmount, formatInstant } from '../format';
import { useI18n } from '../i18n';

interface AgingRow {
  bucket: string;
  currency: string;
  debts: number;
  outstanding: string;
}

const BUCKET_NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  not_due: { 'zh-CN': '未到期', en: 'not due' },
  '1-90': { 'zh-CN': '1–90 天', en: '1–90 days' },
  '91-180': { 'zh-CN': '91–180 天', en: '91–180 days' },
  '181-365': { 'zh-CN': '181–365 天', en: '181–365 days' },
  '1-2y': { 'zh-CN': '1–2 年', en: '1–2 years' },
  '2-3y': { 'zh-CN': '2–3 年', en: '2–3 years' },
  'over-3y': { 'zh-CN': '3 年以上', en: 'over 3 years' },
  no_due_date: { 'zh-CN': '无到期日', en: 'no due date' },
};

/**
 * Finance: outstanding amounts by age as a bar chart (SVG, with the figures as text and in a
 * table, so the chart is not the only way to read them). Bar lengths are the one place amounts
 * become numbers, for drawing only.
 */
export function Aging() {
  const { t, locale } = useI18n();
  const report = useAsync(() => api<{ asOf: string; rows: AgingRow[] }>('GET', '/v1/reports/aging'), []);
  const rows = report.data?.rows ?? [];
  const largest = Math.max(1, ...rows.map((r) => Number(r.outstanding)));
  const barHeight = 28;
  return (
    <main>
      <h1>
        {t('agingTitle')} {report.data && <span class="muted">({formatInstant(report.data.asOf, locale)})</span>}
      </h1>
      <Problem error={report.error} />
      {rows.length === 0 && !report.loading && <p>{t('none')}</p>}
      {rows.length > 0 && (
        <svg class="chart" role="img" aria-label={t('agingTitle')} viewBox={`0 0 720 ${rows.length * (barHeight + 8)}`} width="100%">
          {rows.map((row, index) => {
            const width = (Number(row.outstanding) / largest) * 420;
            const y = index * (barHeight + 8);
            return (
              <g key={`${row.bucket}-${row.currency}`}>
                <text x="0" y={y + 19} font-size="14">{BUCKET_NAMES[row.bucket]?.[locale] ?? row.bucket}</text>
                <rect x="130" y={y} width={Math.max(2, width)} height={barHeight} class="bar" />
                <text x={140 + width} y={y + 19} font-size="13">{formatAmount(row.outstanding, row.currency)}</text>
              </g>
            );
          })}
        </svg>
      )}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('aging')}</th>
              <th scope="col" class="num">{t('debts')}</th>
              <th scope="col" class="num">{t('outstanding')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.bucket}-${row.currency}`}>
                <td>{BUCKET_NAMES[row.bucket]?.[locale] ?? row.bucket}</td>
                <td class="num">{t('debtsCount', { n: row.debts })}</td>
                <td class="num">{formatAmount(row.outstanding, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
