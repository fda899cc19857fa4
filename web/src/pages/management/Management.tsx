import { useState } from 'preact/hooks';
import { hasRole, useSession } from '../../session';
import { AgingByUnit } from './AgingByUnit';
import { Books } from './Books';
import { Commissions } from './Commissions';
import { KeyObjects } from './KeyObjects';
import { useManagementText } from './messages';
import { Monthly } from './Monthly';
import { Setup } from './Setup';
import './management.css';

const TABS = ['aging', 'monthly', 'books', 'commissions', 'keyObjects', 'setup'] as const;
type Tab = (typeof TABS)[number];

/** Today in Asia/Shanghai, the company's calendar, as YYYY-MM-DD. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * 清欠管理: the company's debt-clearing measures. Finance, admin, legal and auditors see every tab;
 * collectors their responsibility books and commissions.
 */
export function Management() {
  const { m } = useManagementText();
  const { user } = useSession();
  const readsAll = hasRole(user, 'finance', 'admin', 'legal', 'auditor');
  const tabs = TABS.filter((tab) => readsAll || tab === 'books' || tab === 'commissions');
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'books');
  const date = today();
  return (
    <main>
      <h1>{m('title')}</h1>
      <div role="tablist" class="tabs" aria-label={m('title')}>
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} class={tab === id ? 'active' : ''} onClick={() => setTab(id)}>
            {m(`${id}Tab`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'aging' && <AgingByUnit />}
        {tab === 'monthly' && <Monthly today={date} />}
        {tab === 'books' && <Books />}
        {tab === 'commissions' && <Commissions today={date} />}
        {tab === 'keyObjects' && <KeyObjects />}
        {tab === 'setup' && <Setup today={date} />}
      </div>
    </main>
  );
}
