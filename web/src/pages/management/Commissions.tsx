import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { formatAmount } from '../../format';
import { hasRole, useSession } from '../../session';
import { useManagementText } from './messages';

interface Line {
  paymentId: string;
  debtId: string;
  debtorName: string;
  paidOn: string;
  amount: string;
  ageYears: number;
  rate: string;
  commission: string;
  status: string;
  cancelReason?: string;
}
interface Statement {
  lines: Line[];
  totals: { recovered: string; earned: string; pending: string; cancelled: string };
  unevidenced: Array<{ paymentId: string; debtId: string; paidOn: string; amount: string }>;
}

/** The rate as a percentage or per mille, from its decimal string, for reading. */
function rateText(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const digits = (fraction + '000000').slice(0, 6);
  const perMille = `${Number(whole) * 1000 + Number(digits.slice(0, 3))}${digits.slice(3).replace(/0+$/, '') ? `.${digits.slice(3).replace(/0+$/, '')}` : ''}`;
  return Number(perMille) % 10 === 0 ? `${Number(perMille) / 10}%` : `${perMille}‰`;
}

/** Art. 6–7: a person's commission statement for a period; collectors see their own. */
export function Commissions({ today }: { today: string }) {
  const { m } = useManagementText();
  const { user } = useSession();
  const seesAll = hasRole(user, 'finance', 'admin', 'legal', 'auditor');
  const [query, setQuery] = useState({ person: seesAll ? '' : user.id, from: `${today.slice(0, 4)}-01-01`, to: today });
  const [shown, setShown] = useState(seesAll ? undefined : query);
  const statement = useAsync(() => (shown ? api<Statement>('GET', `/v1/management/commissions?${new URLSearchParams(shown)}`) : Promise.resolve(undefined)), [shown?.person, shown?.from, shown?.to]);
  return (
    <section aria-labelledby="commissions">
      <h2 id="commissions">{m('commissionsTab')}</h2>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setShown({ ...query });
        }}
      >
        <label>
          {m('person')}
          <input value={query.person} required readOnly={!seesAll} onInput={(e) => setQuery({ ...query, person: e.currentTarget.value })} />
        </label>
        <label>
          {m('from')}
          <input type="date" value={query.from} required onInput={(e) => setQuery({ ...query, from: e.currentTarget.value })} />
        </label>
        <label>
          {m('to')}
          <input type="date" value={query.to} required onInput={(e) => setQuery({ ...query, to: e.currentTarget.value })} />
        </label>
        <button type="submit">{m('show')}</button>
      </form>
      <Problem error={statement.error} />
      {statement.data && (
        <>
          <dl class="totals" data-testid="commission-totals">
            <dt>{m('recovered')}</dt>
            <dd>{formatAmount(statement.data.totals.recovered)}</dd>
            <dt>{m('earned')}</dt>
            <dd>{formatAmount(statement.data.totals.earned)}</dd>
            <dt>{m('pending')}</dt>
            <dd>{formatAmount(statement.data.totals.pending)}</dd>
            <dt>{m('cancelled')}</dt>
            <dd>{formatAmount(statement.data.totals.cancelled)}</dd>
          </dl>
          <table>
            <thead>
              <tr>
                <th scope="col">{m('debtor')}</th>
                <th scope="col">{m('paidOn')}</th>
                <th scope="col" class="num">{m('amount')}</th>
                <th scope="col" class="num">{m('age')}</th>
                <th scope="col" class="num">{m('rate')}</th>
                <th scope="col" class="num">{m('commission')}</th>
                <th scope="col">{m('state')}</th>
              </tr>
            </thead>
            <tbody>
              {statement.data.lines.map((line) => (
                <tr key={line.paymentId}>
                  <td>
                    <a href={`/debts/${line.debtId}`}>{line.debtorName}</a>
                  </td>
                  <td>{line.paidOn}</td>
                  <td class="num">{formatAmount(line.amount)}</td>
                  <td class="num">{line.ageYears}</td>
                  <td class="num">{rateText(line.rate)}</td>
                  <td class="num">{formatAmount(line.commission)}</td>
                  <td>
                    {m(line.status)}
                    {line.cancelReason && <div class="muted">{line.cancelReason}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {statement.data.unevidenced.length > 0 && (
            <>
              <h3>{m('unevidenced')}</h3>
              <ul>
                {statement.data.unevidenced.map((p) => (
                  <li key={p.paymentId}>
                    {p.paidOn} · {formatAmount(p.amount)} · <a href={`/debts/${p.debtId}`}>{p.debtId.slice(0, 8)}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
