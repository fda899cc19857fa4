import { useState } from 'preact/hooks';
import { api } from '../api';
import { ReadinessBadge } from '../components/DebtPanels';
import { LimitationCountdown } from '../components/Limitation';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { formatAmount } from '../format';
import { type MessageKey, useI18n } from '../i18n';
import { hasRole, useSession } from '../session';
import type { Debt, Page } from '../types';

/** Readiness re-hashes a debt's files, so rows ask for it a few at a time. */
const readinessQueue = (() => {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T,>(task: () => Promise<T>): Promise<T> => {
    if (running >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
})();

function RowReadiness({ debtId }: { debtId: string }) {
  const report = useAsync(() => readinessQueue(() => api<{ ready: boolean; score: number }>('GET', `/v1/debts/${debtId}/readiness`)), [debtId]);
  return report.data ? <ReadinessBadge ready={report.data.ready} score={report.data.score} /> : <span class="muted">…</span>;
}

interface Filters {
  status: string;
  expiringWithinDays: string;
  assignee: string;
}

function query(filters: Filters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

/** Debts in the user's scope, with filters, limitation countdown and readiness. */
export function DebtsList() {
  const { t } = useI18n();
  const { user } = useSession();
  const [filters, setFilters] = useState<Filters>({ status: '', expiringWithinDays: '', assignee: '' });
  const [applied, setApplied] = useState(filters);
  const [more, setMore] = useState<{ items: Debt[]; cursor?: string }>({ items: [] });
  const first = useAsync(async () => {
    const page = await api<Page<Debt>>('GET', `/v1/debts?${query(applied)}`);
    setMore({ items: [], ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
    return page;
  }, [applied]);
  const items = [...(first.data?.items ?? []), ...more.items];

  async function loadMore() {
    if (!more.cursor) return;
    const page = await api<Page<Debt>>('GET', `/v1/debts?${query(applied, more.cursor)}`);
    setMore({ items: [...more.items, ...page.items], ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
  }

  return (
    <main>
      <h1>{t('debts')}</h1>
      <form
        class="filters"
        aria-label={t('filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <label>
          {t('status')}
          <select value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value })}>
            <option value="">{t('any')}</option>
            {(['open', 'handed_off', 'closed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('expiringWithinDays')}
          <input type="number" min={0} value={filters.expiringWithinDays} onInput={(e) => setFilters({ ...filters, expiringWithinDays: e.currentTarget.value })} />
        </label>
        {hasRole(user, 'admin', 'finance', 'legal', 'auditor') && (
          <label>
            {t('assignee')}
            <input value={filters.assignee} placeholder="collector-1" onInput={(e) => setFilters({ ...filters, assignee: e.currentTarget.value })} />
          </label>
        )}
        <button type="submit">{t('apply')}</button>
      </form>
      <Problem error={first.error} />
      {items.length === 0 && !first.loading ? (
        <p>{t('none')}</p>
      ) : (
        <table class="debts">
          <thead>
            <tr>
              <th scope="col">{t('debtor')}</th>
              <th scope="col">{t('project')}</th>
              <th scope="col" class="num">{t('outstanding')}</th>
              <th scope="col">{t('limitation')}</th>
              <th scope="col">{t('readiness')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((debt) => (
              <tr key={debt.id}>
                <td>
                  <a href={`/debts/${debt.id}`}>{debt.debtor.name}</a>
                </td>
                <td>{debt.project?.name ?? '—'}</td>
                <td class="num">{formatAmount(debt.ledger.outstanding, debt.currency)}</td>
                <td>
                  <LimitationCountdown limitation={debt.limitation} />
                </td>
                <td>
                  <RowReadiness debtId={debt.id} />
                </td>
                <td>{t(debt.status as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more.cursor && (
        <button type="button" onClick={() => void loadMore()}>
          {t('loadMore')}
        </button>
      )}
    </main>
  );
}
