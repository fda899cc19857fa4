import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { formatAmount } from '../../format';
import { hasRole, useSession } from '../../session';
import { useManagementText } from './messages';

interface Unit {
  id: string;
  name: string;
  kind: string;
  parentId?: string;
}
interface Indicator {
  unitId: string;
  target: string;
  persons: Array<{ userId: string; target: string }>;
}
interface Rates {
  bands: Array<{ fromYears: number; rate: string }>;
  completedPendingRate: string;
}

/** Organisation units, the year's task indicators decomposed to persons, and the commission rates. */
export function Setup({ today }: { today: string }) {
  const { m } = useManagementText();
  const { user } = useSession();
  const manages = hasRole(user, 'finance', 'admin');
  const year = today.slice(0, 4);
  const units = useAsync(() => api<{ items: Unit[] }>('GET', '/v1/units'), []);
  const indicators = useAsync(() => api<{ items: Indicator[] }>('GET', `/v1/management/indicators/${year}`), [year]);
  const rates = useAsync(() => api<Rates>('GET', '/v1/management/commission-rates'), []);
  const [unit, setUnit] = useState({ id: '', name: '', kind: 'subsidiary', parentId: '' });
  const [indicator, setIndicator] = useState({ unitId: '', target: '', persons: '' });
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<unknown>, after: () => void) => {
    setError(undefined);
    try {
      await action();
      after();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="setup">
      <h2 id="setup">{m('units')}</h2>
      <Problem error={units.error ?? error} />
      <table data-testid="units">
        <thead>
          <tr>
            <th scope="col">{m('unitId')}</th>
            <th scope="col">{m('unitName')}</th>
            <th scope="col">{m('kind')}</th>
            <th scope="col">{m('parent')}</th>
          </tr>
        </thead>
        <tbody>
          {units.data?.items.map((u) => (
            <tr key={u.id}>
              <td>{u.id}</td>
              <td>{u.name}</td>
              <td>{m(u.kind)}</td>
              <td>{u.parentId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages && (
        <form
          class="filters"
          aria-label={m('addUnit')}
          onSubmit={(event) => {
            event.preventDefault();
            run(
              () => api('POST', '/v1/units', { id: unit.id, name: unit.name, kind: unit.kind, ...(unit.parentId ? { parentId: unit.parentId } : {}) }),
              () => {
                setUnit({ id: '', name: '', kind: 'subsidiary', parentId: '' });
                units.reload();
              },
            );
          }}
        >
          <label>
            {m('unitId')}
            <input value={unit.id} required onInput={(e) => setUnit({ ...unit, id: e.currentTarget.value })} />
          </label>
          <label>
            {m('unitName')}
            <input value={unit.name} required onInput={(e) => setUnit({ ...unit, name: e.currentTarget.value })} />
          </label>
          <label>
            {m('kind')}
            <select value={unit.kind} onChange={(e) => setUnit({ ...unit, kind: e.currentTarget.value })}>
              {['company', 'subsidiary', 'project_department'].map((kind) => (
                <option key={kind} value={kind}>
                  {m(kind)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {m('parent')}
            <input value={unit.parentId} onInput={(e) => setUnit({ ...unit, parentId: e.currentTarget.value })} />
          </label>
          <button type="submit">{m('addUnit')}</button>
        </form>
      )}

      <h2>
        {m('indicators')} {year}
      </h2>
      <table data-testid="indicators">
        <thead>
          <tr>
            <th scope="col">{m('unit')}</th>
            <th scope="col" class="num">{m('target')}</th>
            <th scope="col">{m('person')}</th>
          </tr>
        </thead>
        <tbody>
          {indicators.data?.items.map((i) => (
            <tr key={i.unitId}>
              <td>{i.unitId}</td>
              <td class="num">{formatAmount(i.target)}</td>
              <td>{i.persons.map((p) => `${p.userId} ${formatAmount(p.target)}`).join('; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {manages && (
        <form
          class="filters"
          aria-label={m('indicators')}
          onSubmit={(event) => {
            event.preventDefault();
            const persons = indicator.persons
              .split(',')
              .map((entry) => entry.trim())
              .filter(Boolean)
              .map((entry) => {
                const [userId = '', target = ''] = entry.split(':').map((s) => s.trim());
                return { userId, target };
              });
            run(
              () => api('PUT', `/v1/management/indicators/${year}/${encodeURIComponent(indicator.unitId)}`, { target: indicator.target, persons }),
              () => {
                setIndicator({ unitId: '', target: '', persons: '' });
                indicators.reload();
              },
            );
          }}
        >
          <label>
            {m('unit')}
            <input value={indicator.unitId} required onInput={(e) => setIndicator({ ...indicator, unitId: e.currentTarget.value })} />
          </label>
          <label>
            {m('target')}
            <input value={indicator.target} required onInput={(e) => setIndicator({ ...indicator, target: e.currentTarget.value })} />
          </label>
          <label>
            {m('personsTargets')}
            <input value={indicator.persons} placeholder="collector-1:600000.00" onInput={(e) => setIndicator({ ...indicator, persons: e.currentTarget.value })} />
          </label>
          <button type="submit">{m('save')}</button>
        </form>
      )}

      <h2>{m('rates')}</h2>
      <Problem error={rates.error} />
      {rates.data && (
        <table data-testid="rates">
          <thead>
            <tr>
              <th scope="col">{m('fromYears')}</th>
              <th scope="col" class="num">{m('rate')}</th>
            </tr>
          </thead>
          <tbody>
            {rates.data.bands.map((band) => (
              <tr key={band.fromYears}>
                <td>{band.fromYears}</td>
                <td class="num">{band.rate}</td>
              </tr>
            ))}
            <tr>
              <td>{m('completedPendingRate')}</td>
              <td class="num">{rates.data.completedPendingRate}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
