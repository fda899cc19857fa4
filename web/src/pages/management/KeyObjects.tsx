import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { formatAmount } from '../../format';
import { useManagementText } from './messages';

interface KeyObject {
  debtId: string;
  unitId: string;
  debtorName: string;
  outstanding: string;
  currency: string;
  ageYears: number | null;
  limitationDaysLeft: number | null;
  projectKind: string | null;
  riskFlags: string[];
  readiness: { score: number; failing: string[] };
  handoff: string;
  score: number;
}

const RISK_FLAGS = ['financial_difficulty', 'malicious_evasion', 'litigation_against_debtor', 'enforcement_list', 'contact_lost'];
const EMPTY = { unitId: '', minAgeYears: '', minOutstanding: '', limitationWithinDays: '', projectKind: '', riskFlag: '', handoff: '' };

/** Work plan (4): debts ranked for collection, with a filter per factor, and legal's handoff queue. */
export function KeyObjects() {
  const { m } = useManagementText();
  const [filters, setFilters] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const [queue, setQueue] = useState(false);
  const list = useAsync(() => {
    if (queue) return api<{ items: KeyObject[] }>('GET', '/v1/management/legal-queue');
    const params = new URLSearchParams(Object.entries(applied).filter(([, value]) => value !== ''));
    return api<{ items: KeyObject[] }>('GET', `/v1/management/key-objects?${params}`);
  }, [queue, JSON.stringify(applied)]);
  const input = (name: keyof typeof EMPTY, label: string, type: 'text' | 'number' = 'text') => (
    <label>
      {label}
      {type === 'number' ? (
        <input type="number" min={0} value={filters[name]} onInput={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })} />
      ) : (
        <input type="text" value={filters[name]} onInput={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })} />
      )}
    </label>
  );
  const select = (name: keyof typeof EMPTY, label: string, options: string[]) => (
    <label>
      {label}
      <select value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })}>
        <option value="">{m('any')}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {m(option)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="key-objects">
      <h2 id="key-objects">{queue ? m('legalQueue') : m('keyObjectsTab')}</h2>
      <label>
        <input type="checkbox" checked={queue} onChange={(e) => setQueue(e.currentTarget.checked)} /> {m('legalQueue')}
      </label>
      {!queue && (
        <form
          class="filters"
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(filters);
          }}
        >
          {input('unitId', m('unit'))}
          {input('minAgeYears', m('minAgeYears'), 'number')}
          {input('minOutstanding', m('minOutstanding'))}
          {input('limitationWithinDays', m('limitationWithinDays'), 'number')}
          {select('projectKind', m('projectKind'), ['government', 'real_estate', 'other'])}
          {select('riskFlag', m('riskFlags'), RISK_FLAGS)}
          {select('handoff', m('handoff'), ['ready', 'nearly_ready', 'not_ready'])}
          <button type="submit">{m('show')}</button>
        </form>
      )}
      <Problem error={list.error} />
      {list.data?.items.length === 0 && <p>{m('none')}</p>}
      {(list.data?.items.length ?? 0) > 0 && (
        <table data-testid="key-objects">
          <thead>
            <tr>
              <th scope="col" class="num">{m('score')}</th>
              <th scope="col">{m('debtor')}</th>
              <th scope="col">{m('unit')}</th>
              <th scope="col" class="num">{m('outstanding')}</th>
              <th scope="col" class="num">{m('age')}</th>
              <th scope="col" class="num">{m('limitationDays')}</th>
              <th scope="col">{m('projectKind')}</th>
              <th scope="col">{m('riskFlags')}</th>
              <th scope="col" class="num">{m('readiness')}</th>
              <th scope="col">{m('handoff')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((item) => (
              <tr key={item.debtId}>
                <td class="num">{item.score}</td>
                <td>
                  <a href={`/debts/${item.debtId}`}>{item.debtorName}</a>
                </td>
                <td>{item.unitId === '(none)' ? m('noUnit') : item.unitId}</td>
                <td class="num">{formatAmount(item.outstanding, item.currency)}</td>
                <td class="num">{item.ageYears ?? '—'}</td>
                <td class="num">{item.limitationDaysLeft ?? '—'}</td>
                <td>{item.projectKind ? m(item.projectKind) : '—'}</td>
                <td>{item.riskFlags.join(', ') || '—'}</td>
                <td class="num" title={item.readiness.failing.join(', ')}>
                  {item.readiness.score}
                </td>
                <td>{m(item.handoff)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
