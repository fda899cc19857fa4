import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { Problem } from '../../components/Problem';
import { useAsync } from '../../components/useAsync';
import { hasRole, useSession } from '../../session';
import type { Debt } from '../../types';
import { useManagementText } from './messages';
import './management.css';

/** The management fields a debt carries besides the file (see functions/core/management/debt-fields.ts). */
interface ManagedDebt extends Debt {
  unitId?: string;
  expectedRecoveryDate?: string;
  projectStage?: string;
  riskFlags?: string[];
}

const STAGES = ['in_progress', 'completed_pending_settlement', 'settled'];
const RISK_FLAGS = ['financial_difficulty', 'malicious_evasion', 'litigation_against_debtor', 'enforcement_list', 'contact_lost'];
const TEXT = {
  'zh-CN': {
    heading: '清欠管理信息',
    expectedRecovery: '预计收回时间',
    stage: '项目阶段',
    in_progress: '在建',
    completed_pending_settlement: '已完工待结算',
    settled: '已结算',
    financial_difficulty: '资金困难',
    malicious_evasion: '恶意逃债',
    litigation_against_debtor: '涉诉',
    enforcement_list: '被执行人',
    contact_lost: '失联',
  },
  en: {
    heading: 'Debt-clearing details',
    expectedRecovery: 'Expected recovery',
    stage: 'Project stage',
    in_progress: 'in progress',
    completed_pending_settlement: 'completed, pending settlement',
    settled: 'settled',
    financial_difficulty: 'financial difficulty',
    malicious_evasion: 'malicious evasion',
    litigation_against_debtor: 'litigation against the debtor',
    enforcement_list: 'on the enforcement list',
    contact_lost: 'contact lost',
  },
};

/**
 * The debt's unit, expected recovery time, project stage and debtor risk flags, which the aging
 * table, commissions and key-objects list read. Finance, admin and legal change them (PATCH with
 * If-Match); everyone else reads them.
 */
export function DebtManagementPanel({ debt, onChanged }: { debt: Debt; onChanged: () => void }) {
  const { m, locale } = useManagementText();
  const text = TEXT[locale] as Record<string, string>;
  const { user } = useSession();
  const d = debt as ManagedDebt;
  const edits = hasRole(user, 'finance', 'admin', 'legal') && d.status !== 'closed';
  const units = useAsync(() => api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/units'), []);
  const initial = () => ({ unitId: d.unitId ?? '', expectedRecoveryDate: d.expectedRecoveryDate ?? '', projectStage: d.projectStage ?? '', riskFlags: d.riskFlags ?? [] });
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<unknown>();
  useEffect(() => setForm(initial()), [d.version]);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api(
        'PATCH',
        `/v1/debts/${d.id}`,
        { unitId: form.unitId || null, expectedRecoveryDate: form.expectedRecoveryDate || null, projectStage: form.projectStage || null, riskFlags: form.riskFlags.length ? form.riskFlags : null },
        { 'if-match': `"${d.version}"` },
      );
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section aria-labelledby="debt-management-h">
      <h2 id="debt-management-h">{text.heading}</h2>
      <form class="filters" onSubmit={submit} aria-label={text.heading}>
        <label>
          {m('unit')}
          <select name="unitId" value={form.unitId} disabled={!edits} onChange={(e) => setForm({ ...form, unitId: e.currentTarget.value })}>
            <option value="">{m('noUnit')}</option>
            {units.data?.items.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.id} {unit.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text.expectedRecovery}
          <input type="date" name="expectedRecoveryDate" value={form.expectedRecoveryDate} disabled={!edits} onInput={(e) => setForm({ ...form, expectedRecoveryDate: e.currentTarget.value })} />
        </label>
        <label>
          {text.stage}
          <select name="projectStage" value={form.projectStage} disabled={!edits} onChange={(e) => setForm({ ...form, projectStage: e.currentTarget.value })}>
            <option value="">—</option>
            {STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {text[stage]}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{m('riskFlags')}</legend>
          {RISK_FLAGS.map((flag) => (
            <label key={flag}>
              <input
                type="checkbox"
                name="riskFlags"
                value={flag}
                disabled={!edits}
                checked={form.riskFlags.includes(flag)}
                onChange={(e) => setForm({ ...form, riskFlags: e.currentTarget.checked ? [...form.riskFlags, flag] : form.riskFlags.filter((f) => f !== flag) })}
              />{' '}
              {text[flag]}
            </label>
          ))}
        </fieldset>
        {edits && <button type="submit">{m('save')}</button>}
      </form>
      <Problem error={units.error ?? error} />
    </section>
  );
}
