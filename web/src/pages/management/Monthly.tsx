import { useState } from 'preact/hooks';
import { api, download, saveBlob } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { formatAmount } from '../../format';
import type { MonthlyRow, MonthlyStatistics } from '../../../../functions/core/management/monthly';
import { useManagementText } from './messages';

// The server's own types: a field added there reaches this screen's compiler.
type Row = MonthlyRow;
type Stats = MonthlyStatistics;

/**
 * Recovered year to date against the indicator, one bar per row (SVG drawn here: no chart
 * library for a handful of bars). The figures are in the table too; bar lengths are the only
 * place amounts become numbers.
 */
function CompletionChart({ rows, label }: { rows: Row[]; label: string }) {
  const { m } = useManagementText();
  const height = 26;
  const largest = Math.max(1, ...rows.map((r) => Math.max(Number(r.recoveredYearToDate), Number(r.target ?? 0))));
  return (
    <svg class="chart" role="img" aria-label={label} viewBox={`0 0 720 ${rows.length * (height + 10) + 4}`} width="100%">
      {rows.map((row, index) => {
        const y = index * (height + 10);
        const recovered = (Number(row.recoveredYearToDate) / largest) * 420;
        const target = row.target ? (Number(row.target) / largest) * 420 : 0;
        return (
          <g key={`${row.key}-${row.currency}`}>
            <text x="0" y={y + 18} font-size="13">
              {row.key === '(none)' ? m('noUnit') : row.key}
            </text>
            {row.target && <rect x="150" y={y} width={Math.max(2, target)} height={height} class="bar-target" fill="none" stroke="currentColor" stroke-dasharray="4 3" />}
            <rect x="150" y={y + 4} width={Math.max(2, recovered)} height={height - 8} class="bar" />
            <text x={160 + Math.max(recovered, target)} y={y + 18} font-size="12">
              {formatAmount(row.recoveredYearToDate)}
              {row.completionPercent !== null ? ` (${row.completionPercent}%)` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function StatsTable({ rows, keyLabel }: { rows: Row[]; keyLabel: string }) {
  const { m } = useManagementText();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col" class="num">{m('debtors')}</th>
          <th scope="col" class="num">{m('debts')}</th>
          <th scope="col" class="num">{m('outstanding')}</th>
          <th scope="col" class="num">{m('paymentsInMonth')}</th>
          <th scope="col" class="num">{m('recoveredInMonth')}</th>
          <th scope="col" class="num">{m('recoveredYtd')}</th>
          <th scope="col" class="num">{m('target')}</th>
          <th scope="col" class="num">{m('completion')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.key}-${row.currency}`}>
            <th scope="row">{row.key === '(none)' ? m('noUnit') : row.key}</th>
            <td class="num">{row.debtors}</td>
            <td class="num">{row.debts}</td>
            <td class="num">{formatAmount(row.outstanding, row.currency)}</td>
            <td class="num">{row.paymentsInMonth}</td>
            <td class="num">{formatAmount(row.recoveredInMonth)}</td>
            <td class="num">{formatAmount(row.recoveredYearToDate)}</td>
            <td class="num">{formatAmount(row.target)}</td>
            <td class="num">{row.completionPercent === null ? '—' : `${row.completionPercent}%`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Work plan (3): monthly statistics per unit and per person, with downloads. */
export function Monthly({ today }: { today: string }) {
  const { m, locale } = useManagementText();
  const [month, setMonth] = useState(today.slice(0, 7));
  const [shown, setShown] = useState(month);
  const stats = useAsync(() => api<Stats>('GET', `/v1/management/monthly?month=${shown}`), [shown]);
  const [downloadError, setDownloadError] = useState<unknown>();
  const save = async (format: 'xlsx' | 'csv') => {
    setDownloadError(undefined);
    try {
      saveBlob(await download(`/v1/management/monthly?month=${shown}&format=${format}&lang=${locale}`), `debt-clearing-${shown}.${format}`);
    } catch (error) {
      setDownloadError(error);
    }
  };
  const withTargets = (stats.data?.units ?? []).filter((r) => r.target !== null || Number(r.recoveredYearToDate) > 0);
  return (
    <section aria-labelledby="monthly">
      <h2 id="monthly">{m('monthlyTab')}</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(month);
        }}
      >
        <label>
          {m('month')}
          <input type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} required />
        </label>
        <button type="submit">{m('show')}</button>
        <button type="button" onClick={() => save('xlsx')}>
          {m('downloadXlsx')}
        </button>
        <button type="button" onClick={() => save('csv')}>
          {m('downloadCsv')}
        </button>
      </form>
      <Problem error={stats.error ?? downloadError} />
      {stats.data && (
        <>
          <h3>{m('chartTitle')}</h3>
          {withTargets.length > 0 ? <CompletionChart rows={withTargets} label={m('chartTitle')} /> : <p>{m('none')}</p>}
          <h3>{m('byUnit')}</h3>
          <StatsTable rows={stats.data.units} keyLabel={m('unit')} />
          <h3>{m('byPerson')}</h3>
          <StatsTable rows={stats.data.persons} keyLabel={m('person')} />
        </>
      )}
    </section>
  );
}
