import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { formatAmount } from '../../format';
import { BAND_NAMES, BAND_ORDER, useManagementText } from './messages';

interface Cell {
  unitId: string;
  currency: string;
  band: string;
  debts: number;
  outstanding: string;
}
interface AgedDebt {
  debtId: string;
  debtorName: string;
  contractNo?: string;
  dueDate?: string;
  ageYears: number | null;
  outstanding: string;
  currency: string;
  expectedRecoveryDate?: string;
  collector?: string;
}

const YEAR_BANDS = ['0-1y', '1-2y', '2-3y', '3-4y', '4-5y', '5y+'];

/** Art. 5: outstanding by arrears unit and year band; each cell opens the debts behind it. */
export function AgingByUnit() {
  const { m, locale } = useManagementText();
  const report = useAsync(() => api<{ asOf: string; cells: Cell[] }>('GET', '/v1/management/aging'), []);
  const [selected, setSelected] = useState<{ unitId: string; band: string; currency: string } | undefined>();
  const details = useAsync(
    () => (selected ? api<{ items: AgedDebt[] }>('GET', `/v1/management/aging/details?${new URLSearchParams(selected)}`) : Promise.resolve({ items: [] })),
    [selected?.unitId, selected?.band, selected?.currency],
  );
  const cells = report.data?.cells ?? [];
  const bands = BAND_ORDER.filter((band) => YEAR_BANDS.includes(band) || cells.some((c) => c.band === band));
  const rows = [...new Set(cells.map((c) => `${c.unitId}\u0000${c.currency}`))].map((key) => key.split('\u0000') as [string, string]);
  return (
    <section aria-labelledby="aging-by-unit">
      <h2 id="aging-by-unit">{m('agingTab')}</h2>
      <Problem error={report.error} />
      {!report.loading && rows.length === 0 && <p>{m('none')}</p>}
      {rows.length > 0 && (
        <table class="aging-matrix">
          <thead>
            <tr>
              <th scope="col">{m('unit')}</th>
              {bands.map((band) => (
                <th scope="col" class="num" key={band}>
                  {BAND_NAMES[band]?.[locale] ?? band}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([unitId, currency]) => (
              <tr key={`${unitId}-${currency}`}>
                <th scope="row">
                  {unitId === '(none)' ? m('noUnit') : unitId} <span class="muted">{currency}</span>
                </th>
                {bands.map((band) => {
                  const cell = cells.find((c) => c.unitId === unitId && c.currency === currency && c.band === band);
                  return (
                    <td class="num" key={band}>
                      {cell ? (
                        <button type="button" class="link" onClick={() => setSelected({ unitId, band, currency })} aria-label={`${m('details')} ${unitId} ${BAND_NAMES[band]?.[locale] ?? band}`}>
                          {formatAmount(cell.outstanding)}
                          <br />
                          <span class="muted">
                            {cell.debts} {m('debts')}
                          </span>
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && (
        <div>
          <h3>
            {m('details')}: {selected.unitId === '(none)' ? m('noUnit') : selected.unitId} · {BAND_NAMES[selected.band]?.[locale] ?? selected.band}
          </h3>
          <Problem error={details.error} />
          <table data-testid="aging-details">
            <thead>
              <tr>
                <th scope="col">{m('debtor')}</th>
                <th scope="col">{m('dueDate')}</th>
                <th scope="col" class="num">{m('age')}</th>
                <th scope="col" class="num">{m('outstanding')}</th>
                <th scope="col">{m('expectedRecovery')}</th>
                <th scope="col">{m('collector')}</th>
              </tr>
            </thead>
            <tbody>
              {(details.data?.items ?? []).map((item) => (
                <tr key={item.debtId}>
                  <td>
                    <a href={`/debts/${item.debtId}`}>{item.debtorName}</a> {item.contractNo && <span class="muted">{item.contractNo}</span>}
                  </td>
                  <td>{item.dueDate ?? '—'}</td>
                  <td class="num">{item.ageYears ?? '—'}</td>
                  <td class="num">{formatAmount(item.outstanding, item.currency)}</td>
                  <td>{item.expectedRecoveryDate ?? '—'}</td>
                  <td>{item.collector ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
